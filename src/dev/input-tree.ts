// What xnews dev knows of its input files: each one's size, times and inode when last looked at.
// Watcher events are only hints of where to look; the changes handed to the session are the
// differences between this record and the disk. So a missed event, a file rewritten in the middle
// of a rebuild or a folder replaced whole is caught by the next look, and a look at everything
// (a rescan) brings dev back to what `xnews build` would read.
import fs from "node:fs";
import path from "node:path";
import { isReachableUnder, listFileTree } from "../content/file-tree.js";
import type { FileChange } from "./session.js";

export class InputTree {
  private stamps = new Map<string, string>();
  private readonly roots: string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((r) => path.resolve(r));
  }

  /** Records every input file as it is now. Done before the files are read, never after. */
  record(): void {
    this.stamps = this.scan();
  }

  /**
   * The differences between the record and the disk, for the given files, or for every file when
   * none are given; the record is brought up to date with what was found.
   */
  changes(files?: Iterable<string>): FileChange[] {
    const now = files ? this.look(files) : this.scan();
    const keys = files ? [...now.keys()] : [...new Set([...this.stamps.keys(), ...now.keys()])];
    const out: FileChange[] = [];
    for (const file of keys.sort()) {
      const was = this.stamps.get(file);
      const is = now.get(file);
      if (was === is) continue;
      out.push({ kind: was === undefined ? "add" : is === undefined ? "unlink" : "change", file });
      if (is === undefined) this.stamps.delete(file);
      else this.stamps.set(file, is);
    }
    return out;
  }

  /** Stamps of the given files: undefined where there is none, or only a folder, or it lies behind a link. */
  private look(files: Iterable<string>): Map<string, string | undefined> {
    const found = new Map<string, string | undefined>();
    for (const f of files) {
      const file = path.resolve(f);
      const root = this.roots.find((r) => file.startsWith(r + path.sep));
      if (root) found.set(file, isReachableUnder(root, file) ? stampOf(file) : undefined);
    }
    return found;
  }

  private scan(): Map<string, string> {
    const found = new Map<string, string>();
    for (const root of this.roots) {
      const listing = listFileTree(root, [""]);
      // Links and special files are recorded too: they are not read, but their coming and going
      // changes the warnings a build gives.
      for (const rel of [...listing.files, ...listing.skipped.map((s) => s.rel)]) {
        const file = path.join(root, rel);
        const stamp = stampOf(file);
        if (stamp !== undefined) found.set(file, stamp);
      }
    }
    return found;
  }
}

/** Size, modification and change times, inode (any save changes one of them), and the kind of entry. */
function stampOf(file: string): string | undefined {
  try {
    const s = fs.lstatSync(file, { bigint: true });
    if (s.isDirectory()) return undefined;
    const kind = s.isFile() ? "file" : s.isSymbolicLink() ? "link" : "special";
    return `${kind}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
  } catch {
    return undefined;
  }
}
