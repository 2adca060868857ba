// The files of the live site that a build keeps, put into its stage: hard links where the file
// system allows (else copies). When the stage is the spare — the site of two builds ago, kept by
// the last build — most of its files are already the live site's own (a file unchanged over two
// builds is one file, linked into both), so a build touches only what changed since then.
import fs from "node:fs";
import path from "node:path";
import { MARKER_FILE, type FolderWriter } from "../output/writer.js";
import type { FileRecord } from "./cache.js";
import { recordOf, recordOfStats } from "./render-batch.js";

/** Whether the file at `route` in a site folder is still the one recorded (same inode, size and time). */
export function isIntact(root: string, route: string, record: FileRecord | undefined): boolean {
  if (record === undefined) return false;
  try {
    const s = fs.lstatSync(path.join(root, route));
    return s.isFile() && recordOfStats(s) === record;
  } catch {
    return false;
  }
}

/** Whether a site folder holds exactly the recorded files, each as recorded, and xnews's marker. */
export function isExactly(root: string, files: ReadonlyMap<string, FileRecord>): boolean {
  for (const [route, record] of files) if (!isIntact(root, route, record)) return false;
  let found = 0;
  try {
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) if (!entry.isDirectory()) found++;
  } catch {
    return false;
  }
  return found === files.size + 1 && fs.existsSync(path.join(root, MARKER_FILE));
}

export class StageLinks {
  private readonly stage: string;
  /** Files already in the stage, by route, as recorded: only those the new site has. */
  private readonly present = new Map<string, FileRecord>();

  /**
   * @param spare when the stage is the spare: its files as recorded, of which those the new site
   * has (`routes`) are kept and every other entry is deleted now
   */
  constructor(
    private readonly live: string,
    private readonly writer: FolderWriter,
    spare?: { files: ReadonlyMap<string, FileRecord>; routes: ReadonlySet<string> },
  ) {
    this.stage = writer.root;
    if (spare) this.tidy(spare.files, spare.routes);
  }

  /** Whether the stage holds the file `record` names already (a file of the spare, found intact). */
  holds(route: string, record: FileRecord | undefined): boolean {
    return record !== undefined && this.present.get(route) === record;
  }

  /** Puts the live file into the stage; returns the staged file's record. */
  keep(route: string, record: FileRecord): FileRecord {
    // Already there: the same file, linked into both sites by an earlier build.
    if (this.holds(route, record)) return record;
    this.clear(route);
    const from = path.join(this.live, route);
    try {
      this.writer.link(route, from);
      return record;
    } catch (e) {
      if (!["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    }
    this.writer.copy(route, from);
    return recordOf(path.join(this.stage, route));
  }

  /** Makes room for a file about to be written at `route` (files are made new, never written over). */
  clear(route: string): void {
    if (this.present.delete(route)) fs.rmSync(path.join(this.stage, route), { force: true });
  }

  /**
   * Deletes from the stage every entry that is not a file the new site has, still as recorded
   * (the same inode, size and time: nothing replaced or rewrote it since), and the folders that
   * leaves empty. What remains is known, file by file.
   */
  private tidy(files: ReadonlyMap<string, FileRecord>, routes: ReadonlySet<string>): void {
    const visit = (rel: string): boolean => {
      const dir = path.join(this.stage, rel);
      let empty = true;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const route = rel ? `${rel}/${entry.name}` : entry.name;
        if (!rel && entry.name === MARKER_FILE) {
          empty = false;
        } else if (entry.isDirectory()) {
          if (visit(route)) fs.rmdirSync(path.join(dir, entry.name));
          else empty = false;
        } else if (entry.isFile() && routes.has(route) && isIntact(this.stage, route, files.get(route))) {
          this.present.set(route, files.get(route)!);
          empty = false;
        } else {
          fs.rmSync(path.join(dir, entry.name), { force: true });
        }
      }
      return empty;
    };
    visit("");
  }
}
