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

/** Where a file named by its public/ path ("/img/a.jpg") is, under public/ and in the output: "img/a.jpg". */
export function publicRoute(sitePath: string): string {
  return sitePath.replace(/^\/+/, "");
}

/**
 * A route that stays inside the output folder, or undefined. Refuses "..", ".", backslashes,
 * NUL and other control characters, escaped dots, slashes and NULs (a server may decode them),
 * and absolute paths, rather than repairing them.
 */
export function safeRoute(route: string): string | undefined {
  const trimmed = route.startsWith("/") ? route.replace(/^\/+/, "") : route;
  if (!trimmed || /[\\\0-\x1f\x7f]|%(?:2e|2f|5c|00)/i.test(trimmed) || /^[a-zA-Z]:/.test(trimmed)) return undefined;
  // No segment that is empty, "." or "..".
  if (/(?:^|\/)\.{0,2}(?:\/|$)/.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * Where an old address (aliases:) gets its redirect page: "/xnxw/201703/t20170308_2599871.shtml"
 * as it is, "/old/story/" as its index.html; undefined for one that is no path on this site.
 * The address is as a server sees it once decoded (aliasProblem refuses one still encoded).
 */
export function aliasRoute(alias: string): string | undefined {
  return aliasProblem(alias) === undefined ? safeRoute(alias.endsWith("/") ? `${alias}index.html` : alias) : undefined;
}

/** Files a static host reads as its own settings: an old address must not be written over one. */
const HOST_FILES = new Set(["_headers", "_redirects", "_routes.json", "netlify.toml", "vercel.json"]);

/** Why an old address cannot have a page in the site, or undefined when it can. */
export function aliasProblem(alias: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(alias) || alias.startsWith("//")) return "is a full web address, not a path on this site";
  if (/[?#]/.test(alias)) return "has a ? or # part, which a file on this site cannot answer";
  if (!alias.startsWith("/")) return "does not start with /";
  if (/%/.test(alias)) return 'has a "%" that is a broken escape, or one for "/", "?" or "#": write the address as a reader sees it (/新闻/1.shtml)';
  if (/[*\s]|\/:/.test(alias)) return 'has a space, a "*" or a part starting with ":", which servers read as patterns';
  if (!safeRoute(alias.endsWith("/") ? `${alias}index.html` : alias)) return 'leaves the output folder (a "..", "." or empty part, a backslash or an escape)';
  if (/(^|\/)\./.test(alias)) return "is a hidden file (a part starting with .), which servers keep to themselves";
  if (HOST_FILES.has(alias.slice(1))) return "is a file static hosts read as their settings";
  return undefined;
}
