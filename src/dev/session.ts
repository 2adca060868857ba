// The dev server's site: built once, then kept in memory and brought up to date file by file.
// After an edit it renders only the pages that show what changed, and writes only the files whose
// bytes changed, so the output folder always holds exactly what `xnews build` would write.
import fs from "node:fs";
import path from "node:path";
import { checkOutput, publicDirsOf, type ProjectPaths } from "../build.js";
import type { SiteConfig } from "../config.js";
import { isPlainFileUnder } from "../content/file-tree.js";
import { displayPath } from "../content/files.js";
import { createStoryReader, listStoryFiles, loadSiteConfig, placeOfStoryFile, type StoryPlace, type StoryResult } from "../content/load-content.js";
import type { Story } from "../content/story.js";
import { UserError, compareText, hasErrors, type Diagnostic } from "../diagnostics.js";
import { pathInside } from "../paths.js";
import { buildSiteModel, refreshStories, type SiteModel } from "../model/site-model.js";
import { createEnvironment } from "../render/environment.js";
import { basePathOf } from "../render/links.js";
import { pageDeps, roleKeys } from "../render/page-deps.js";
import { TEMPLATE_OF, pageJobs, renderPage, type PageJob } from "../render/pages.js";
import { checkTemplates, type TemplateSet } from "../render/template-check.js";
import { templateError } from "../render/template-errors.js";
import { collectPublicFiles } from "../output/public-files.js";
import { LiveOutput, type OutputFile } from "../output/live-output.js";
import { contentsSwapNote } from "../output/staged-output.js";
import { contentHash, sourceFingerprint } from "../output/writer.js";
import type nunjucks from "nunjucks";

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

interface Rendered {
  job: PageJob;
  /** Everything the page's content depends on; a page whose signature changes is rendered again. */
  signature: string;
}

export class DevSession {
  private config!: SiteConfig;
  private readStoryFile!: ReturnType<typeof createStoryReader>;
  /** Every story file's last reading, by place key (the order `xnews build` reads them in). */
  private readonly files = new Map<string, StoryResult>();
  private templates!: TemplateSet;
  private env!: nunjucks.Environment;
  private publicFiles = new Map<string, string>();
  /** Links and special files skipped in the story folders and public/ (warnings, as build gives). */
  private skipped: { stories: Diagnostic[]; public: Diagnostic[] } = { stories: [], public: [] };
  private model!: SiteModel;
  private modelDiagnostics: Diagnostic[] = [];
  private pages = new Map<string, Rendered>();
  /** "role:id" → the routes of the pages that show it. */
  private shownOn = new Map<string, Set<string>>();
  private readonly output: LiveOutput;
  private broken = false;
  /** Whether a whole build has been written: until then the output folder's content is unknown. */
  private built = false;
  /** The output folder went away and the site could not be built since: wait for an edit. */
  private repairFailed = false;
  problems: Diagnostic[] = [];

  /** The path the site lives under, from site.yml's url ("/" when it has none). */
  sitePath(): string {
    return basePathOf(this.config?.url ?? "");
  }

  constructor(readonly paths: ProjectPaths) {
    this.output = new LiveOutput(path.resolve(paths.outDir));
  }

  /**
   * The first build: everything read, checked and written through a staged folder, as `build`
   * does. With errors in the content it writes nothing and reports them; the first change after
   * that tries again. An output folder that must not be replaced is refused outright.
   */
  start(): RebuildReport {
    const started = performance.now();
    const refused = checkOutput(this.paths);
    if (hasErrors(refused)) throw new UserError(refused);
    const problems = this.readEverything();
    if (hasErrors(problems)) return this.fail("first build", problems, started);
    let swap: ReturnType<LiveOutput["replaceWhole"]>;
    try {
      this.indexPages();
      swap = this.output.replaceWhole((writer) => {
        for (const [rel, abs] of this.publicFiles) writer.copy(rel, abs);
        for (const [route, page] of this.pages) writer.write(route, this.render(page.job));
      });
    } catch (e) {
      if (e instanceof UserError) return this.fail("first build", e.diagnostics, started);
      throw e;
    }
    this.built = true;
    this.broken = false;
    const note = swap.contentsSwapped ? contentsSwapNote(swap.contentsSwapped) : undefined;
    return { reason: "first build", written: swap.routes, deleted: [], ms: elapsed(started), problems, note };
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
      try {
        const report = { ...this.start(), reason };
        this.repairFailed = hasErrors(report.problems);
        return report;
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        this.repairFailed = true;
        return this.fail(reason, e.diagnostics, started);
      }
    }
    const missing = this.output.takeMissing();
    if (!missing.length) return undefined;
    const touched = new Set(missing.map((route) => (this.pages.has(route) ? route : `public:${route}`)));
    return this.finish(`${missing.length} file${missing.length === 1 ? "" : "s"} deleted from the output folder`, touched, started);
  }

  /** Brings the output up to date with a batch of changed files. */
  apply(changes: readonly FileChange[]): RebuildReport {
    const started = performance.now();
    const kinds = classify(this.paths, changes);
    let reason = "";
    try {
      // Until one build has succeeded, or once the output folder has gone, what is on disk is
      // not known: build whole, staged.
      this.repairFailed = false;
      if (!this.built) return { ...this.start(), reason: "first good build" };
      if (!this.output.intact()) return { ...this.start(), reason: "the output folder was deleted or replaced: everything" };
      if (kinds.settings || this.broken) {
        reason = kinds.settings ? "site.yml changed: everything" : "recovering: everything";
        const problems = this.readEverything();
        if (hasErrors(problems)) return this.fail(reason, problems, started);
        this.indexPages();
        this.broken = false;
        return this.finish(reason, this.everyRoute(), started);
      }
      reason = describe(kinds);
      const touched = new Set<string>();
      if (kinds.templates.length) {
        const templates = checkTemplates(this.paths.templatesDir);
        if (hasErrors(templates.diagnostics)) return this.fail(reason, this.currentProblems(templates.diagnostics), started);
        this.templates = templates;
        this.env = createEnvironment(this.paths.templatesDir);
        for (const route of this.pagesUsing(kinds.templates)) touched.add(route);
      }
      if (kinds.public.length) {
        const listed = collectPublicFiles(publicDirsOf(this.paths));
        this.publicFiles = listed.files;
        this.skipped.public = listed.warnings;
        for (const rel of kinds.public) touched.add(`public:${rel}`);
      }
      if (kinds.storyListing) this.skipped.stories = listStoryFiles(this.paths.contentDir).warnings;
      if (kinds.stories.length) {
        const storyPages = this.applyStories(kinds.stories);
        if (!storyPages) return this.fail(reason, this.problems, started);
        for (const route of storyPages) touched.add(route);
      } else if (kinds.public.length) {
        // Covers are checked against public/, and public files may not take a page's place.
        const built = buildSiteModel({ config: this.config, stories: this.goodStories() }, { publicFiles: new Set(this.publicFiles.keys()) });
        this.modelDiagnostics = built.diagnostics;
      }
      const problems = this.currentProblems();
      if (hasErrors(problems)) return this.fail(reason, problems, started);
      this.problems = problems;
      return this.finish(reason, touched, started);
    } catch (e) {
      if (e instanceof UserError) return this.fail(reason, e.diagnostics, started);
      throw e;
    }
  }

  // ---------------------------------------------------------------- reading

  /** Reads settings, templates, every story and public/; builds the model. Returns the problems. */
  private readEverything(): Diagnostic[] {
    const configResult = loadSiteConfig(this.paths.contentDir);
    if (configResult.config) {
      // Stories before templates: loading Nunjucks (for the template check) slows their reading.
      this.config = configResult.config;
      this.readStoryFile = createStoryReader(this.config);
      this.files.clear();
      const listing = listStoryFiles(this.paths.contentDir);
      this.skipped.stories = listing.warnings;
      for (const place of listing.places) this.files.set(place.key, this.readStoryFile(place));
    }
    this.templates = checkTemplates(this.paths.templatesDir);
    if (!configResult.config) return [...configResult.diagnostics, ...this.templates.diagnostics];
    const listed = collectPublicFiles(publicDirsOf(this.paths));
    this.publicFiles = listed.files;
    this.skipped.public = listed.warnings;
    this.env = createEnvironment(this.paths.templatesDir);
    this.rebuildModel();
    this.problems = [...configResult.diagnostics, ...this.currentProblems()];
    return this.problems;
  }

  private rebuildModel(): void {
    const built = buildSiteModel({ config: this.config, stories: this.goodStories() }, { publicFiles: new Set(this.publicFiles.keys()) });
    this.model = built.model;
    this.modelDiagnostics = built.diagnostics;
  }

  private goodStories(): Story[] {
    return [...this.files.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .flatMap(([, r]) => (r.story ? [r.story] : []));
  }

  private currentProblems(templateProblems = this.templates.diagnostics): Diagnostic[] {
    return [this.skipped.stories, [...this.files.values()].flatMap((r) => r.diagnostics), this.skipped.public, this.modelDiagnostics, templateProblems].flat();
  }

  /**
   * Re-reads changed story files. When no story changed what relates it to others (id, date,
   * channel, tags, related, featured, draft, cover) the model is patched in place; otherwise it is
   * built again and every page's dependencies compared. Returns the routes to render again.
   */
  private applyStories(changes: { kind: ChangeKind; key: string; place: StoryPlace }[]) {
    const before = new Map<string, Story | undefined>();
    let relational = false;
    for (const { kind, key, place } of changes) {
      const old = this.files.get(key)?.story;
      before.set(key, old);
      if (kind === "unlink") this.files.delete(key);
      else this.files.set(key, this.readStoryFile(place));
      const now = this.files.get(key)?.story;
      if (!old || !now || relationKey(old) !== relationKey(now)) relational = true;
    }
    if ([...this.files.values()].some((r) => hasErrors(r.diagnostics))) {
      this.problems = this.currentProblems();
      return undefined;
    }
    const touched = new Set<string>();
    const changedIds = new Map<string, { old?: Story; now?: Story }>();
    for (const [key, old] of before) {
      const now = this.files.get(key)?.story;
      for (const id of new Set([old?.id, now?.id])) if (id) changedIds.set(id, { old: old?.id === id ? old : undefined, now: now?.id === id ? now : undefined });
    }
    const shown = (id: string) => this.model.byId.has(id) || this.model.routes.has(id);
    const oldKeys = new Map([...changedIds].map(([id, { old }]) => [id, old && shown(id) ? roleKeys(this.model, old) : undefined]));
    if (relational) {
      const oldPages = this.pages;
      this.rebuildModel();
      if (hasErrors(this.modelDiagnostics)) {
        this.problems = this.currentProblems();
        return undefined;
      }
      this.indexPages();
      for (const [route, page] of this.pages) if (oldPages.get(route)?.signature !== page.signature) touched.add(route);
      for (const route of oldPages.keys()) if (!this.pages.has(route)) touched.add(route);
    } else {
      refreshStories(this.model, [...changedIds.values()].map((c) => c.now!));
    }
    for (const [id, { now }] of changedIds) {
      for (const route of this.shownOn.get(`full:${id}`) ?? []) touched.add(route);
      const was = oldKeys.get(id);
      const is = now && shown(id) ? roleKeys(this.model, now) : undefined;
      for (const role of ["link", "teaser", "summary"] as const) {
        if (was?.[role] !== is?.[role]) for (const route of this.shownOn.get(`${role}:${id}`) ?? []) touched.add(route);
      }
    }
    return touched;
  }

  // ---------------------------------------------------------------- pages

  /** Every page with what it shows, and the reverse: which pages show each story in each role. */
  private indexPages(): void {
    this.pages = new Map();
    this.shownOn = new Map();
    for (const job of pageJobs(this.model)) {
      const deps = pageDeps(this.model, job);
      this.pages.set(job.route, { job, signature: `${job.kind}|${deps.shape}|${deps.shows.join(",")}` });
      for (const dep of deps.shows) {
        let routes = this.shownOn.get(dep);
        if (!routes) this.shownOn.set(dep, (routes = new Set()));
        routes.add(job.route);
      }
    }
  }

  private pagesUsing(templateNames: string[]): Set<string> {
    const kinds = (Object.keys(TEMPLATE_OF) as PageJob["kind"][]).filter((kind) => {
      const name = TEMPLATE_OF[kind]!;
      const uses = this.templates.uses.get(name) ?? new Set();
      return templateNames.some((t) => t === name || uses.has(t));
    });
    return new Set([...this.pages].filter(([, p]) => kinds.includes(p.job.kind)).map(([route]) => route));
  }

  private everyRoute(): Set<string> {
    return new Set([...this.pages.keys(), ...[...this.publicFiles.keys()].map((r) => `public:${r}`)]);
  }

  private render(job: PageJob): string {
    try {
      return renderPage(this.env, this.model, job);
    } catch (e) {
      throw new UserError([templateError(e, this.paths.templatesDir)], { cause: e });
    }
  }

  /** Renders the touched pages, copies touched public files, writes what changed, deletes what went. */
  private finish(reason: string, touched: Set<string>, started: number): RebuildReport {
    // Everything is rendered before anything is written: a template that throws leaves the output as it was.
    const files: OutputFile[] = [];
    for (const item of touched) {
      if (item.startsWith("public:")) {
        const rel = item.slice("public:".length);
        const abs = this.publicFiles.get(rel);
        if (abs && !this.pages.has(rel)) files.push({ route: rel, fingerprint: sourceFingerprint(abs), put: (w) => w.copy(rel, abs) });
      } else {
        const page = this.pages.get(item);
        if (!page) continue;
        const html = this.render(page.job);
        files.push({ route: item, fingerprint: contentHash(html), put: (w) => w.write(item, html) });
      }
    }
    const { written, deleted } = this.output.update(files, (route) => this.pages.has(route) || this.publicFiles.has(route));
    this.broken = false;
    this.problems = this.currentProblems();
    return { reason, written, deleted, ms: elapsed(started), problems: this.problems };
  }

  private fail(reason: string, problems: Diagnostic[], started: number): RebuildReport {
    this.broken = true;
    this.problems = problems;
    return { reason, written: [], deleted: [], ms: elapsed(started), problems, kept: this.output.intact() };
  }

}

/** What, of a story, relates it to other stories or decides where pages go. */
function relationKey(s: Story): string {
  return JSON.stringify([s.kind, s.id, s.date.instant, s.channel, s.tags, s.related, s.featured, s.draft, s.cover]);
}

interface Classified {
  settings: boolean;
  templates: string[];
  public: string[];
  stories: { kind: ChangeKind; key: string; place: StoryPlace }[];
  /** A link or special file came or went where stories are kept: list the folders again. */
  storyListing: boolean;
}

function classify(paths: ProjectPaths, changes: readonly FileChange[]): Classified {
  const out: Classified = { settings: false, templates: [], public: [], stories: [], storyListing: false };
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
      if (place) out.stories.push({ kind: plain ? c.kind : "unlink", key: place.key, place });
      if (!plain) out.storyListing = true;
    } else if (inTemplates !== undefined) out.templates.push(inTemplates);
    else if (inPublic !== undefined) out.public.push(inPublic);
  }
  return out;
}

function describe(kinds: Classified): string {
  const parts = [
    ...kinds.stories.map((s) => `${s.kind === "unlink" ? "deleted" : s.kind === "add" ? "added" : "edited"} ${displayPath(path.join(s.place.dir, s.place.rel))}`),
    ...kinds.templates.map((t) => `template ${t}`),
    ...kinds.public.map((p) => `public/${p}`),
  ];
  return parts.length > 3 ? `${parts.slice(0, 3).join(", ")} and ${parts.length - 3} more` : parts.join(", ") || "nothing to do";
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
