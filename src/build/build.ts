// `xnews build`: the site read (story files unchanged since the last build are taken from the
// cache), checked, and written whole into a staged folder that is swapped in at the end. Files
// whose job key is unchanged are hard-linked from the live site into the stage rather than
// rendered again; so a build that changes one story renders the few files that show it, and the
// guarantee stays: a failed or killed build leaves the previous site as it was.
import fs from "node:fs";
import path from "node:path";
import { UserError, hasErrors, type Diagnostic } from "../diagnostics.js";
import { readingSettings } from "../content/load-content.js";
import { Site, checkOutput, type ProjectPaths } from "../site.js";
import { recoverOutput, stageOutput } from "../output/staged-output.js";
import { copyPlain } from "../output/writer.js";
import { BuildCache, DEFAULT_CACHE_DIR, type CachedStories, type OutputRecord } from "./cache.js";
import { recordOf } from "./render-batch.js";
import { RenderPool, defaultJobs } from "./render-pool.js";
import type { Progress } from "./progress.js";

export type { ProjectPaths };
export { checkOutput };

export interface BuildOptions {
  /** Worker threads rendering pages (1: the main thread alone). */
  jobs?: number;
  /** The cache folder, or false for none (--no-cache). */
  cache?: string | false;
  /** xnews's version: a cache written by another version is not used. */
  version?: string;
  progress?: Progress;
}

export interface BuildReport {
  /** Files in the site. */
  files: number;
  /** Files rendered (or copied) anew. */
  rendered: number;
  /** Files taken unchanged from the previous site. */
  reused: number;
  /** Story files read (the others came from the cache). */
  read: number;
  diagnostics: Diagnostic[];
  /** One-line notices: a cache that could not be used, and the like. */
  notices: string[];
  ms: number;
  /** Why the output folder's contents were swapped rather than the folder whole, when they were. */
  contentsSwapped?: string;
}

/** Every check `xnews check` makes, on content, templates and the output folder; writes nothing. */
export function inspectProject(paths: ProjectPaths): { site: Site; diagnostics: Diagnostic[] } {
  const site = new Site(paths);
  site.load();
  return { site, diagnostics: site.problems() };
}

/** Reads and checks everything; throws a UserError listing every problem if any is an error. */
export function prepareSite(paths: ProjectPaths): Site {
  const { site, diagnostics } = inspectProject(paths);
  if (hasErrors(diagnostics)) throw new UserError(diagnostics);
  return site;
}

export async function build(paths: ProjectPaths, options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  const progress = options.progress;
  // A site a killed build set aside is put back first: "the previous site is unchanged" holds.
  // (Only folders carrying xnews's marker are touched, so this is safe before any check.)
  recoverOutput(paths.outDir);
  const cache = options.cache === false ? undefined : new BuildCache(path.resolve(options.cache ?? DEFAULT_CACHE_DIR), options.version ?? "dev");
  progress?.phase("reading");
  // The story cache is keyed by the settings stories are read with, known once site.yml is read.
  let stories: CachedStories | undefined;
  const site = new Site(paths, cache && ((config) => (stories = cache.stories(paths.contentDir, readingSettings(config)))));
  site.load();
  const diagnostics = site.problems();
  if (hasErrors(diagnostics)) throw new UserError(diagnostics);

  const live = path.resolve(paths.outDir);
  const previous = cache?.outputs(live) ?? new Map<string, OutputRecord>();
  const staged = stageOutput(live);
  const pool = new RenderPool(site.renderSettings(), staged.writer.root, options.jobs ?? defaultJobs());
  const records = new Map<string, OutputRecord>();
  let files = 0;
  let reused = 0;
  let copied = 0;
  const madeDirs = new Set<string>();
  try {
    const total = site.model!.outputs.length;
    progress?.phase("writing", total);
    for (const job of site.jobs()) {
      files++;
      const prior = previous.get(job.route);
      const kept = prior?.key === job.key ? keepUnchanged(live, staged.writer.root, job.route, prior, madeDirs) : undefined;
      if (kept) {
        records.set(job.route, kept);
        reused++;
      } else if (job.kind === "copy") {
        staged.writer.copy(job.route, job.source);
        records.set(job.route, recordOf(path.join(staged.writer.root, job.route), job.key));
        copied++;
      } else {
        await pool.add(job);
      }
      progress?.done(reused + copied + pool.rendered, total);
    }
    await pool.finish();
    for (const [route, record] of pool.records) records.set(route, record);
    progress?.phase("swapping");
    const swap = staged.commit();
    if (cache) {
      stories?.save();
      cache.saveOutputs(live, records);
    }
    const notices = cache?.notices ?? [];
    return {
      files,
      rendered: copied + pool.rendered,
      reused,
      read: site.storiesRead,
      diagnostics,
      notices,
      ms: Math.round(performance.now() - started),
      contentsSwapped: swap.contentsSwapped,
    };
  } catch (e) {
    staged.abort();
    throw e;
  } finally {
    await pool.close();
  }
}

/**
 * Puts the live site's file at `route` into the stage, when it is still the file the last build
 * wrote (same inode, size and time): a hard link where the file system allows one, else a copy.
 * Returns the staged file's record, or undefined when the file must be made anew.
 */
function keepUnchanged(live: string, stage: string, route: string, record: OutputRecord, madeDirs: Set<string>): OutputRecord | undefined {
  const from = path.join(live, route);
  let stat: fs.BigIntStats;
  try {
    stat = fs.lstatSync(from, { bigint: true });
  } catch {
    return undefined;
  }
  if (!stat.isFile() || String(stat.ino) !== record.ino || String(stat.size) !== record.size || String(stat.mtimeNs) !== record.mtimeNs) return undefined;
  const to = path.join(stage, route);
  const dir = path.dirname(to);
  if (!madeDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  try {
    fs.linkSync(from, to);
    return record;
  } catch (e) {
    if (!["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
  }
  copyPlain(from, to);
  return recordOf(to, record.key);
}
