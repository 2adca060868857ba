// Questions about paths asked in several places: is this path strictly inside that folder; is a
// value written in a settings or story file a web address, or a path to a file under public/?
import path from "node:path";

/** The path of `child` relative to `parent` with "/" separators, if `child` is strictly below it. */
export function pathInside(parent: string, child: string): string | undefined {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : undefined;
}

/** "https://…" or "http://…" with a host: a link a reader can click or an image a browser loads, never a script. */
export function isWebAddress(value: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(value);
}

/** "/img/a.jpg" or "img/a.jpg": a file under public/; no scheme, no way up. */
export function isSitePath(value: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value) && !/[\0-\x1f\\]|(^|\/)\.\.?(\/|$)/.test(value);
}
