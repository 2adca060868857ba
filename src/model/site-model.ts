// Stories and settings → the site: what is published, in what order, where each page goes and
// how the pages relate. Pure: no I/O, so every relation can be tested without a file system.
import type { SiteConfig } from "../config.js";
import type { ContentSet } from "../content/load-content.js";
import type { Story } from "../content/story.js";
import { compareText, type Diagnostic } from "../diagnostics.js";
import { buildChannelTree, type ChannelTree } from "./channels.js";
import { paginate } from "./pagination.js";
import { computeRelated } from "./related.js";
import { listRoute } from "./routes.js";
import { cutTeaser } from "./teaser.js";
import { checkSite } from "./check-site.js";
import { routeCollisions } from "./route-collisions.js";

export interface ListPage {
  channel: string;
  number: number;
  total: number;
  route: string;
  /** Article ids on this page, newest first. */
  ids: string[];
}

export interface SiteModel {
  config: SiteConfig;
  channels: ChannelTree;
  /** Published articles, newest first (ties broken by id). */
  articles: Story[];
  /** Published articles and snippets by id: everything a related list may show. */
  byId: Map<string, Story>;
  /** Stand-alone pages (关于我们 …). */
  pages: Story[];
  /** Output path of every article and page, by id. */
  routes: Map<string, string>;
  /** Neighbours in the story's own channel: prev is older, next is newer. */
  neighbours: Map<string, { prev?: string; next?: string }>;
  related: Map<string, string[]>;
  /** For each channel, its own and its descendants' article ids, newest first. */
  channelArticles: Map<string, string[]>;
  listPages: ListPage[];
  /** Featured articles, newest first. */
  featured: string[];
  /** What 相关新闻 shows under each article's or snippet's title: its lead cut to 60 characters. */
  teasers: Map<string, string>;
  /** What lists show under an article's title: its summary, or its lead, cut. */
  summaries: Map<string, string>;
  /** Bumped whenever stories are refreshed in place, so that views cached per model are dropped. */
  revision: number;
}

export interface ModelOptions {
  /** Files under public/, as "img/a.jpg", to check covers against. */
  publicFiles?: ReadonlySet<string>;
}

export function buildSiteModel(content: ContentSet, options: ModelOptions = {}): { model: SiteModel; diagnostics: Diagnostic[] } {
  const { config } = content;
  const channels = buildChannelTree(config.channels);
  const { diagnostics, routes } = checkSite(content, channels, options.publicFiles);

  const broken = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  const published = content.stories.filter((s) => !s.draft && !broken.has(s.file));
  const articles = published.filter((s) => s.kind === "article" && channels.bySlug.has(s.channel!) && routes.has(s.id)).sort(newestFirst);
  const snippets = published.filter((s) => s.kind === "snippet");
  const pages = published.filter((s) => s.kind === "page" && routes.has(s.id)).sort((a, b) => compareText(a.id, b.id));

  const byId = new Map<string, Story>();
  for (const s of [...articles, ...snippets]) if (!byId.has(s.id)) byId.set(s.id, s);

  const ownLists = new Map<string, number[]>();
  const channelArticles = new Map<string, string[]>(channels.all.map((slug) => [slug, []]));
  articles.forEach((a, i) => {
    const slug = a.channel!;
    let own = ownLists.get(slug);
    if (!own) ownLists.set(slug, (own = []));
    own.push(i);
    for (const c of [slug, ...channels.bySlug.get(slug)!.ancestors]) channelArticles.get(c)!.push(a.id);
  });

  const neighbours = new Map<string, { prev?: string; next?: string }>();
  for (const list of ownLists.values()) {
    list.forEach((idx, k) => {
      neighbours.set(articles[idx]!.id, { prev: articles[list[k + 1]!]?.id, next: k > 0 ? articles[list[k - 1]!]!.id : undefined });
    });
  }

  const named = articles.map((a) => a.related.filter((id) => id !== a.id && byId.has(id)));
  const relatedLists = computeRelated(articles, named, ownLists);
  const related = new Map(articles.map((a, i) => [a.id, relatedLists[i]!]));

  const listPages: ListPage[] = [];
  for (const slug of channels.all) {
    const ids = channelArticles.get(slug)!;
    const slices = paginate(ids.length, config.pageSize);
    for (const slice of slices) {
      const route = listRoute(slug, slice.number, config.pagination);
      if (route) listPages.push({ channel: slug, number: slice.number, total: slices.length, route, ids: ids.slice(slice.start, slice.end) });
    }
  }

  const publishedRoutes = new Map<string, string>();
  for (const s of [...articles, ...pages]) publishedRoutes.set(s.id, routes.get(s.id)!);

  const model: SiteModel = {
    config,
    channels,
    articles,
    byId,
    pages,
    routes: publishedRoutes,
    neighbours,
    related,
    channelArticles,
    listPages,
    featured: articles.filter((a) => a.featured).map((a) => a.id),
    teasers: new Map([...byId.values()].map((s) => [s.id, teaserOf(s)])),
    summaries: new Map(articles.map((a) => [a.id, summaryOf(a)])),
    revision: 0,
  };
  for (const d of routeCollisions(model, options.publicFiles)) diagnostics.push(d);
  return { model, diagnostics };
}

export function newestFirst(a: Story, b: Story): number {
  return b.date.instant - a.date.instant || compareText(a.id, b.id);
}

const SUMMARY_LENGTH = 80;

function summaryOf(article: Story): string {
  return cutTeaser(article.summary ?? article.body.lead, SUMMARY_LENGTH);
}

/**
 * Puts new readings of stories in place of the old, for edits that change nothing that relates
 * stories to each other (same id, date, channel, tags, related, flags): no relation is recomputed.
 */
export function refreshStories(model: SiteModel, stories: readonly Story[]): void {
  const fresh = new Map(stories.map((s) => [s.id, s]));
  const swap = (list: Story[]) => list.forEach((s, i) => fresh.has(s.id) && (list[i] = fresh.get(s.id)!));
  swap(model.articles);
  swap(model.pages);
  for (const s of stories) {
    if (model.byId.has(s.id)) {
      model.byId.set(s.id, s);
      model.teasers.set(s.id, teaserOf(s));
    }
    if (s.kind === "article" && model.summaries.has(s.id)) model.summaries.set(s.id, summaryOf(s));
  }
  model.revision++;
}

/** A snippet's teaser is its text; an article's, its lead. */
function teaserOf(story: Story): string {
  return cutTeaser(story.kind === "snippet" ? story.body.text : story.body.lead);
}
