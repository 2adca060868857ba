// How the file system sees a project's files: each one's kind, size, modification and change
// times and inode. Any save changes one of them, so equal stamps mean a file not touched since.
// `xnews dev` compares them to find what changed; `xnews build` to know which story files it may
// take from its cache, and whether anything at all changed since the last build.
import fs from "node:fs";
import path from "node:path";
import { listFileTree } from "./file-tree.js";

/** A file's stamp, or undefined when there is none (or only a folder). Links are stamped, not followed. */
export function stampOf(file: string): string | undefined {
  try {
    // Times in ms with their fraction (to a fraction of a µs): Number stats are read faster than BigInt ones.
    const s = fs.lstatSync(file);
    if (s.isDirectory()) return undefined;
    const kind = s.isFile() ? "file" : s.isSymbolicLink() ? "link" : "special";
    return `${kind}:${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** When the file of a stamp was last modified, in ms since 1970. */
export function modifiedMs(stamp: string): number {
  const start = stamp.indexOf(":", stamp.indexOf(":") + 1) + 1;
  return Number(stamp.slice(start, stamp.indexOf(":", start)));
}

/**
 * The stamp of every file under the given folders, by absolute path. Links and special files are
 * stamped too: they are not read, but their coming and going changes the warnings a build gives.
 */
export function stampTree(roots: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const root of roots) {
    const listing = listFileTree(root, [""]);
    for (const rel of [...listing.files, ...listing.skipped.map((s) => s.rel)]) {
      const file = path.join(root, rel);
      const stamp = stampOf(file);
      if (stamp !== undefined) found.set(file, stamp);
    }
  }
  return found;
}
