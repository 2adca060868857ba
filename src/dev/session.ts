// The dev server's site: built once, then kept in memory and brought up to date file by file.
// After an edit it renders only the pages that show what changed, and writes only the files whose
// bytes changed, so the output folder always holds exactly what `xnews build` would write.
import path from "node:path";
import { isPlainFileUnder } from "../content/file-tree.js";
import { displayPath } from "../content/files.js";
import { placeOfStoryFile } from "../content/load-content.js";
import { UserError, hasErrors, type Diagnostic } from "../diagnostics.js";
import { pathInside } from "../paths.js";
import type { ClockSetting } from "../model/clock.js";
import { Site, checkOutput, type InputChanges, type OutputPlan, type ProjectPaths } from "../site.js";
import { SearchIndexes, indexInThisThread } from "../render/search-index.js";
import { DependencyIndex } from "../render/dependencies.js";
import type { Job, RenderJob } from "../render/jobs.js";
import { basePathOf } from "../render/links.js";
import { createJobRenderer, type JobRenderer } from "../render/render-job.js";
import { pictureFileSync } from "../render/image-variants.js";
import { templateError } from "../render/template-errors.js";
import { LiveOutput, type OutputFile } from "../output/live-output.js";
import { contentsSwapNote } from "../output/staged-output.js";
import { contentHash } from "../output/writer.js";

export type ChangeKind = "add" | "change" | "unlink";
export interface FileChange {
  kind: ChangeKind;
  file: string;
}

export interface RebuildReport {
  /** What the rebuild was for, in a few words. */
  reason: string;
  written: string[];
  deleted: string[];
  ms: number;
  /** The problems now, if the site could not be brought up to date (the last good output stays). */
  problems: Diagnostic[];
  /** Something the user should know about how the output was written (said once). */
  note?: string;
  /** With problems: whether the last good site is still in the output folder (it may have been deleted). */
  kept?: boolean;
}

export class DevSession {
  private readonly site: Site;
  /** What every output was last made from: an output none of whose facts changed is not rendered again. */
  private index = new DependencyIndex();
  private renderer: JobRenderer | undefined;
  private readonly output: LiveOutput;
  private broken = false;
  /** Whether a whole build has been written: until then the output folder's content is unknown. */
  private built = false;
  /** The output folder went away and the site could not be built since: wait for an edit. */
  private repairFailed = false;
  problems: Diagnostic[] = [];

  /** Each month's search index, kept in memory; made again when the settings bodies are read with change. */
  private search: { settings: string; indexes: SearchIndexes } | undefined;

  /** The site's plan, once the search index has every month. */
  private plan(index: DependencyIndex, force?: (route: string) => boolean): OutputPlan {
    const model = this.site.model!;
    const settings = JSON.stringify(model.config.markdown);
    if (this.search?.settings !== settings) this.search = { settings, indexes: new SearchIndexes(indexInThisThread(model.config.markdown)) };
    this.search.indexes.indexMissing(model.search);
    this.search.indexes.retain(model.search);
    return this.site.plan(index, this.search.indexes, force);
  }

  /** The path the site lives under, from site.yml's url ("/" when it has none). */
  sitePath(): string {
    return basePathOf(this.site.model?.config.url ?? "");
  }

  /** @param clock the build's time as the command line gives it: the machine's time at each rebuild otherwise */
  constructor(
    readonly paths: ProjectPaths,
    private readonly clock: ClockSetting = {},
  ) {
    this.output = new LiveOutput(path.resolve(paths.outDir));
    this.site = new Site(paths, undefined, clock);
  }

  /**
   * The first build: everything read, checked and written through a staged folder, as `build`
   * does. With errors in the content it writes nothing and reports them; the first change after
   * that tries again. An output folder that must not be replaced is refused outright.
   */
  start(): RebuildReport {
    const refused = checkOutput(this.paths);
    if (hasErrors(refused)) throw new UserError(refused);
    this.site.load();
    this.renderer = undefined;
    return this.writeWhole("first build", performance.now());
  }

  /** Everything rendered and written through a staged folder, swapped in whole. */
  private writeWhole(reason: string, started: number): RebuildReport {
    const problems = this.site.problems();
    if (hasErrors(problems)) return this.fail(reason, problems, started);
    let swap: ReturnType<LiveOutput["replaceWhole"]>;
    const index = new DependencyIndex();
    try {
      const plan = this.plan(index);
      swap = this.output.replaceWhole((writer) => {
        for (const { job } of plan.steps) {
          if (!job) continue;
          if (job.kind === "copy") writer.copy(job.route, job.source);
          else writer.write(job.route, this.render(job));
          plan.made(job);
        }
      });
      plan.finish();
    } catch (e) {
      if (e instanceof UserError) return this.fail(reason, e.diagnostics, started);
      throw e;
    }
    this.index = index;
    this.built = true;
    this.broken = false;
    this.problems = problems;
    const note = swap.contentsSwapped ? contentsSwapNote(swap.contentsSwapped) : undefined;
    return { reason, written: swap.routes, deleted: [], ms: elapsed(started), problems, note };
  }

  /**
   * Puts back what was deleted from the output folder behind dev's back: the whole folder (or its
   * marker) by a whole build, single files by writing them again. Cheap enough to ask often; once
   * the site cannot be built, it waits for the next edit rather than trying again and again.
   */
  repairOutput(): RebuildReport | undefined {
    if (!this.built || this.broken) return undefined;
    const started = performance.now();
    const reason = "the output folder was deleted or replaced: everything";
    if (!this.output.intact()) {
      if (this.repairFailed) return undefined;
      const report = this.writeWhole(reason, started);
      this.repairFailed = hasErrors(report.problems);
      return report;
    }
    const missing = new Set(this.output.takeMissing());
    if (!missing.size) return undefined;
    return this.finish(`${missing.size} file${missing.size === 1 ? "" : "s"} deleted from the output folder`, started, (route) => missing.has(route));
  }

  /**
   * Brings the site up to date with the machine's clock: once a story's time has come or gone (or
   * a year has begun), the site is built again as if a file had changed. Cheap enough to ask often;
   * nothing to do with a fixed clock (--now, SOURCE_DATE_EPOCH) or a site that cannot be built.
   */
  clockTick(now = Date.now()): RebuildReport | undefined {
    const model = this.site.model;
    if (!this.built || this.broken || !model || this.clock.now !== undefined || this.clock.epochSeconds !== undefined) return undefined;
    if (now < model.clockWindow.until && now >= model.clockWindow.from) return undefined;
    return this.apply([]);
  }

  /** Brings the output up to date with a batch of changed files. */
  apply(changes: readonly FileChange[]): RebuildReport {
    const started = performance.now();
    const kinds = classify(this.paths, changes);
    const reason = kinds.settings ? "site.yml changed: everything" : describe(kinds);
    this.repairFailed = false;
    this.site.reread(kinds);
    if (kinds.settings || kinds.templates) this.renderer = undefined;
    // Until one build has succeeded, or once the output folder has gone, what is on disk is not
    // known: build whole, staged.
    if (!this.built) return this.writeWhole("first good build", started);
    if (!this.output.intact()) return this.writeWhole("the output folder was deleted or replaced: everything", started);
    const problems = this.site.problems();
    if (hasErrors(problems)) return this.fail(reason, problems, started);
    this.problems = problems;
    return this.finish(reason, started);
  }

  /** A job's bytes, in this thread (dev renders and indexes in the main thread). */
  private render(job: RenderJob | Extract<Job, { kind: "deferred" }>): string | Uint8Array {
    this.renderer ??= createJobRenderer(this.site.renderSettings());
    try {
      if (job.kind === "picture") return pictureFileSync(job);
      return job.kind === "deferred" ? job.make() : this.renderer(job);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError([templateError(e, this.paths.templatesDir)], { cause: e });
    }
  }

  /**
   * Renders what changed (and the routes `force` names), writes the files whose bytes changed,
   * deletes what went. Everything is rendered before anything is written: a template that throws
   * leaves the output as it was.
   */
  private finish(reason: string, started: number, force?: (route: string) => boolean): RebuildReport {
    const routes = new Set<string>();
    const files: OutputFile[] = [];
    const made: Job[] = [];
    let plan: OutputPlan;
    try {
      plan = this.plan(this.index, force);
    } catch (e) {
      if (e instanceof UserError) return this.fail(reason, e.diagnostics, started);
      throw e;
    }
    try {
      for (const { route, job } of plan.steps) {
        routes.add(route);
        if (!job) continue;
        made.push(job);
        if (job.kind === "copy") {
          const { source } = job;
          files.push({ route, fingerprint: job.key, put: (w) => w.copy(route, source) });
        } else {
          const bytes = this.render(job);
          files.push({ route, fingerprint: contentHash(bytes), put: (w) => w.write(route, bytes) });
        }
      }
    } catch (e) {
      if (e instanceof UserError) return this.fail(reason, e.diagnostics, started);
      throw e;
    }
    const { written, deleted } = this.output.update(files, (route) => routes.has(route));
    for (const job of made) plan.made(job);
    plan.finish();
    this.broken = false;
    return { reason, written, deleted, ms: elapsed(started), problems: this.problems };
  }

  private fail(reason: string, problems: Diagnostic[], started: number): RebuildReport {
    this.broken = true;
    this.problems = problems;
    return { reason, written: [], deleted: [], ms: elapsed(started), problems, kept: this.output.intact() };
  }
}

/** The changes, by kind of input, with the names to show. */
interface Classified extends InputChanges {
  templateNames: string[];
  publicNames: string[];
}

function classify(paths: ProjectPaths, changes: readonly FileChange[]): Classified {
  const out: Classified = { settings: false, templates: false, public: false, stories: [], storyListing: false, templateNames: [], publicNames: [] };
  const latest = new Map<string, FileChange>();
  for (const c of changes) latest.set(path.resolve(c.file), c);
  for (const c of latest.values()) {
    const inContent = pathInside(paths.contentDir, c.file);
    const inTemplates = pathInside(paths.templatesDir, c.file);
    const inPublic = pathInside(paths.publicDir, c.file);
    if (inContent === "site.yml") out.settings = true;
    else if (inContent !== undefined) {
      const place = placeOfStoryFile(paths.contentDir, c.file);
      // Other files under content/ (notes, images) are not content: nothing to rebuild. What is
      // not a regular file reached without links is not read, as `xnews build` does not read it.
      const plain = c.kind !== "unlink" && isPlainFileUnder(path.resolve(paths.contentDir), path.resolve(c.file));
      if (place) out.stories.push({ kind: plain ? c.kind : "unlink", place });
      if (!plain) out.storyListing = true;
    } else if (inTemplates !== undefined) {
      out.templates = true;
      out.templateNames.push(inTemplates);
    } else if (inPublic !== undefined) {
      out.public = true;
      out.publicNames.push(inPublic);
    }
  }
  return out;
}

function describe(kinds: Classified): string {
  const parts = [
    ...kinds.stories.map((s) => `${s.kind === "unlink" ? "deleted" : s.kind === "add" ? "added" : "edited"} ${displayPath(path.join(s.place.dir, s.place.rel))}`),
    ...kinds.templateNames.map((t) => `template ${t}`),
    ...kinds.publicNames.map((p) => `public/${p}`),
  ];
  return parts.length > 3 ? `${parts.slice(0, 3).join(", ")} and ${parts.length - 3} more` : parts.join(", ") || "nothing to do";
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
