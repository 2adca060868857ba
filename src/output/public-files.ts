// public/: copied as-is to the output root, xnews's own assets first, the site's on top.
import path from "node:path";
import { displayPath } from "../content/files.js";
import { listFileTree, skippedWarning } from "../content/file-tree.js";
import { compareText, type Diagnostic } from "../diagnostics.js";

export interface PublicFiles {
  /** "css/site.css" → absolute path, sorted; a later folder's file wins. */
  files: Map<string, string>;
  /** Links and special files: skipped, and said so. */
  warnings: Diagnostic[];
}

export function collectPublicFiles(dirs: readonly string[]): PublicFiles {
  const files = new Map<string, string>();
  const warnings: Diagnostic[] = [];
  for (const dir of dirs) {
    const listing = listFileTree(dir, [""]);
    for (const rel of listing.files) files.set(rel, path.join(dir, rel));
    for (const entry of listing.skipped) warnings.push(skippedWarning(displayPath(dir), entry));
  }
  return { files: new Map([...files].sort(([a], [b]) => compareText(a, b))), warnings };
}
