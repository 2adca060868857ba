// What xnews dev knows of its input files: each one's size, times and inode when last looked at.
// Watcher events are only hints of where to look; the changes handed to the session are the
// differences between this record and the disk. So a missed event, a file rewritten in the middle
// of a rebuild or a folder replaced whole is caught by the next look, and a look at everything
// (a rescan) brings dev back to what `xnews build` would read.
import path from "node:path";
import { isReachableUnder } from "../content/file-tree.js";
import { stampOf, stampTree } from "../content/file-stamps.js";
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
    return stampTree(this.roots);
  }
}
