// Views read the model only through a SiteReader, which records what each page used: a list of
// facts ("shown:chibi-quality-city", "list:chibi/index_2.html", "newest:20"). Each fact has a
// print, a short string that changes whenever what the reader returns for it could change. A
// page whose facts all have the prints they had when it was rendered is the same page; so a
// rebuild renders only pages that read a fact that changed (render/dependencies.ts). Nothing is
// declared by hand: a view that reads something new records it by reading it.
import type { SiteConfig } from "../config.js";
import type { Article, DatedStory, StandalonePage } from "../content/story.js";
import type { ChannelTree } from "../model/channels.js";
import type { CollectionPage, Collections } from "../model/collections.js";
import { creditsOf } from "../content/credits.js";
import { hash } from "../hash.js";
import type { SearchIndexes } from "./search-index.js";
import { SearchFiles, searchManifest } from "./search-files.js";
import type { SearchManifest } from "./search-engine.js";
import { isWebAddress, publicRoute } from "../paths.js";
import type { Picture } from "../model/pictures.js";
import { relatedStory, type Alias, type ListPage, type PublishedArticle, type SiteModel } from "../model/site-model.js";

/** What a list shows of a story: the story, and its page's route if it has one. */
export interface Shown {
  story: DatedStory;
  route?: string;
}

export class SiteReader {
  private recording: Set<string> | undefined;
  private readonly listsByRoute: Map<string, ListPage>;
  private readonly pagesById: Map<string, { page: StandalonePage; route: string }>;
  private readonly retractedById: Map<string, { story: Article | StandalonePage; route: string }>;
  private readonly collectionPages: Map<string, CollectionPage>;
  private readonly aliasesByRoute: Map<string, Alias>;

  /** @param search the months' search indexes, for the index files (none where no files are written) */
  constructor(
    readonly model: SiteModel,
    private readonly search?: SearchIndexes,
  ) {
    this.listsByRoute = new Map(model.listPages.map((l) => [l.route, l]));
    this.pagesById = new Map(model.standalone.map((p) => [p.page.id, p]));
    this.retractedById = new Map(model.retracted.map((r) => [r.story.id, r]));
    this.collectionPages = new Map(model.collections.pages.map((p) => [p.route, p]));
    this.aliasesByRoute = new Map(model.aliases.map((a) => [a.route, a]));
  }

  /** Runs `view`, returning what it made and every fact it read (a recording inside another is its own). */
  record<T>(view: () => T): { value: T; facts: string[] } {
    const outer = this.recording;
    const facts = new Set<string>();
    this.recording = facts;
    try {
      return { value: view(), facts: [...facts] };
    } finally {
      this.recording = outer;
    }
  }

  /** Adds facts read earlier (by a shared frame or item) to the page being recorded. */
  uses(facts: readonly string[]): void {
    if (this.recording) for (const f of facts) this.recording.add(f);
  }

  /** The search index's files, made from the months' indexes (render/search-files.ts). */
  searchFiles(): SearchFiles {
    if (!this.search) throw new Error("the search index's files are made only where the site is written");
    return (this.files ??= new SearchFiles(this.model, this.search));
  }

  private files: SearchFiles | undefined;

  /** site.yml's settings, without where each was written (a comment line moves those, not the site). */
  config(): SiteSettings {
    this.recording?.add("config");
    return (this.settings ??= withoutOrigin(this.model.config));
  }

  /** The channel tree: made from site.yml alone. */
  channels(): ChannelTree {
    this.recording?.add("config");
    return this.model.channels;
  }

  /** An article or snippet as lists show it. */
  shown(id: string): Shown {
    this.recording?.add(`shown:${id}`);
    return shownOf(this.model, id)!;
  }

  /** A published article with its neighbours and related ids, for its own page. */
  article(id: string): PublishedArticle {
    this.recording?.add(`article:${id}`);
    return this.model.articleById.get(id)!;
  }

  list(route: string): ListPage {
    this.recording?.add(`list:${route}`);
    return this.listsByRoute.get(route)!;
  }

  /** The ids of the newest `n` articles. */
  newest(n: number): string[] {
    this.recording?.add(`newest:${n}`);
    return newestIds(this.model, n);
  }

  /** The ids of a channel's newest `n` articles (its descendants' included). */
  channelNewest(slug: string, n: number): string[] {
    this.recording?.add(`channelNewest:${n}:${slug}`);
    return (this.model.channelArticles.get(slug) ?? []).slice(0, n);
  }

  /** The ids of the newest `n` articles with a cover (图片新闻). */
  pictured(n: number): string[] {
    this.recording?.add(`pictured:${n}`);
    return this.model.pictured.slice(0, n);
  }

  featured(): string[] {
    this.recording?.add("featured");
    return this.model.featured;
  }

  /** The stand-alone pages (the footer's links), in order. */
  standalone(): { page: StandalonePage; route: string }[] {
    this.recording?.add("standalone");
    return this.model.standalone;
  }

  standalonePage(id: string): { page: StandalonePage; route: string } {
    this.recording?.add(`page:${id}`);
    return this.pagesById.get(id)!;
  }

  /** A page of a reporter's, tag's, topic's or month's list. */
  collectionPage(route: string): CollectionPage {
    this.recording?.add(`collection:${route}`);
    return this.collectionPages.get(route)!;
  }

  /** 往期: the months with stories, newest first, with their counts. */
  archiveMonths(): Collections["months"] {
    this.recording?.add("archiveMonths");
    return this.model.collections.months;
  }

  /** Where an article's byline names and tags lead: each to its page. */
  storyLinks(id: string): StoryLinks {
    this.recording?.add(`links:${id}`);
    return linksOf(this.model, id);
  }

  /** A withdrawn story, for the notice its address answers with. */
  retracted(id: string): { story: Article | StandalonePage; route: string } {
    this.recording?.add(`retracted:${id}`);
    return this.retractedById.get(id)!;
  }

  /** An old address (aliases:) at `route`: the story it leads to, where that story's page is, and its title. */
  alias(route: string): { title: string; route: string } {
    this.recording?.add(`alias:${route}`);
    return this.addressOf(this.aliasesByRoute.get(route)!.id)!;
  }

  private addressOf(id: string): { title: string; route: string } | undefined {
    const found = this.model.articleById.get(id) ?? this.pagesById.get(id) ?? this.retractedById.get(id);
    if (!found) return undefined;
    const story = "page" in found ? found.page : found.story;
    return { title: story.title, route: found.route };
  }

  /** What the search page hands its script: the search index's years, months and files, the channels' names. */
  searchManifest(): SearchManifest {
    this.recording?.add("searchManifest");
    return searchManifest(this.model);
  }

  /** One of the site's pictures, by its public/ path ("/img/a.jpg"); none for a web address or a file not read. */
  picture(src: string): Picture | undefined {
    if (isWebAddress(src)) return undefined;
    const route = publicRoute(src);
    this.recording?.add(`picture:${route}`);
    return this.model.pictures.get(route);
  }

  /** The year by the build's clock (the footer's ©). */
  year(): number {
    this.recording?.add("year");
    return this.model.year;
  }

  /** The print of a fact in this model; undefined for a fact that no longer exists. Long prints are hashed. */
  print(fact: string): string | undefined {
    const print = this.fullPrint(fact);
    return print !== undefined && print.length > 64 ? hash(print) : print;
  }

  private fullPrint(fact: string): string | undefined {
    const colon = fact.indexOf(":");
    const kind = colon < 0 ? fact : fact.slice(0, colon);
    const arg = colon < 0 ? "" : fact.slice(colon + 1);
    const model = this.model;
    switch (kind) {
      case "config":
        return (this.configPrint ??= JSON.stringify(this.settings ?? withoutOrigin(model.config)));
      case "shown": {
        const s = shownOf(model, arg);
        return s && `${s.story.fingerprint}|${s.route ?? ""}`;
      }
      case "article": {
        const a = model.articleById.get(arg);
        return a && `${a.story.fingerprint}|${a.route}|${a.prev ?? ""}|${a.next ?? ""}|${a.titleNote ?? ""}|${a.related.join(",")}`;
      }
      case "list": {
        const l = this.listsByRoute.get(arg);
        return l && `${l.channel}|${l.number}|${l.total}|${l.ids.join(",")}`;
      }
      case "newest":
        return newestIds(model, Number(arg)).join(",");
      case "channelNewest": {
        const [n, slug] = [arg.slice(0, arg.indexOf(":")), arg.slice(arg.indexOf(":") + 1)];
        return model.channelArticles.get(slug)?.slice(0, Number(n)).join(",");
      }
      case "featured":
        return model.featured.join(",");
      case "pictured":
        return model.pictured.slice(0, Number(arg)).join(",");
      case "standalone":
        return model.standalone.map((p) => `${p.page.fingerprint}|${p.route}`).join(",");
      case "page": {
        const p = this.pagesById.get(arg);
        return p && `${p.page.fingerprint}|${p.route}`;
      }
      case "collection": {
        const p = this.collectionPages.get(arg);
        if (!p) return undefined;
        const c = p.collection;
        return `${c.kind}|${c.slug}|${c.name}|${c.names?.join(",") ?? ""}|${c.ids.length}|${p.number}|${p.total}|${p.ids.join(",")}`;
      }
      case "archiveMonths":
        return model.collections.months.map((m) => `${m.route}:${m.count}`).join(",");
      case "links": {
        const story = model.articleById.get(arg)?.story;
        if (!story) return undefined;
        const { authors, tags } = linksOf(model, arg);
        return JSON.stringify([[...authors], [...tags]]);
      }
      case "retracted": {
        const r = this.retractedById.get(arg);
        return r && `${r.story.fingerprint}|${r.route}`;
      }
      case "alias": {
        const alias = this.aliasesByRoute.get(arg);
        const a = alias && this.addressOf(alias.id);
        return a && `${alias.id}|${a.route}|${a.title}`;
      }
      case "year":
        return String(model.year);
      case "picture": {
        const p = model.pictures.get(arg);
        return p ? `${p.facts.format}|${p.facts.width}|${p.facts.height}|${p.variants.map((v) => v.route).join(",")}` : "none";
      }
      case "searchManifest":
        return JSON.stringify(searchManifest(model));
      default:
        return undefined;
    }
  }

  private configPrint: string | undefined;
  private settings: SiteSettings | undefined;
}

/** Where a story's names and tags lead, by name and by tag (those with a page). */
export interface StoryLinks {
  authors: Map<string, string>;
  tags: Map<string, string>;
}

function linksOf(model: SiteModel, id: string): StoryLinks {
  const story = model.articleById.get(id)!.story;
  const { authorRoutes, tagRoutes } = model.collections;
  const authors = new Map<string, string>();
  for (const c of creditsOf(story)) {
    const route = authorRoutes.get(c.name);
    if (route) authors.set(c.name, route);
  }
  const tags = new Map<string, string>();
  for (const t of story.tags) {
    const route = tagRoutes.get(t);
    if (route) tags.set(t, route);
  }
  return { authors, tags };
}

/** What pages may read of site.yml. */
export type SiteSettings = Omit<SiteConfig, "origin">;

function withoutOrigin(config: SiteConfig): SiteSettings {
  const { origin: _, ...settings } = config;
  return settings;
}

function shownOf(model: SiteModel, id: string): Shown | undefined {
  const article = model.articleById.get(id);
  if (article) return { story: article.story, route: article.route };
  const story = relatedStory(model, id);
  return story && { story };
}

function newestIds(model: SiteModel, n: number): string[] {
  return model.articles.slice(0, n).map((a) => a.story.id);
}
