// xnews dev: build, serve, watch, rebuild what changed, reload the browser.
import fs from "node:fs";
import path from "node:path";
import type { ProjectPaths } from "../build.js";
import { displayPath } from "../content/files.js";
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { startServer, type DevServer } from "./server.js";
import { DevSession, type RebuildReport } from "./session.js";
import { watchFolders, type Watcher } from "./watch.js";

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
  close(): Promise<void>;
}

export async function startDev(paths: ProjectPaths, options: DevOptions): Promise<DevHandle> {
  const session = new DevSession(paths);
  const first = session.start();
  if (hasErrors(first.problems)) {
    options.log("xnews: the site cannot be built yet; fix these and it will be, while the server runs:");
    fs.mkdirSync(paths.outDir, { recursive: true });
  } else options.log(`xnews: built ${first.written.length} files in ${first.ms} ms`);
  printProblems(first.problems, options.log);
  const server: DevServer = await startServer(paths.outDir, options.host, options.port, session.sitePath());
  if (hasErrors(first.problems)) server.showProblems(first.problems);
  const watcher: Watcher = await watchFolders([paths.contentDir, paths.templatesDir, paths.publicDir].map((d) => path.resolve(d)), (changes) => {
    let report: RebuildReport;
    try {
      report = session.apply(changes);
    } catch (e) {
      // A bug in xnews, not the user's file: say so, keep serving the last good site.
      options.log(`xnews: internal error while rebuilding: ${(e as Error).stack ?? e}\n(please report it; the server keeps running)`);
      return;
    }
    if (hasErrors(report.problems)) {
      options.log(`xnews: ${report.reason}: not rebuilt, the last good site is kept (${report.ms} ms)`);
      printProblems(report.problems, options.log);
    } else {
      const deleted = report.deleted.length ? `, ${report.deleted.length} deleted` : "";
      options.log(`xnews: ${report.reason}: ${report.written.length} files written${deleted} in ${report.ms} ms`);
      printProblems(report.problems, options.log);
      if (report.written.length || report.deleted.length) server.reload();
    }
    server.showProblems(hasErrors(report.problems) ? report.problems : []);
    options.onRebuild?.(report);
  });
  options.log(`xnews: serving ${displayPath(path.resolve(paths.outDir))} at ${server.url} (Ctrl-C stops)`);
  return {
    url: server.url,
    session,
    async close() {
      await watcher.close();
      await server.close();
    },
  };
}

function printProblems(problems: readonly Diagnostic[], log: (line: string) => void): void {
  for (const d of sortDiagnostics(problems)) log(formatDiagnostic(d));
}
