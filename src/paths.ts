// One question asked in several places: is this path strictly inside that folder?
import path from "node:path";

/** The path of `child` relative to `parent` with "/" separators, if `child` is strictly below it. */
export function pathInside(parent: string, child: string): string | undefined {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : undefined;
}
