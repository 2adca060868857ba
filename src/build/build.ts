// `xnews build`: the site read (story files unchanged since the last build are taken from the
// cache), checked, and written whole into a staged folder that is swapped in at the end. Files
// whose job key is unchanged are hard-linked from the live site into the stage rather than
// rendered again; so a build that changes one story renders the few files that show it, and the
// guarantee stays: a failed or killed build leaves the previous site as it was.
import fs from "node:fs";
import path from "node:path";
import { displayPath } from "../content/files.js";
import { UserError, errorAt, hasErrors, type Diagnostic } from "../diagnostics.js";
import { pathInside } from "../paths.js";
import { readingSettings } from "../content/load-content.js";
import { Site, checkOutput, type ProjectPaths } from "../site.js";
import { recoverOutput, stageOutput } from "../output/staged-output.js";
import { copyPlain } from "../output/writer.js";
import { DependencyIndex } from "../render/dependencies.js";
import { BuildCache, DEFAULT_CACHE_DIR, type CachedStories, type FileRecord } from "./cache.js";
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

export async function build(paths: ProjectPaths, options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  const progress = options.progress;
  // A site a killed build set aside is put back first: "the previous site is unchanged" holds.
  // (Only folders carrying xnews's marker are touched, so this is safe before any check.)
  recoverOutput(paths.outDir);
  // An output folder that must not be replaced is said first: it also decides where a cache may go.
  const refused = checkOutput(paths);
  if (hasErrors(refused)) throw new UserError(refused);
  const cache = options.cache === false ? undefined : new BuildCache(cacheFolder(paths, options.cache ?? DEFAULT_CACHE_DIR), options.version ?? "dev");
  progress?.phase("reading");
  // The story cache is keyed by the settings stories are read with, known once site.yml is read.
  let stories: CachedStories | undefined;
  const site = new Site(paths, cache && ((config) => (stories = cache.stories(paths.contentDir, readingSettings(config)))));
  const pool = new RenderPool(options.jobs ?? defaultJobs());
  try {
    await site.loadWith((config, places) => pool.readStories(config, places));
    const diagnostics = site.problems();
    if (hasErrors(diagnostics)) throw new UserError(diagnostics);
    return await writeSite(site, paths, pool, diagnostics, cache, stories, started, progress);
  } finally {
    await pool.close();
  }
}

async function writeSite(
  site: Site,
  paths: ProjectPaths,
  pool: RenderPool,
  diagnostics: Diagnostic[],
  cache: BuildCache | undefined,
  stories: CachedStories | undefined,
  started: number,
  progress: Progress | undefined,
): Promise<BuildReport> {
  const live = path.resolve(paths.outDir);
  const previous = cache?.outputs(live);
  const index = new DependencyIndex(previous?.dependencies);
  const liveFiles = previous?.files ?? new Map<string, FileRecord>();
  const staged = stageOutput(live);
  pool.writeTo(site.renderSettings(), staged.writer.root);
  const files = new Map<string, FileRecord>();
  let total = 0;
  let reused = 0;
  let copied = 0;
  const stage = new StageLinks(live, staged.writer.root);
  try {
    const count = site.model!.outputs.length;
    progress?.phase("writing", count);
    // A file of the live site is kept only while it is the very file the last build wrote.
    const plan = site.plan(index, (route) => !stage.intact(route, liveFiles.get(route)));
    for (const { route, job } of plan.steps) {
      total++;
      if (!job) {
        files.set(route, stage.keep(route, liveFiles.get(route)!));
        reused++;
      } else if (job.kind === "copy") {
        staged.writer.copy(route, job.source);
        files.set(route, recordOf(path.join(staged.writer.root, route)));
        copied++;
      } else {
        await pool.add(job);
      }
      if (job) plan.made(job);
      progress?.done(reused + copied + pool.rendered, count);
    }
    await pool.finish();
    plan.finish();
    for (const [route, record] of pool.records) files.set(route, record);
    progress?.phase("swapping");
    const swap = staged.commit();
    if (cache) {
      stories?.save();
      // Unchanged when every file was linked as recorded and nothing was recorded anew.
      const same = !index.dirty && files.size === liveFiles.size && [...files].every(([route, record]) => liveFiles.get(route) === record);
      if (!same || !previous) cache.saveOutputs(live, { dependencies: index.stored(), files });
    }
    return {
      files: total,
      rendered: copied + pool.rendered,
      reused,
      read: site.storiesRead,
      diagnostics,
      notices: cache?.notices ?? [],
      ms: Math.round(performance.now() - started),
      contentsSwapped: swap.contentsSwapped,
    };
  } catch (e) {
    // Workers may still be writing into the stage: it is removed once they are done.
    await pool.settle();
    staged.abort();
    throw e;
  }
}

/**
 * The cache folder, refused where it would be published (public/, the output folder) or mixed
 * with the site's sources: it holds every story's reading, drafts included.
 */
function cacheFolder(paths: ProjectPaths, dir: string): string {
  const cache = path.resolve(dir);
  const places: [string, string][] = [
    ["the content folder", paths.contentDir],
    ["the templates folder", paths.templatesDir],
    ["the public folder", paths.publicDir],
    ["the output folder", paths.outDir],
  ];
  for (const [name, place] of places) {
    const folder = path.resolve(place);
    if (cache === folder || pathInside(folder, cache) !== undefined || pathInside(cache, folder) !== undefined) {
      throw new UserError([errorAt("--cache", `the build cache ${displayPath(cache)} would be in or around ${name} (${displayPath(folder)})`, "keep the cache in a folder of its own, such as the default .xnews-cache")]);
    }
  }
  return cache;
}

/** Files of the live site put into the stage: hard links where the file system allows, else copies. */
class StageLinks {
  private readonly madeDirs = new Set<string>();
  constructor(
    private readonly live: string,
    private readonly stage: string,
  ) {}

  /** Whether the live site's file at `route` is still the one recorded (same inode, size and time). */
  intact(route: string, record: FileRecord | undefined): boolean {
    if (!record) return false;
    try {
      const s = fs.lstatSync(path.join(this.live, route), { bigint: true });
      return s.isFile() && String(s.ino) === record.ino && String(s.size) === record.size && String(s.mtimeNs) === record.mtimeNs;
    } catch {
      return false;
    }
  }

  /** Puts the live file into the stage; returns the staged file's record. */
  keep(route: string, record: FileRecord): FileRecord {
    const from = path.join(this.live, route);
    const to = path.join(this.stage, route);
    const dir = path.dirname(to);
    if (!this.madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    try {
      fs.linkSync(from, to);
      return record;
    } catch (e) {
      if (!["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    }
    copyPlain(from, to);
    return recordOf(to);
  }
}
