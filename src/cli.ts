#!/usr/bin/env node
// xnews: arguments → build; prints problems; sets the exit code.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { build, inspectProject, type ProjectPaths } from "./build.js";
import { UserError, formatDiagnostic, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import { displayPath } from "./content/files.js";

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

function run(action: (options: PathOptions) => void) {
  return (options: PathOptions) => {
    try {
      action(options);
    } catch (e) {
      if (e instanceof UserError) {
        printDiagnostics(e.diagnostics);
        if (options.debug && e.cause instanceof Error) process.stderr.write(`${e.cause.stack}\n`);
        process.stderr.write("Nothing was written; the previous site is unchanged.\n");
        process.exitCode = 1;
        return;
      }
      const err = e as NodeJS.ErrnoException;
      if (err.code === "EACCES" || err.code === "EPERM" || err.code === "ENOSPC" || err.code === "EROFS") {
        process.stderr.write(`xnews: cannot write the site: ${err.message}\n(check that the output folder is writable and the disk has room)\n`);
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

withPathOptions(program.command("build").description("build the site from content/ and templates/ into the output folder")).action(
  run((options) => {
    const report = build(pathsOf(options));
    if (report.diagnostics.length) printDiagnostics(report.diagnostics);
    process.stdout.write(`xnews: wrote ${report.pages} pages and ${report.assets} files to ${displayPath(path.resolve(options.out))} in ${report.ms} ms\n`);
  }),
);

withPathOptions(program.command("check").description("check content/ and templates/ without writing anything; exit 1 on any problem")).action(
  run((options) => {
    const { diagnostics } = inspectProject(pathsOf(options));
    if (diagnostics.length) {
      printDiagnostics(diagnostics, process.stdout);
      process.exitCode = 1;
    } else process.stdout.write("xnews: no problems found\n");
  }),
);

program.parse();
