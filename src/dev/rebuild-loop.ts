// How xnews dev keeps its output converging on what `xnews build` would write, whatever the file
// system does meanwhile. The watcher's events only say where to look; what is rebuilt is what
// differs on disk (input-tree.ts). After each rebuild its files are looked at again a moment
// later (everything, when the watcher's view may have been incomplete); an error is shown only
// once the files it names are confirmed as read; a file that reads as broken just after it was
// saved (half-written) is given a moment to settle; and what was deleted from the output folder
// behind dev's back is written again.
import fs from "node:fs";
import path from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics.js";
import type { InputTree } from "./input-tree.js";
import type { DevSession, RebuildReport } from "./session.js";

/** After a rebuild, the files it read are looked at again this much later. */
const LOOK_AGAIN_MS = 250;
/** A file saved less than this long ago that reads as broken may be half-written. */
const SETTLE_MS = 200;
/** A rebuild that held the event loop this long may have made the watcher miss events. */
const LONG_REBUILD_MS = 500;
/** A batch this large (a checkout) may hide files the watcher did not report. */
const LARGE_BATCH = 50;

export class RebuildLoop {
  /** Places to look at again, and when. */
  private nextLook = { files: new Set<string>(), everything: false, timer: undefined as NodeJS.Timeout | undefined };
  /** A result with errors in files saved a moment ago, held back until they settle. */
  private held: NodeJS.Timeout | undefined;
  /** When anything last happened: a look, a rebuild, a repair. */
  lastActivity = Date.now();

  constructor(
    private readonly session: DevSession,
    private readonly inputs: InputTree,
    private readonly show: (report: RebuildReport) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Nothing is waiting to be looked at or shown. */
  idle(): boolean {
    return !this.nextLook.timer && !this.held;
  }

  /**
   * Brings the output up to date with what differs on disk among `files`, or anywhere when
   * `everything`. Says whether anything differed.
   */
  update(files: Iterable<string>, everything: boolean): boolean {
    this.lastActivity = Date.now();
    const changes = everything ? this.inputs.changes() : this.inputs.changes(files);
    if (!changes.length) return false;
    // A newer reading supersedes a result held back for an older one.
    if (this.held) clearTimeout(this.held);
    this.held = undefined;
    const read = new Set(changes.map((c) => c.file));
    let result: RebuildReport;
    try {
      result = this.session.apply(changes);
      // An error is shown only once the files it names are as they were read: a story moved to
      // another folder arrives as an add, and its unlink may come a moment later.
      for (let round = 0; round < 3 && hasErrors(result.problems); round++) {
        const again = this.inputs.changes(filesNamedIn(result.problems));
        if (!again.length) break;
        for (const c of again) read.add(c.file);
        result = merged(result, this.session.apply(again));
      }
    } catch (e) {
      // A bug in xnews, not the user's file: say so, keep serving the last good site.
      this.log(`xnews: internal error while rebuilding: ${(e as Error).stack ?? e}\n(please report it; the server keeps running)`);
      return true;
    }
    this.lookAgainLater(read, everything || changes.length > LARGE_BATCH || result.ms > LONG_REBUILD_MS);
    this.lastActivity = Date.now();
    const settling = filesNamedIn(result.problems.filter((d) => d.severity === "error")).filter(savedJustNow);
    if (hasErrors(result.problems) && settling.length) {
      const shown = result;
      this.held = setTimeout(() => {
        this.held = undefined;
        // Read again: if they changed meanwhile, that rebuild is shown; if not, this one is.
        if (!this.update(settling, false)) this.show(shown);
      }, SETTLE_MS);
      return true;
    }
    this.show(result);
    return true;
  }

  /** Puts back what was deleted from the output folder; cheap, asked several times a second. */
  repairOutput(): void {
    let report: RebuildReport | undefined;
    try {
      report = this.session.repairOutput();
    } catch (e) {
      this.log(`xnews: internal error while repairing the output folder: ${(e as Error).stack ?? e}\n(please report it; the server keeps running)`);
      return;
    }
    if (!report) return;
    this.lastActivity = Date.now();
    this.show(report);
  }

  /** Builds again when a story's time has come or gone (DevSession.clockTick); asked with repairOutput. */
  clockTick(): void {
    let report: RebuildReport | undefined;
    try {
      report = this.session.clockTick();
    } catch (e) {
      this.log(`xnews: internal error while publishing on time: ${(e as Error).stack ?? e}\n(please report it; the server keeps running)`);
      return;
    }
    if (!report) return;
    this.lastActivity = Date.now();
    this.show({ ...report, reason: "a story's time came or went" });
  }

  close(): void {
    if (this.nextLook.timer) clearTimeout(this.nextLook.timer);
    if (this.held) clearTimeout(this.held);
  }

  private lookAgainLater(files: Iterable<string>, everything: boolean): void {
    const next = this.nextLook;
    for (const f of files) next.files.add(f);
    next.everything ||= everything;
    if (next.timer) clearTimeout(next.timer);
    next.timer = setTimeout(() => {
      this.nextLook = { files: new Set(), everything: false, timer: undefined };
      this.update(next.files, next.everything);
    }, LOOK_AGAIN_MS);
  }

  /** The first look at everything, for files changed between the first reading and the watcher's start. */
  lookAtEverythingSoon(): void {
    this.lookAgainLater([], true);
  }
}

/** The files problems name, as absolute paths (diagnostics show them relative to the working folder). */
function filesNamedIn(problems: readonly Diagnostic[]): string[] {
  return [...new Set(problems.map((d) => path.resolve(d.file)))];
}

function savedJustNow(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < SETTLE_MS;
  } catch {
    return false;
  }
}

function merged(a: RebuildReport, b: RebuildReport): RebuildReport {
  return {
    reason: a.reason,
    written: [...new Set([...a.written.filter((r) => !b.deleted.includes(r)), ...b.written])].sort(),
    deleted: [...new Set([...a.deleted.filter((r) => !b.written.includes(r)), ...b.deleted])].sort(),
    ms: a.ms + b.ms,
    problems: b.problems,
    note: a.note ?? b.note,
    kept: b.kept,
  };
}
