// One site, as `xnews build`, `check` and `dev` all see it: it reads the project, re-reads what
// changed, lists the jobs that make every output, and reports every problem (settings warnings
// included, always). Writing is left to output/; deciding what changed, to the callers.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SiteConfig } from "./config.js";
import { createStoryReader, listStoryFiles, loadSiteConfig, type StoryPlace, type StoryResult } from "./content/load-content.js";
import type { Story } from "./content/story.js";
import { compareText, type Diagnostic } from "./diagnostics.js";
import { buildSiteModel, type SiteModel } from "./model/site-model.js";
import { clockOf, type ClockSetting } from "./model/clock.js";
import type { DependencyIndex } from "./render/dependencies.js";
import { jobOf, knownKey, type Job } from "./render/jobs.js";
import type { SearchIndexes } from "./render/search-index.js";
import { SiteReader } from "./render/reader.js";
import type { RenderSettings } from "./render/render-job.js";
import { checkTemplates, type TemplateSet } from "./render/template-check.js";
import { checkOutputFolder } from "./output/guard.js";
import { collectPublicFiles } from "./output/public-files.js";
import { PictureMemory } from "./content/picture-memory.js";
import { picturesNamed } from "./content/story-pictures.js";
import type { ImageFacts, ImageProblem } from "./content/image-facts.js";

export interface ProjectPaths {
  contentDir: string;
  templatesDir: string;
  publicDir: string;
  outDir: string;
}

/** xnews's own public/ (the stylesheet), under any site's public/ files. */
export const BUILTIN_PUBLIC = path.resolve(fileURLToPath(import.meta.url), "../../public");

/** Earlier readings of story files, to skip reading those that have not changed (build/cache.ts). */
export interface StoryMemory {
  /**
   * The earlier result for this file if the file is as it was then; else the file's stamp now,
   * taken before it is read, to be handed back with the new reading (a file saved while it is
   * read then looks changed next time, never unchanged).
   */
  recall(place: StoryPlace): { result: StoryResult } | { stamp: string | undefined };
  remember(place: StoryPlace, stamp: string | undefined, result: StoryResult): void;
}

/** What changed since the last reading, by kind of input. */
export interface InputChanges {
  settings: boolean;
  templates: boolean;
  public: boolean;
  stories: { kind: "add" | "change" | "unlink"; place: StoryPlace }[];
  /** A link or special file came or went where stories are kept: the folders are listed again. */
  storyListing: boolean;
}

/** A pass over the outputs: what to make, and how to tell the index what was made. */
export interface OutputPlan {
  steps: Generator<{ route: string; job?: Job }>;
  /** Records that `job` was made (the index is kept only if the whole pass succeeds). */
  made(job: Job): void;
  /** Every step was taken and every job made: the index now describes this model's outputs. */
  finish(): void;
}

const EVERYTHING: InputChanges = { settings: true, templates: true, public: true, stories: [], storyListing: true };

export class Site {
  private config: SiteConfig | undefined;
  private configDiagnostics: Diagnostic[] = [];
  private readStoryFile: ReturnType<typeof createStoryReader> | undefined;
  /** Every story file's last reading, by place key (the order in which a build reads them). */
  private readonly files = new Map<string, StoryResult>();
  private storyListingWarnings: Diagnostic[] = [];
  private templates!: TemplateSet;
  private publicFiles = new Map<string, string>();
  private publicWarnings: Diagnostic[] = [];
  private readonly pictures = new PictureMemory();
  private modelDiagnostics: Diagnostic[] = [];
  /** The site as it stands, once settings could be read. */
  model: SiteModel | undefined;

  private memory: StoryMemory | undefined;
  /** Story files read (not recalled) so far. */
  storiesRead = 0;

  /**
   * @param remember earlier readings of story files, for the settings they are read with
   * @param clock the build's time as the command line gives it; without one, `machineNow()` at each reading
   */
  constructor(
    readonly paths: ProjectPaths,
    private readonly remember?: (config: SiteConfig) => StoryMemory | undefined,
    private readonly clock: ClockSetting = {},
    private readonly machineNow: () => number = Date.now,
  ) {}

  /** Reads settings, every story, templates and public/, and builds the model. */
  load(): void {
    this.reread(EVERYTHING);
  }

  /**
   * As load(), with the story files that must be read (not recalled) read by `readMany`, which
   * may read them elsewhere (worker threads) but must return what createStoryReader would.
   */
  async loadWith(readMany: (config: SiteConfig, places: StoryPlace[]) => Promise<StoryResult[]>): Promise<void> {
    const places = this.readSettings(EVERYTHING);
    if (this.config) {
      const unread = this.recall(places);
      this.keep(unread, await readMany(this.config, unread.places));
    }
    this.readTheRest(EVERYTHING);
  }

  /** Reads again what changed, and builds the model again. */
  reread(changes: InputChanges): void {
    const places = this.readSettings(changes);
    if (this.config && !changes.settings) {
      for (const { kind, place } of changes.stories) {
        if (kind === "unlink") this.files.delete(place.key);
        else places.push(place);
      }
    }
    const unread = this.recall(places);
    this.keep(unread, unread.places.map((place) => this.readStoryFile!(place)));
    this.readTheRest(changes);
  }

  /** site.yml, when it changed, and the story folders' listing; returns every story file to read anew. */
  private readSettings(changes: InputChanges): StoryPlace[] {
    if (changes.settings) {
      const result = loadSiteConfig(this.paths.contentDir);
      this.config = result.config;
      this.configDiagnostics = result.diagnostics;
      this.files.clear();
      this.readStoryFile = this.config && createStoryReader(this.config);
      this.memory = this.config && this.remember?.(this.config);
    }
    if (!this.config || !(changes.settings || changes.storyListing)) return [];
    const listing = listStoryFiles(this.paths.contentDir);
    this.storyListingWarnings = listing.warnings;
    return changes.settings ? listing.places : [];
  }

  /** Templates and public/, when they changed; then the model. */
  private readTheRest(changes: InputChanges): void {
    // Stories before templates: loading Nunjucks (for the template check) slows their reading.
    if (changes.templates) this.templates = checkTemplates(this.paths.templatesDir);
    if (changes.public) {
      const listed = collectPublicFiles(publicDirsOf(this.paths));
      this.publicFiles = listed.files;
      this.publicWarnings = listed.warnings;
      this.pictures.publicChanged();
    }
    this.model = undefined;
    this.modelDiagnostics = [];
    if (this.config) {
      const { clock, diagnostics } = clockOf(this.clock, this.config.timezone, this.machineNow());
      this.modelDiagnostics = diagnostics;
      if (!clock) return;
      const stories = this.goodStories();
      const built = buildSiteModel({ config: this.config, stories }, { publicFiles: this.publicFiles, clock, pictureFacts: this.pictureFacts(stories) });
      this.model = built.model;
      this.modelDiagnostics.push(...built.diagnostics);
    }
  }

  /** The facts of every picture the stories name that is under public/, read from the files (or remembered). */
  private pictureFacts(stories: readonly Story[]): Map<string, ImageFacts | ImageProblem> {
    const facts = new Map<string, ImageFacts | ImageProblem>();
    for (const story of stories) {
      for (const route of picturesNamed(story)) {
        const source = this.publicFiles.get(route);
        if (source !== undefined && !facts.has(route)) facts.set(route, this.pictures.read(source));
      }
    }
    return facts;
  }

  /** Every problem, in the order a build finds them. */
  problems(): Diagnostic[] {
    return [...checkOutput(this.paths), ...this.inputProblems()];
  }

  /** The problems of what the site is made from: settings, stories, public/, the site as a whole, templates. */
  inputProblems(): Diagnostic[] {
    return [
      this.configDiagnostics,
      this.storyListingWarnings,
      [...this.files.values()].flatMap((r) => r.diagnostics),
      this.publicWarnings,
      this.modelDiagnostics,
      this.templates.diagnostics,
    ].flat();
  }

  /**
   * Every output, as a job to run, or as unchanged since `index` last recorded it (then it comes
   * without a job). `force` names routes to make whatever the index says.
   */
  plan(index: DependencyIndex, search: SearchIndexes, force?: (route: string) => boolean): OutputPlan {
    const model = this.model!;
    const read = new SiteReader(model, search);
    const templates = this.templates.hashes;
    index.compare(read);
    function* steps(): Generator<{ route: string; job?: Job }> {
      for (const output of model.outputs) {
        const forced = force?.(output.route) ?? false;
        const key = knownKey(read, output, templates);
        if (!forced && key !== undefined && index.unchanged(output.route, key)) {
          yield { route: output.route };
          continue;
        }
        const job = jobOf(read, output, templates);
        yield !forced && key === undefined && index.unchanged(job.route, job.key) ? { route: output.route } : { route: output.route, job };
      }
    }
    return {
      steps: steps(),
      made: (job) => index.set(job.route, job.key, "facts" in job ? job.facts : undefined, read),
      finish: () => {
        const routes = new Set(model.outputs.map((o) => o.route));
        for (const route of [...index.routes()]) if (!routes.has(route)) index.forget(route);
        index.commit();
      },
    };
  }

  renderSettings(): RenderSettings {
    return { templatesDir: this.paths.templatesDir, markdown: this.config!.markdown };
  }

  /** Puts in place the readings memory still holds; returns the places left to read, with their stamps before reading. */
  private recall(places: StoryPlace[]): { places: StoryPlace[]; stamps: (string | undefined)[] } {
    const unread: StoryPlace[] = [];
    const stamps: (string | undefined)[] = [];
    for (const place of places) {
      const known = this.memory?.recall(place);
      if (known && "result" in known) this.files.set(place.key, known.result);
      else {
        this.files.set(place.key, { diagnostics: [] }); // its place in the reading order, until read
        unread.push(place);
        stamps.push(known?.stamp);
      }
    }
    return { places: unread, stamps };
  }

  /** Puts in place the readings of the places `recall` left, and remembers them. */
  private keep(unread: { places: StoryPlace[]; stamps: (string | undefined)[] }, results: StoryResult[]): void {
    unread.places.forEach((place, i) => {
      this.files.set(place.key, results[i]!);
      this.memory?.remember(place, unread.stamps[i], results[i]!);
    });
    this.storiesRead += unread.places.length;
  }

  private goodStories(): Story[] {
    return [...this.files.entries()].sort(([a], [b]) => compareText(a, b)).flatMap(([, r]) => (r.story ? [r.story] : []));
  }
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
