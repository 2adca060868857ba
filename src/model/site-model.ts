// Stories and settings → the site: what is published, in what order, where each file goes and
// how the pages relate. Pure: no I/O, so every relation can be tested without a file system.
import type { SiteConfig } from "../config.js";
import type { ContentSet } from "../content/load-content.js";
import type { Article, DatedStory, Snippet, StandalonePage } from "../content/story.js";
import { summaryOf } from "../content/teaser.js";
import { compareText, type Diagnostic } from "../diagnostics.js";
import { buildChannelTree, type ChannelTree } from "./channels.js";
import { checkSite } from "./check-site.js";
import { listOutputs, type Output } from "./outputs.js";
import { paginate } from "./pagination.js";
import type { ListPage, PublishedArticle } from "./published.js";
import { computeRelated } from "./related.js";
import { routeCollisions } from "./route-collisions.js";
import { listRoute } from "./routes.js";

export type { ListPage, PublishedArticle };

export interface SiteModel {
  config: SiteConfig;
  channels: ChannelTree;
  /** Published articles, newest first (ties broken by id). */
  articles: PublishedArticle[];
  /** Published articles by id. */
  articleById: Map<string, PublishedArticle>;
  /** Published snippets by id (those whose id no article has). */
  snippets: Map<string, Snippet>;
  /** Stand-alone pages (关于我们 …), by id, with their routes. */
  standalone: { page: StandalonePage; route: string }[];
  /** For each channel, its own and its descendants' article ids, newest first. */
  channelArticles: Map<string, string[]>;
  listPages: ListPage[];
  /** Featured articles, newest first. */
  featured: string[];
  /** Every file the build writes. */
  outputs: Output[];
}

export interface ModelOptions {
  /** Files under public/: route ("img/a.jpg") → absolute source path. */
  publicFiles?: ReadonlyMap<string, string>;
}

export function buildSiteModel(content: ContentSet, options: ModelOptions = {}): { model: SiteModel; diagnostics: Diagnostic[] } {
  const { config } = content;
  const publicFiles = options.publicFiles ?? new Map<string, string>();
  const channels = buildChannelTree(config.channels, config.pagination);
  const { diagnostics, routes } = checkSite(content, channels, new Set(publicFiles.keys()));

  const broken = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  const published = content.stories.filter((s) => !s.draft && !broken.has(s.file));
  const stories = published.filter((s): s is Article => s.kind === "article" && channels.bySlug.has(s.channel) && routes.has(s.id)).sort(newestFirst);
  const snippets = new Map<string, Snippet>();
  const articleIds = new Set(stories.map((a) => a.id));
  for (const s of published) if (s.kind === "snippet" && !articleIds.has(s.id) && !snippets.has(s.id)) snippets.set(s.id, s);
  const standalone = published
    .filter((s): s is StandalonePage => s.kind === "standalone" && routes.has(s.id))
    .sort((a, b) => compareText(a.id, b.id))
    .map((page) => ({ page, route: routes.get(page.id)! }));

  const ownLists = new Map<string, number[]>();
  const channelArticles = new Map<string, string[]>(channels.all.map((slug) => [slug, []]));
  stories.forEach((a, i) => {
    let own = ownLists.get(a.channel);
    if (!own) ownLists.set(a.channel, (own = []));
    own.push(i);
    for (const c of [a.channel, ...channels.bySlug.get(a.channel)!.ancestors]) channelArticles.get(c)!.push(a.id);
  });

  const shown = (id: string) => articleIds.has(id) || snippets.has(id);
  const named = stories.map((a) => a.related.filter((id) => id !== a.id && shown(id)));
  const relatedLists = computeRelated(stories, named, ownLists);

  const articles: PublishedArticle[] = stories.map((story, i) => ({ story, route: routes.get(story.id)!, related: relatedLists[i]!, summary: summaryOf(story) }));
  for (const list of ownLists.values()) {
    list.forEach((idx, k) => {
      articles[idx]!.prev = stories[list[k + 1]!]?.id;
      articles[idx]!.next = k > 0 ? stories[list[k - 1]!]!.id : undefined;
    });
  }

  const listPages: ListPage[] = [];
  for (const slug of channels.all) {
    const ids = channelArticles.get(slug)!;
    const slices = paginate(ids.length, config.pageSize);
    for (const slice of slices) {
      const route = listRoute(slug, slice.number, config.pagination);
      if (route) listPages.push({ channel: slug, number: slice.number, total: slices.length, route, ids: ids.slice(slice.start, slice.end) });
    }
  }

  const outputs = listOutputs({ config, articles, listPages, standalone, publicFiles });
  for (const d of routeCollisions(outputs)) diagnostics.push(d);
  const model: SiteModel = {
    config,
    channels,
    articles,
    articleById: new Map(articles.map((a) => [a.story.id, a])),
    snippets,
    standalone,
    channelArticles,
    listPages,
    featured: stories.filter((a) => a.featured).map((a) => a.id),
    outputs,
  };
  return { model, diagnostics };
}

export function newestFirst(a: DatedStory, b: DatedStory): number {
  return b.date.instant - a.date.instant || compareText(a.id, b.id);
}

/** An article or snippet 相关新闻 can show, by id. */
export function relatedStory(model: SiteModel, id: string): DatedStory | undefined {
  return model.articleById.get(id)?.story ?? model.snippets.get(id);
}
