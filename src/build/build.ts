// `xnews build`: the site read (story files unchanged since the last build are taken from the
// cache), checked, and written whole into a staged folder that is swapped in at the end. Files
// whose job key is unchanged are hard-linked from the live site into the stage rather than
// rendered again; the stage is the spare, the site of two builds ago, whenever the cache knows
// it, so a build that changes one story touches only the few files that show it. When no input
// changed at all and the live site is as the last build left it, there is nothing to do. The
// guarantee stays: a failed or killed build leaves the previous site as it was.
import crypto from "node:crypto";
import path from "node:path";
import { displayPath } from "../content/files.js";
import { UserError, errorAt, hasErrors, type Diagnostic } from "../diagnostics.js";
import { pathInside } from "../paths.js";
import { readingSettings } from "../content/load-content.js";
import { Site, checkOutput, type ProjectPaths } from "../site.js";
import { folderId, linkSpare, recoverOutput, stageOutput } from "../output/staged-output.js";
import { DependencyIndex } from "../render/dependencies.js";
import { SearchIndexes, indexInThisThread, writtenMonths } from "../render/search-index.js";
import { BuildCache, DEFAULT_CACHE_DIR, type CachedStories, type FileRecord, type OutputsHistory, type OutputsRecord } from "./cache.js";
import { HeapLimit } from "./heap.js";
import { laterInputsUnchanged, stampInputs } from "./inputs.js";
import { recordOf } from "./render-batch.js";
import { StageLinks, isIntact, isExactly } from "./stage-links.js";
import { RenderPool, defaultJobs } from "./render-pool.js";
import type { Job } from "../render/jobs.js";
import type { Progress } from "./progress.js";
import { clockHolds, clockRecord, type ClockSetting } from "../model/clock.js";

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
  /** The build's time (--now, SOURCE_DATE_EPOCH) and --future; the machine's time otherwise. */
  clock?: ClockSetting;
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
export function inspectProject(paths: ProjectPaths, clock: ClockSetting = {}): { site: Site; diagnostics: Diagnostic[] } {
  const site = new Site(paths, undefined, clock);
  site.load();
  return { site, diagnostics: site.problems() };
}

export async function build(paths: ProjectPaths, options: BuildOptions = {}): Promise<BuildReport> {
  const started = performance.now();
  // One reading of the machine's clock for the whole build: what is out, and whether that changed.
  const machineNow = Date.now();
  const clock = options.clock ?? {};
  const progress = options.progress;
  // A site a killed build set aside is put back first: "the previous site is unchanged" holds.
  // (Only folders carrying xnews's marker are touched, so this is safe before any check.)
  recoverOutput(paths.outDir);
  // An output folder that must not be replaced is said first: it also decides where a cache may go.
  const refused = checkOutput(paths);
  if (hasErrors(refused)) throw new UserError(refused);
  const cache = options.cache === false ? undefined : new BuildCache(cacheFolder(paths, options.cache ?? DEFAULT_CACHE_DIR), options.version ?? "dev");
  progress?.phase("reading");
  const live = path.resolve(paths.outDir);
  const inputs = cache && stampInputs(paths);
  const previous = cache?.outputs(live);
  // No input changed since the last build, no story's time came or went, and its site is still
  // there as it wrote it (its own folder, every file as recorded, nothing added): that is the
  // site this build would write.
  if (inputs?.key !== undefined && previous?.inputs === inputs.key && clockHolds(previous.clock, clock, machineNow) && previous.folder === folderId(live) && isExactly(live, previous.files)) {
    const files = previous.files.size;
    return { files, rendered: 0, reused: files, read: 0, diagnostics: [...refused, ...previous.problems], notices: cache!.notices, ms: Math.round(performance.now() - started) };
  }
  // The story cache is keyed by the settings stories are read with, known once site.yml is read.
  let stories: CachedStories | undefined;
  const site = new Site(paths, cache && ((config) => (stories = cache.stories(paths.contentDir, readingSettings(config), inputs!.stamps))), clock, () => machineNow);
  const pool = new RenderPool(options.jobs ?? defaultJobs());
  try {
    await site.loadWith((config, places) => pool.readStories(config, places));
    const diagnostics = site.problems();
    if (hasErrors(diagnostics)) throw new UserError(diagnostics);
    // The readings are saved now, while memory holds little else: they are right whatever follows.
    stories?.save();
    const search = new SearchIndexes(indexInThisThread(site.model!.config.markdown), cache?.searchMonths());
    const record = await writeSite(site, live, pool, previous, cache !== undefined, progress, search);
    // Saved only while the site in place is the one this build swapped in: a build that ran at
    // the same time and finished later is the site, and its record is the one to keep.
    if (cache && record.folder !== undefined && folderId(live) === record.folder) {
      // The key holds only if every file read was stamped when it was made.
      const key = stories?.unstamped || !laterInputsUnchanged(inputs!) ? undefined : inputs!.key;
      const clockKept = clockRecord(clock, site.model!.clockWindow);
      cache.saveOutputs(live, { inputs: key, problems: site.inputProblems(), clock: clockKept, files: record.files, folder: record.folder }, record.history);
      search.retain(site.model!.search);
    }
    return {
      files: record.files.size,
      rendered: record.rendered,
      reused: record.reused,
      read: site.storiesRead,
      diagnostics,
      notices: cache?.notices ?? [],
      ms: Math.round(performance.now() - started),
      contentsSwapped: record.contentsSwapped,
    };
  } finally {
    await pool.close();
  }
}

/** What a build wrote: each file with its record, and what was made anew or kept; for the cache, why. */
interface WrittenSite {
  files: Map<string, FileRecord>;
  rendered: number;
  reused: number;
  history: OutputsHistory;
  contentsSwapped?: string;
  /** The output folder as this build left it (device and inode). */
  folder?: string;
}

/**
 * Stages the site and swaps it in. Outputs the index calls unchanged are linked from the live
 * site; with `keepSpare`, the old site is kept as the spare, which the next build stages into.
 */
async function writeSite(
  site: Site,
  live: string,
  pool: RenderPool,
  previous: OutputsRecord | undefined,
  keepSpare: boolean,
  progress: Progress | undefined,
  search: SearchIndexes,
): Promise<WrittenSite> {
  const before = previous?.more();
  const index = new DependencyIndex(before?.dependencies);
  const liveFiles = previous?.files ?? new Map<string, FileRecord>();
  const model = site.model!;
  const staged = stageOutput(live, keepSpare ? (before?.spare?.id ?? "") : undefined);
  pool.writeTo(site.renderSettings(), staged.writer.root);
  const files = new Map<string, FileRecord>();
  /**
   * The live site's files as recorded, to be the spare's once the live site is set aside: those
   * looked at there, and those the stage holds as the same file (looked at in the spare only; if
   * the live copy was replaced by hand, the build that stages into the spare finds it out).
   */
  const intact = new Map<string, FileRecord>();
  let reused = 0;
  let copied = 0;
  const deferred: Extract<Job, { kind: "deferred" }>[] = [];
  try {
    const stage = new StageLinks(live, staged.writer, staged.fromSpare ? { files: before!.spare!.files, routes: new Set(model.outputs.map((o) => o.route)) } : undefined);
    const count = model.outputs.length;
    progress?.phase("writing", count);
    const heap = new HeapLimit();
    let steps = 0;
    // A file of the live site is kept only while it is the very file the last build wrote. The
    // spare's copy of it, found intact, is that file (one inode): the live one need not be looked
    // at. Recorded for the spare to come, it is looked at by the build that stages into it.
    const plan = site.plan(index, search, (route) => {
      const record = liveFiles.get(route);
      if (!stage.holds(route, record) && !isIntact(live, route, record)) return true;
      intact.set(route, record!);
      return false;
    });
    for (const { route, job } of plan.steps) {
      if (!job) {
        files.set(route, stage.keep(route, liveFiles.get(route)!));
        reused++;
      } else {
        stage.clear(route);
        if (job.kind === "copy") {
          staged.writer.copy(route, job.source);
          files.set(route, recordOf(path.join(staged.writer.root, route)));
          copied++;
        } else if (job.kind === "deferred") {
          deferred.push(job);
          continue;
        } else {
          await pool.add(job);
        }
        plan.made(job);
      }
      progress?.done(reused + copied + pool.rendered, count);
      if (++steps % 1024 === 0) heap.check();
    }
    // The months the search index has none for are indexed on the workers, from the files of
    // stories now in the stage (no story file is read again); the index's files, deferred jobs,
    // are then made from the months' indexes.
    await pool.finish();
    const missing = search.missing(model.search);
    const indexes = await pool.indexMonths(writtenMonths(missing, staged.writer.root));
    missing.forEach((month, i) => search.put(month.print, indexes[i]!));
    for (const job of deferred) {
      staged.writer.write(job.route, job.make());
      files.set(job.route, recordOf(path.join(staged.writer.root, job.route)));
      copied++;
      plan.made(job);
      progress?.done(reused + copied + pool.rendered, count);
    }
    // The workers are done: their memory is let go before the swap and the cache's writing.
    await pool.close();
    plan.finish();
    for (const [route, record] of pool.records) files.set(route, record);
    progress?.phase("swapping");
    // The old site is kept as the spare while at least two thirds of the new site's files are its
    // own, kept; else (a first build, a template every page uses changed, which leaves only the
    // search files, about half the site) the next build would replace much of it: it is deleted
    // now, and the spare is the new site itself, every file linked.
    const swap = staged.commit(keepSpare && reused > 0 && reused * 3 >= files.size * 2 ? spareId() : undefined);
    let spare: OutputsHistory["spare"] = swap.spare === undefined ? undefined : { id: swap.spare, files: intact };
    if (keepSpare && !spare && swap.contentsSwapped === undefined) {
      const id = spareId();
      if (linkSpare(live, files.keys(), id)) spare = { id, files };
    }
    return { files, rendered: copied + pool.rendered, reused, history: { dependencies: index.stored(), spare }, contentsSwapped: swap.contentsSwapped, folder: swap.folder };
  } catch (e) {
    // Workers may still be writing into the stage: it is removed once they are done.
    await pool.settle();
    staged.abort();
    throw e;
  }
}

function spareId(): string {
  return crypto.randomBytes(8).toString("hex");
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
