#!/usr/bin/env node
// xnews: arguments → build; prints problems; sets the exit code.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { build, inspectProject, type ProjectPaths } from "./build/build.js";
import { DEFAULT_CACHE_DIR, removeCache } from "./build/cache.js";
import { createProgress } from "./build/progress.js";
import { defaultJobs } from "./build/render-pool.js";
import { UserError, formatDiagnostic, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { displayPath } from "./content/files.js";
import { startDev } from "./dev/dev.js";
import { listenProblem, parsePort } from "./dev/listen-errors.js";
import { contentsSwapNote } from "./output/staged-output.js";
import { createStory } from "./commands/new-story.js";
import type { ClockSetting } from "./model/clock.js";

const packageJson = JSON.parse(fs.readFileSync(path.resolve(fileURLToPath(import.meta.url), "../../package.json"), "utf8")) as { version: string };

interface PathOptions {
  content: string;
  templates: string;
  public: string;
  out: string;
  debug?: boolean;
}

function withPathOptions(command: Command): Command {
  return command
    .option("--content <dir>", "the site's stories and site.yml", "content")
    .option("--templates <dir>", "Nunjucks templates (xnews's own fill any gap)", "templates")
    .option("--public <dir>", "files copied as-is to the output root", "public")
    .option("--out <dir>", "where the site is written", "dist")
    .option("--debug", "show stack traces for xnews's own errors");
}

/** --now and --future, for the commands that decide what is out. */
function withClockOptions(command: Command): Command {
  return command
    .option("--now <time>", 'build as if it were this moment, in the site\'s time zone (e.g. "2026-11-27 08:00"): a preview of what goes out when')
    .option("--future", "publish stories whose date is still to come as well (expired stories stay down)");
}

interface ClockOptions {
  now?: string;
  future?: boolean;
}

/** The build's clock: --now, else SOURCE_DATE_EPOCH (reproducible builds), else the machine's time. */
function clockSettingOf(options: ClockOptions): ClockSetting {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (options.now === undefined && epoch !== undefined && epoch !== "") {
    if (!/^\s*\d{1,15}\s*$/.test(epoch)) {
      throw new UserError([{ file: "SOURCE_DATE_EPOCH", severity: "error", message: `SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, not "${epoch}"`, hint: "e.g. SOURCE_DATE_EPOCH=1764230400; unset it to build by the machine's clock (a scheduled build must, or no story's time ever comes)" }]);
    }
    return { epochSeconds: Number(epoch), future: options.future };
  }
  return { now: options.now, future: options.future };
}

function pathsOf(options: PathOptions): ProjectPaths {
  return { contentDir: options.content, templatesDir: options.templates, publicDir: options.public, outDir: options.out };
}

/** Problems grouped by file, the files with errors first, then a count. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], stream: NodeJS.WritableStream = process.stderr): void {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of sortDiagnostics(diagnostics)) {
    if (!byFile.has(d.file)) byFile.set(d.file, []);
    byFile.get(d.file)!.push(d);
  }
  const hasError = (list: Diagnostic[]) => (list.some((d) => d.severity === "error") ? 0 : 1);
  const groups = [...byFile.values()].sort((a, b) => hasError(a) - hasError(b));
  stream.write(groups.map((list) => list.map((d) => `${formatDiagnostic(d)}\n`).join("")).join("\n"));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length) stream.write(`\n${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`);
}

/**
 * Runs a command: a user's mistake is printed as diagnostics (then `afterProblems`, if given) with
 * exit code 1; the machine refusing a write is said plainly; anything else is xnews's own bug.
 */
function run<O extends { debug?: boolean }>(action: (options: O) => void | Promise<void>, afterProblems?: string) {
  return async (options: O) => {
    try {
      await action(options);
    } catch (e) {
      if (e instanceof UserError) {
        printDiagnostics(e.diagnostics);
        if (options.debug && e.cause instanceof Error) process.stderr.write(`${e.cause.stack}\n`);
        if (afterProblems) process.stderr.write(`${afterProblems}\n`);
        process.exitCode = 1;
        return;
      }
      const err = e as NodeJS.ErrnoException;
      if (["EACCES", "EPERM", "ENOSPC", "EROFS", "EDQUOT", "EBUSY", "EMFILE", "ENFILE"].includes(err.code ?? "")) {
        const where = err.path ? ` (${displayPath(err.path)})` : "";
        process.stderr.write(`xnews: the machine refused a file operation${where}: ${err.message}\n(check that the folder is writable, the disk has room, and no other program holds it)\n`);
      } else {
        process.stderr.write(`xnews: internal error: ${err?.message ?? e}\n${options.debug ? `${err?.stack}\n` : "(run again with --debug for details, and report it)\n"}`);
      }
      process.exitCode = 2;
    }
  };
}

const program = new Command("xnews")
  .description("A static news-site generator: Markdown stories → a Chinese local news portal")
  .version(packageJson.version, "-v, --version")
  .showHelpAfterError();

interface BuildCommandOptions extends PathOptions, ClockOptions {
  jobs: string;
  cache: string | false;
  quiet?: boolean;
}

withClockOptions(withPathOptions(program.command("build").description("build the site from content/ and templates/ into the output folder")))
  .option("--jobs <n>", "worker threads rendering pages (default: the machine's cores)", String(defaultJobs()))
  .option("--cache <dir>", "where what the last build read and wrote is kept, to build only what changed", DEFAULT_CACHE_DIR)
  .option("--no-cache", "read and render everything, and leave the cache as it is")
  .option("--quiet", "print nothing but problems")
  .action(
    run(async (options: BuildCommandOptions) => {
      const jobs = Number(options.jobs);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UserError([{ file: "--jobs", severity: "error", message: `--jobs must be a whole number from 1 to 256, not "${options.jobs}"`, hint: "e.g. --jobs 4" }]);
      const progress = createProgress(process.stdout, Boolean(options.quiet));
      let report;
      try {
        report = await build(pathsOf(options), { jobs, cache: options.cache, version: packageJson.version, progress, clock: clockSettingOf(options) });
      } finally {
        progress?.end();
      }
      if (report.diagnostics.length) printDiagnostics(report.diagnostics);
      for (const notice of report.notices) process.stderr.write(`xnews: note: ${notice}\n`);
      if (!options.quiet) {
        if (report.contentsSwapped) process.stdout.write(`xnews: note: ${contentsSwapNote(report.contentsSwapped)}\n`);
        const n = (x: number) => x.toLocaleString("en");
        process.stdout.write(
          `xnews: ${n(report.files)} files in ${displayPath(path.resolve(options.out))}: ${n(report.rendered)} rendered, ${n(report.reused)} reused from the last build; ${n(report.read)} story files read; ${report.ms} ms\n`,
        );
      }
    }, "Nothing was written; the previous site is unchanged."),
  );

program
  .command("clean")
  .description("delete the build cache (the next build reads and renders everything)")
  .option("--cache <dir>", "the cache folder", DEFAULT_CACHE_DIR)
  .option("--debug", "show stack traces for xnews's own errors")
  .action(
    run((options: { cache: string; debug?: boolean }) => {
      const removed = removeCache(path.resolve(options.cache));
      process.stdout.write(removed ? `xnews: removed the build cache ${displayPath(path.resolve(options.cache))}\n` : `xnews: no build cache at ${displayPath(path.resolve(options.cache))}\n`);
    }),
  );

withClockOptions(withPathOptions(program.command("check").description("check content/ and templates/ without writing anything; exit 1 on any problem"))).action(
  run((options: PathOptions & ClockOptions) => {
    const { diagnostics } = inspectProject(pathsOf(options), clockSettingOf(options));
    if (diagnostics.length) {
      printDiagnostics(diagnostics, process.stdout);
      process.exitCode = 1;
    } else process.stdout.write("xnews: no problems found\n");
  }),
);

withClockOptions(withPathOptions(program.command("dev").description("build, serve on http://127.0.0.1:4000, and rebuild what changes as you edit")))
  .option("--port <port>", "port to listen on (0: any free port)", "4000")
  .option("--host <host>", "address to listen on; only this machine by default", "127.0.0.1")
  .action((options: PathOptions & ClockOptions & { port: string; host: string }) => {
    const port = parsePort(options.port);
    if (port === undefined) {
      process.stderr.write(`xnews: --port must be a whole number from 0 to 65535 (0: any free port), not "${options.port}"\n`);
      process.exitCode = 2;
      return;
    }
    let clock: ClockSetting;
    try {
      clock = clockSettingOf(options);
    } catch (e) {
      printDiagnostics((e as UserError).diagnostics);
      process.exitCode = 1;
      return;
    }
    startDev(pathsOf(options), { host: options.host, port, log: (line) => process.stdout.write(`${line}\n`), clock }).catch((e) => {
      if (e instanceof UserError) {
        printDiagnostics(e.diagnostics);
        process.stderr.write("Fix the problems above and start xnews dev again.\n");
      } else if (listenProblem(e, options.host, port)) {
        process.stderr.write(`xnews: cannot start the server: ${listenProblem(e, options.host, port)}\n`);
      } else {
        process.stderr.write(`xnews: internal error: ${(e as Error).message}\n${options.debug ? `${(e as Error).stack}\n` : "(run again with --debug for details, and report it)\n"}`);
      }
      process.exitCode = e instanceof UserError || listenProblem(e, options.host, port) ? 1 : 2;
    });
  });

program
  .command("new")
  .description("create a story file with its front matter filled in, and print its path")
  .argument("<title>", "the headline, in quotes")
  .option("--channel <slug>", "the story's channel, a slug from site.yml")
  .option("--snippet", "a teaser-only snippet (content/snippets/) rather than an article")
  .option("--content <dir>", "the site's stories and site.yml", "content")
  .option("--debug", "show stack traces for xnews's own errors")
  .action((title: string, options: { channel?: string; snippet?: boolean; content: string; debug?: boolean }) =>
    run(() => {
      const { file } = createStory({ contentDir: options.content, title, channel: options.channel, snippet: options.snippet });
      process.stdout.write(`${file}\n`);
    })(options as PathOptions),
  );

await program.parseAsync();
