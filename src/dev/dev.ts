// xnews dev: build, serve, watch, rebuild what changed (rebuild-loop.ts), reload the browser.
import fs from "node:fs";
import path from "node:path";
import type { ClockSetting } from "../model/clock.js";
import type { ProjectPaths } from "../site.js";
import { displayPath } from "../content/files.js";
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { InputTree } from "./input-tree.js";
import { RebuildLoop } from "./rebuild-loop.js";
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
  /** --now, --future: the machine's time at each rebuild otherwise. */
  clock?: ClockSetting;
}

export interface DevHandle {
  url: string;
  session: DevSession;
  /** Resolves once nothing has been pending for `quietMs` (no batch, no rebuild, no later look). */
  settled(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** How often the output folder is checked for being deleted or replaced, or files missing from it. */
const OUTPUT_POLL_MS = 250;

export async function startDev(paths: ProjectPaths, options: DevOptions): Promise<DevHandle> {
  const roots = [paths.contentDir, paths.templatesDir, paths.publicDir].map((d) => path.resolve(d));
  const tree = new InputTree(roots);
  tree.record();
  const session = new DevSession(paths, options.clock);
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

  const report = (r: RebuildReport) => {
    if (hasErrors(r.problems)) {
      const kept = r.kept === false ? "the output folder is written again once the site builds" : "the last good site is kept";
      options.log(`xnews: ${r.reason}: not rebuilt, ${kept} (${r.ms} ms)`);
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

  const loop = new RebuildLoop(session, tree, report, options.log);
  const watcher: Watcher = await watchFolders(roots, (batch: WatchBatch) => loop.update(batch.files, batch.rescan));
  loop.lookAtEverythingSoon();
  const outputPoll = setInterval(() => {
    loop.repairOutput();
    loop.clockTick();
  }, OUTPUT_POLL_MS);

  options.log(`xnews: serving ${displayPath(path.resolve(paths.outDir))} at ${server.url} (Ctrl-C stops)`);
  return {
    url: server.url,
    session,
    async settled(quietMs = 600) {
      const since = Date.now();
      while (!loop.idle() || watcher.busy() || Date.now() - Math.max(loop.lastActivity, since) < quietMs) await new Promise((r) => setTimeout(r, 25));
    },
    async close() {
      clearInterval(outputPoll);
      loop.close();
      await watcher.close();
      await server.close();
    },
  };
}




function printProblems(problems: readonly Diagnostic[], log: (line: string) => void): void {
  for (const d of sortDiagnostics(problems)) log(formatDiagnostic(d));
}

export type { FileChange };
