// The pipeline, start to end: content → model → render → output.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "./content/load-content.js";
import { UserError, hasErrors, type Diagnostic } from "./diagnostics.js";
import { buildSiteModel, type SiteModel } from "./model/site-model.js";
import { createEnvironment } from "./render/environment.js";
import { pageJobs, renderPage } from "./render/pages.js";
import { checkTemplates } from "./render/template-check.js";
import { templateError } from "./render/template-errors.js";
import { checkOutputFolder } from "./output/guard.js";
import { collectPublicFiles, copyPublicFiles } from "./output/public-files.js";
import { recoverOutput, stageOutput } from "./output/staged-output.js";
import type { Writer } from "./output/writer.js";

export interface ProjectPaths {
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  outDir: string;
}

/** xnews's own public/ (the stylesheet), under any site's public/ files. */
export const BUILTIN_PUBLIC = path.resolve(fileURLToPath(import.meta.url), "../../public");

export interface PreparedSite {
  model: SiteModel;
  publicFiles: Map<string, string>;
  diagnostics: Diagnostic[];
}

export interface Inspection {
  /** The site, when the content could be read at all (it may still have errors). */
  site?: PreparedSite;
  diagnostics: Diagnostic[];
}

/** Every check `xnews check` makes, on content, templates and the output folder; writes nothing. */
export function inspectProject(paths: ProjectPaths): Inspection {
  // Content first: loading Nunjucks (for the template check) slows the reading of stories.
  const loaded = loadContent(paths.contentDir);
  const diagnostics: Diagnostic[] = [checkOutput(paths), loaded.diagnostics, checkTemplates(paths.templatesDir).diagnostics].flat();
  if (!loaded.content) return { diagnostics };
  const { files: publicFiles, warnings } = collectPublicFiles(publicDirsOf(paths));
  const built = buildSiteModel(loaded.content, { publicFiles: new Set(publicFiles.keys()) });
  for (const d of [...warnings, ...built.diagnostics]) diagnostics.push(d);
  return { site: { model: built.model, publicFiles, diagnostics }, diagnostics };
}

/** The output folder may be replaced: it holds nothing of the user's. */
export function checkOutput(paths: ProjectPaths): Diagnostic[] {
  return checkOutputFolder({
    outDir: paths.outDir,
    sources: {
      "the project folder": process.cwd(),
      "the content folder": paths.contentDir,
      "the templates folder": paths.templatesDir,
      "the public folder": paths.publicDir,
    },
  });
}

/** xnews's own public/ first, then the site's, whose files win. */
export function publicDirsOf(paths: ProjectPaths): string[] {
  return path.resolve(paths.publicDir) === BUILTIN_PUBLIC ? [BUILTIN_PUBLIC] : [BUILTIN_PUBLIC, paths.publicDir];
}

/** Reads and checks everything; throws a UserError listing every problem if any is an error. */
export function prepareSite(paths: ProjectPaths): PreparedSite {
  const { site, diagnostics } = inspectProject(paths);
  if (!site || hasErrors(diagnostics)) throw new UserError(diagnostics);
  return site;
}

/** Renders every page and copies public/ through `writer`. */
export function writeSite(site: PreparedSite, templatesDir: string, writer: Writer): { pages: number; assets: number } {
  const assets = copyPublicFiles(site.publicFiles, writer);
  const env = createEnvironment(templatesDir);
  const jobs = pageJobs(site.model);
  for (const job of jobs) {
    let html: string;
    try {
      html = renderPage(env, site.model, job);
    } catch (e) {
      throw new UserError([templateError(e, templatesDir)], { cause: e });
    }
    writer.write(job.route, html);
  }
  return { pages: jobs.length, assets };
}

export interface BuildReport {
  pages: number;
  assets: number;
  diagnostics: Diagnostic[];
  ms: number;
  /** Why the output folder's contents were swapped rather than the folder whole, when they were. */
  contentsSwapped?: string;
}

/** Checks, then writes the whole site into a fresh folder and swaps it in; nothing on error. */
export function build(paths: ProjectPaths): BuildReport {
  const started = performance.now();
  // A site a killed build set aside is put back first: "the previous site is unchanged" holds.
  // (Only folders carrying xnews's marker are touched, so this is safe before any check.)
  recoverOutput(paths.outDir);
  const site = prepareSite(paths);
  const staged = stageOutput(paths.outDir);
  try {
    const counts = writeSite(site, paths.templatesDir, staged.writer);
    const swap = staged.commit();
    return { ...counts, diagnostics: site.diagnostics, ms: Math.round(performance.now() - started), contentsSwapped: swap.contentsSwapped };
  } catch (e) {
    staged.abort();
    throw e;
  }
}
