// xnews dev: build, serve, watch, rebuild what changed, reload the browser.
//
// The output must converge: once the files stop changing, it equals a fresh `xnews build` of
// them, whatever happened in between. So the watcher's events only say where to look; what is
// rebuilt is what differs on disk (input-tree.ts). After each rebuild the files it read are looked
// at again once things are quiet (all files, when the watcher's view may have been incomplete), an
// error is shown only once the files it names are confirmed as read, and an output folder deleted
// or replaced behind dev's back is written again whole.
import fs from "node:fs";
import path from "node:path";
import type { ProjectPaths } from "../build.js";
import { displayPath } from "../content/files.js";
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { InputTree } from "./input-tree.js";
import { startServer, type DevServer } from "./server.js";
import { DevSession, type FileChange, type RebuildReport } from "./session.js";
import { watchFolders, type WatchBatch, type Watcher } from "./watch.js";

export interface DevOptions {
  host: string;
  port: number;
  /** Where progress and problems are printed. */
  log: (line: string) => void;
  /** Called after each rebuild (tests and benchmarks wait on it). */
  onRebuild?: (report: RebuildReport) => void;
}

export interface DevHandle {
  url: string;
  session: DevSession;
  /** Resolves once nothing has been pending for `quietMs` (no batch, no rebuild, no later look). */
  settled(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** After a rebuild, the files it read are looked at again this much later. */
const VERIFY_MS = 250;
/** A file saved less than this long ago that reads as broken may be half-written. */
const SETTLE_MS = 200;
/** A rebuild that held the event loop this long may have made the watcher miss events. */
const LONG_REBUILD_MS = 500;
/** How often the output folder is checked for being deleted or replaced. */
const OUTPUT_POLL_MS = 250;

export async function startDev(paths: ProjectPaths, options: DevOptions): Promise<DevHandle> {
  const roots = [paths.contentDir, paths.templatesDir, paths.publicDir].map((d) => path.resolve(d));
  const tree = new InputTree(roots);
  tree.record();
  const session = new DevSession(paths);
  const first = session.start();
  if (hasErrors(first.problems)) {
    options.log("xnews: the site cannot be built yet; fix these and it will be, while the server runs:");
    fs.mkdirSync(paths.outDir, { recursive: true });
  } else options.log(`xnews: built ${first.written.length} files in ${first.ms} ms`);
  let noteShown = false;
  const showNote = (note?: string) => {
    if (note && !noteShown) options.log(`xnews: note: ${note}`);
    noteShown ||= note !== undefined;
  };
  showNote(first.note);
  printProblems(first.problems, options.log);
  const server: DevServer = await startServer(paths.outDir, options.host, options.port, session.sitePath());
  if (hasErrors(first.problems)) server.showProblems(first.problems);

  let verifyTimer: NodeJS.Timeout | undefined;
  let verifyFiles = new Set<string>();
  let verifyAll = false;
  let settleTimer: NodeJS.Timeout | undefined;
  let lastActivity = Date.now();

  const report = (r: RebuildReport) => {
    if (hasErrors(r.problems)) {
      options.log(`xnews: ${r.reason}: not rebuilt, the last good site is kept (${r.ms} ms)`);
      printProblems(r.problems, options.log);
    } else {
      const deleted = r.deleted.length ? `, ${r.deleted.length} deleted` : "";
      options.log(`xnews: ${r.reason}: ${r.written.length} files written${deleted} in ${r.ms} ms`);
      showNote(r.note);
      printProblems(r.problems, options.log);
      if (r.written.length || r.deleted.length) server.reload();
    }
    server.showProblems(hasErrors(r.problems) ? r.problems : []);
    options.onRebuild?.(r);
  };

  /** Brings the output up to date with what differs on disk among `files` (or anywhere). */
  const update = (files: Iterable<string>, rescanAll: boolean) => {
    lastActivity = Date.now();
    const changes = rescanAll ? tree.changes() : tree.changes(files);
    if (!changes.length && session.outputIntact()) return;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = undefined;
    const read = new Set(changes.map((c) => c.file));
    let result: RebuildReport;
    try {
      result = session.apply(changes);
      // An error is shown only once the files it names are as they were read: a story moved to
      // another folder arrives as an add, and its unlink may come a moment later.
      for (let round = 0; round < 3 && hasErrors(result.problems); round++) {
        const again = tree.changes(filesNamedIn(result.problems));
        if (!again.length) break;
        for (const c of again) read.add(c.file);
        result = merged(result, session.apply(again));
      }
    } catch (e) {
      // A bug in xnews, not the user's file: say so, keep serving the last good site.
      options.log(`xnews: internal error while rebuilding: ${(e as Error).stack ?? e}\n(please report it; the server keeps running)`);
      return;
    }
    lookAgainLater(read, rescanAll || changes.length > 50 || result.ms > LONG_REBUILD_MS);
    lastActivity = Date.now();
    // A file saved a moment ago that reads as broken may be half-written: its problems are shown
    // only if it still reads so once it has been left alone for a moment.
    const fresh = filesNamedIn(result.problems.filter((d) => d.severity === "error")).filter(savedJustNow);
    if (hasErrors(result.problems) && fresh.length) {
      settleTimer = setTimeout(() => {
        settleTimer = undefined;
        if (tree.changes(fresh).length) update(fresh, false);
        else report(result);
      }, SETTLE_MS);
      return;
    }
    report(result);
  };

  const lookAgainLater = (files: Iterable<string>, all: boolean) => {
    for (const f of files) verifyFiles.add(f);
    verifyAll ||= all;
    if (verifyTimer) clearTimeout(verifyTimer);
    verifyTimer = setTimeout(() => {
      verifyTimer = undefined;
      const [again, everything] = [verifyFiles, verifyAll];
      verifyFiles = new Set();
      verifyAll = false;
      update(again, everything);
    }, VERIFY_MS);
  };

  const watcher: Watcher = await watchFolders(roots, (batch: WatchBatch) => update(batch.files, batch.rescan));
  // Files changed between the first reading and the watcher's start are caught by one look.
  lookAgainLater([], true);
  const outputPoll = setInterval(() => {
    if (!session.outputIntact()) update([], false);
  }, OUTPUT_POLL_MS);

  options.log(`xnews: serving ${displayPath(path.resolve(paths.outDir))} at ${server.url} (Ctrl-C stops)`);
  const idle = () => !verifyTimer && !settleTimer && !watcher.busy() && session.outputIntact();
  return {
    url: server.url,
    session,
    async settled(quietMs = 600) {
      const since = Date.now();
      while (!idle() || Date.now() - Math.max(lastActivity, since) < quietMs) await new Promise((r) => setTimeout(r, 25));
    },
    async close() {
      clearInterval(outputPoll);
      if (verifyTimer) clearTimeout(verifyTimer);
      if (settleTimer) clearTimeout(settleTimer);
      await watcher.close();
      await server.close();
    },
  };
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
  };
}

function printProblems(problems: readonly Diagnostic[], log: (line: string) => void): void {
  for (const d of sortDiagnostics(problems)) log(formatDiagnostic(d));
}

export type { FileChange };
