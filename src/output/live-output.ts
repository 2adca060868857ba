// The output folder of xnews dev, kept up to date file by file: written whole (staged) at first,
// then only what changed, with deleted routes removed and emptied folders pruned. It remembers
// each file's fingerprint, and notices when the folder, or files in it, were deleted behind its
// back, so that they can be written again.
import fs from "node:fs";
import path from "node:path";
import { stageOutput, type SwapReport } from "./staged-output.js";
import { HashingWriter, LiveFolder, MARKER_FILE, type Writer } from "./writer.js";

/** One file of the site: where it goes, its fingerprint, and how to write it. */
export interface OutputFile {
  route: string;
  fingerprint: string;
  put(writer: Writer): void;
}

/** How many files are checked for being still there on each look (a look is cheap: lstat only). */
const SWEEP = 2000;

export class LiveOutput {
  private hashes = new Map<string, string>();
  private identity = "";
  private written = false;
  private readonly folder: LiveFolder;
  private sweepAt = 0;
  /** The routes in `hashes`, listed for the sweep; dropped whenever they change. */
  private routeList: string[] | undefined;

  constructor(readonly outDir: string) {
    this.folder = new LiveFolder(path.resolve(outDir));
  }

  /** Writes the whole site through a staged folder and swaps it in, as `xnews build` does. */
  replaceWhole(fill: (writer: Writer) => void): SwapReport & { routes: string[] } {
    const staged = stageOutput(this.outDir);
    try {
      const writer = new HashingWriter(staged.writer);
      fill(writer);
      const swap = staged.commit();
      this.hashes = writer.hashes;
      this.routeList = undefined;
      this.identity = identityOf(this.outDir);
      this.written = true;
      return { ...swap, routes: [...this.hashes.keys()] };
    } catch (e) {
      staged.abort();
      throw e;
    }
  }

  /**
   * Writes the files whose fingerprint differs from what is on disk, then deletes every file of
   * an earlier write that `keep` no longer wants. Returns the routes written and deleted.
   */
  update(files: readonly OutputFile[], keep: (route: string) => boolean): { written: string[]; deleted: string[] } {
    const written: string[] = [];
    for (const { route, fingerprint, put } of files) {
      if (this.hashes.get(route) === fingerprint) continue;
      put(this.folder);
      if (!this.hashes.has(route)) this.routeList = undefined;
      this.hashes.set(route, fingerprint);
      written.push(route);
    }
    const deleted = [...this.hashes.keys()].filter((route) => !keep(route));
    if (deleted.length) this.routeList = undefined;
    for (const route of deleted) {
      this.hashes.delete(route);
      this.folder.remove(route);
    }
    return { written: written.sort(), deleted: deleted.sort() };
  }

  /** Whether the folder is still the one written: not deleted, replaced, or stripped of its marker. */
  intact(): boolean {
    return this.written && identityOf(this.outDir) === this.identity;
  }

  /**
   * Routes written earlier that are no longer there (someone deleted them), looked for a slice
   * at a time, so that each look stays cheap however large the site; they are forgotten, so that
   * the next update writes them again.
   */
  takeMissing(): string[] {
    // Listed again only after the routes changed: a look comes several times a second.
    const routes = (this.routeList ??= [...this.hashes.keys()]);
    if (!routes.length) return [];
    const root = this.outDir;
    const missing: string[] = [];
    for (let n = 0; n < Math.min(SWEEP, routes.length); n++) {
      const route = routes[(this.sweepAt + n) % routes.length]!;
      try {
        if (!fs.lstatSync(path.join(root, route)).isFile()) missing.push(route);
      } catch {
        missing.push(route);
      }
    }
    this.sweepAt = (this.sweepAt + SWEEP) % routes.length;
    for (const route of missing) this.hashes.delete(route);
    if (missing.length) this.routeList = undefined;
    return missing;
  }
}

/** The output folder as the file system knows it: the folder's and its marker's inodes. */
function identityOf(outDir: string): string {
  try {
    const dir = fs.statSync(outDir);
    const marker = fs.statSync(path.join(outDir, MARKER_FILE));
    return `${dir.dev}:${dir.ino}:${marker.ino}`;
  } catch {
    return "gone";
  }
}
