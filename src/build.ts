// The pipeline, start to end: content → model → render → output.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadContent } from "./content/load-content.js";
import { UserError, hasErrors, type Diagnostic } from "./diagnostics.js";
import { buildSiteModel, type SiteModel } from "./model/site-model.js";
import { createEnvironment } from "./render/environment.js";
import { pageJobs, renderPage } from "./render/pages.js";
import { templateError } from "./render/template-errors.js";
import { collectPublicFiles, copyPublicFiles } from "./output/public-files.js";
import { stageOutput, type Writer } from "./output/writer.js";

export interface ProjectPaths {
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  outDir: string;
}

/** xnews's own public/ (the stylesheet), under any site's public/ files. */
export const BUILTIN_PUBLIC = path.resolve(fileURLToPath(import.meta.url), "../../public");

export interface BuildReport {
  pages: number;
  assets: number;
  diagnostics: Diagnostic[];
  ms: number;
}

export interface PreparedSite {
  model: SiteModel;
  publicFiles: Map<string, string>;
  diagnostics: Diagnostic[];
}

/** Reads and checks everything; throws a UserError listing every problem if any is an error. */
export function prepareSite(paths: ProjectPaths): PreparedSite {
  const loaded = loadContent(paths.contentDir);
  if (!loaded.content) throw new UserError(loaded.diagnostics);
  const publicDirs = path.resolve(paths.publicDir) === BUILTIN_PUBLIC ? [BUILTIN_PUBLIC] : [BUILTIN_PUBLIC, paths.publicDir];
  const publicFiles = collectPublicFiles(publicDirs);
  const { model, diagnostics } = buildSiteModel(loaded.content, { publicFiles: new Set(publicFiles.keys()) });
  const all = [...loaded.diagnostics, ...diagnostics];
  if (hasErrors(all)) throw new UserError(all);
  return { model, publicFiles, diagnostics: all };
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

export function build(paths: ProjectPaths): BuildReport {
  const started = performance.now();
  const site = prepareSite(paths);
  const staged = stageOutput(paths.outDir);
  try {
    const counts = writeSite(site, paths.templatesDir, staged.writer);
    staged.commit();
    return { ...counts, diagnostics: site.diagnostics, ms: Math.round(performance.now() - started) };
  } catch (e) {
    staged.abort();
    throw e;
  }
}
