// Stories and settings → the site: what is published, in what order, where each file goes and
// how the pages relate. Pure: no I/O, so every relation can be tested without a file system.
import type { SiteConfig } from "../config.js";
import type { ContentSet } from "../content/load-content.js";
import type { Article, DatedStory, Snippet, StandalonePage, Story } from "../content/story.js";
import { summaryOf } from "../content/teaser.js";
import { compareText, warningAt, type Diagnostic } from "../diagnostics.js";
import { buildChannelTree, type ChannelTree } from "./channels.js";
import { isOut, windowOf, yearAt, type Clock, type ClockWindow } from "./clock.js";
import { buildCollections, type Collections } from "./collections.js";
import { creditsOf } from "../content/credits.js";
import { checkSite } from "./check-site.js";
import { listOutputs, type Output } from "./outputs.js";
import { paginate } from "./pagination.js";
import type { Alias, ListPage, PublishedArticle } from "./published.js";
import { computeRelated, RELATED_LIMIT } from "./related.js";
import { similarRanker } from "./similar.js";
import { routeCollisions } from "./route-collisions.js";
import { noteSharedTitles } from "./shared-titles.js";
import { listRoute } from "./routes.js";
import { aliasRoute } from "../paths.js";
import { searchLayout, type SearchLayout } from "./search-layout.js";
import { sitePictures, type Picture, type PictureFacts } from "./pictures.js";

export type { Alias, ListPage, PublishedArticle };

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
  /** Withdrawn stories (retracted: true) whose addresses answer with their notice: in no list, feed or index. */
  retracted: { story: Article | StandalonePage; route: string }[];
  /** The build's time, which decides what is out. */
  clock: Clock;
  /** The year the clock shows in the site's time zone: the footer's ©. */
  year: number;
  /** Around the clock's time, the stretch in which the same stories are out and the year is the same. */
  clockWindow: ClockWindow;
  /** Old addresses of the stories that have a page, each leading to it. */
  aliases: Alias[];
  /** Reporters', tags', topics' and months' lists of articles, and their pages. */
  collections: Collections;
  /** For each channel, its own and its descendants' article ids, newest first. */
  channelArticles: Map<string, string[]>;
  listPages: ListPage[];
  /** Featured articles, newest first. */
  featured: string[];
  /** Articles with a cover, newest first (图片新闻). */
  pictured: string[];
  /** Where each article sits in the search index. */
  search: SearchLayout;
  /** The site's pictures that pages show, by route ("img/a.jpg"), with their variants. */
  pictures: Map<string, Picture>;
  /** Every file the build writes. */
  outputs: Output[];
}

export interface ModelOptions {
  /** Files under public/: route ("img/a.jpg") → absolute source path. */
  publicFiles?: ReadonlyMap<string, string>;
  /** The build's time: the machine's now, without a word. */
  clock?: Clock;
  /** The facts of the pictures stories name, by route; without them, pictures are only checked to exist. */
  pictureFacts?: PictureFacts;
}

export function buildSiteModel(content: ContentSet, options: ModelOptions = {}): { model: SiteModel; diagnostics: Diagnostic[] } {
  const { config } = content;
  const publicFiles = options.publicFiles ?? new Map<string, string>();
  const channels = buildChannelTree(config.channels, config.pagination);
  const { diagnostics, routes, relatedTargets } = checkSite(content, channels, new Set(publicFiles.keys()));

  const broken = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  const all = content.stories;
  const clock = options.clock ?? { now: Date.now(), future: false };
  /** Indexes into content.stories: a story's related targets (from checkSite) are found by its index. */
  const publishedAt: number[] = [];
  const retractedAt: number[] = [];
  all.forEach((s, i) => {
    if (s.draft || (broken.size && broken.has(s.file)) || !isOut(s, clock)) return;
    (s.retraction === undefined ? publishedAt : retractedAt).push(i);
  });
  const published = publishedAt.map((i) => all[i]!);
  // newestFirst, on indexes, with the instants read once.
  const instants = new Float64Array(all.length);
  for (const i of publishedAt) instants[i] = all[i]!.date?.instant ?? 0;
  const isArticle = (s: Story): s is Article => s.kind === "article" && channels.bySlug.has(s.channel) && routes.has(s.id);
  const articleAt = publishedAt.filter((i) => isArticle(all[i]!)).sort((i, j) => instants[j]! - instants[i]! || compareText(all[i]!.id, all[j]!.id));
  const stories = articleAt.map((i) => all[i] as Article);
  const snippets = new Map<string, Snippet>();
  const articleIds = new Set(stories.map((a) => a.id));
  /** Whether a story (by index) is what its id shows in 相关新闻: a published article, or the snippet kept for the id. */
  const shown = new Uint8Array(all.length);
  for (const i of articleAt) shown[i] = 1;
  for (const i of publishedAt) {
    const s = all[i]!;
    if (s.kind !== "snippet" || articleIds.has(s.id) || snippets.has(s.id)) continue;
    snippets.set(s.id, s);
    shown[i] = 1;
  }
  const standalone = published
    .filter((s): s is StandalonePage => s.kind === "standalone" && routes.has(s.id))
    .sort((a, b) => compareText(a.id, b.id))
    .map((page) => ({ page, route: routes.get(page.id)! }));
  const retracted = retractedAt
    .map((i) => all[i]!)
    .filter((s): s is Article | StandalonePage => (s.kind === "standalone" || isArticle(s)) && routes.has(s.id))
    .sort((a, b) => compareText(a.id, b.id))
    .map((story) => ({ story, route: routes.get(story.id)! }));

  const ownLists = new Map<string, number[]>();
  const channelArticles = new Map<string, string[]>(channels.all.map((slug) => [slug, []]));
  /** Each channel's own index list, then the article lists it adds to: its own and its ancestors'. */
  const listsOf = new Map<string, [number[], string[][]]>();
  stories.forEach((a, i) => {
    let lists = listsOf.get(a.channel);
    if (!lists) {
      const own: number[] = [];
      ownLists.set(a.channel, own);
      lists = [own, [a.channel, ...channels.bySlug.get(a.channel)!.ancestors].map((c) => channelArticles.get(c)!)];
      listsOf.set(a.channel, lists);
    }
    lists[0].push(i);
    for (const list of lists[1]) list.push(a.id);
  });

  // The stories named, as checkSite found them (by index: no id is looked up again by its text),
  // those shown other than the article itself. An id two stories share is an error on both.
  const positionOf = new Int32Array(all.length).fill(-1);
  articleAt.forEach((i, k) => (positionOf[i] = k));
  const named: string[][] = [];
  const namedAt: number[][] = [];
  for (const self of articleAt) {
    const ids: string[] = [];
    const at: number[] = [];
    for (const t of relatedTargets[self]!) {
      if (t < 0 || t === self || !shown[t]) continue;
      ids.push(all[t]!.id);
      at.push(positionOf[t]!);
    }
    named.push(ids);
    namedAt.push(at);
  }
  // Automatic 相关新闻 ranks what a list can show: the articles (by their own numbers), then the snippets.
  const shownStories: (Article | Snippet)[] = [...stories, ...snippets.values()];
  const similar = { ids: shownStories.map((s) => s.id), rank: similarRanker(shownStories.map((s) => ({ keywords: s.keywords, instant: s.date.instant, channel: s.channel }))) };
  const relatedLists = computeRelated(stories, named, ownLists, RELATED_LIMIT, undefined, undefined, namedAt, similar);

  const articles: PublishedArticle[] = stories.map((story, i) => ({ story, route: routes.get(story.id)!, related: relatedLists[i]!, summary: summaryOf(story) }));
  noteSharedTitles(articles);
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

  const aliases: Alias[] = [];
  const withPages: { story: Story; route: string }[] = [...articles, ...standalone.map(({ page, route }) => ({ story: page, route })), ...retracted];
  for (const { story, route } of withPages) {
    for (const alias of story.aliases) {
      const from = aliasRoute(alias);
      if (from) aliases.push({ route: from, alias, id: story.id, to: route, file: story.file, line: story.fieldLines.aliases });
    }
  }
  const collections = buildCollections(stories, config, creditsOf);
  for (const d of topicIdDiagnostics(config, content.stories)) diagnostics.push(d);
  const search = searchLayout(articles);
  const shownPictures = sitePictures([...stories, ...standalone.map(({ page }) => page), ...snippets.values()], publicFiles, options.pictureFacts);
  diagnostics.push(...shownPictures.diagnostics);
  const { pictures } = shownPictures;
  const outputs = listOutputs({ config, channels, articles, listPages, standalone, retracted, aliases, collections, publicFiles, search, pictures });
  for (const d of routeCollisions(outputs)) diagnostics.push(d);
  const model: SiteModel = {
    config,
    channels,
    articles,
    articleById: new Map(articles.map((a) => [a.story.id, a])),
    snippets,
    standalone,
    retracted,
    clock,
    year: yearAt(clock, config.timezone),
    clockWindow: windowOf(
      all.filter((s) => !s.draft),
      clock,
      config.timezone,
    ),
    aliases,
    collections,
    channelArticles,
    listPages,
    featured: stories.filter((a) => a.featured).map((a) => a.id),
    pictured: stories.filter((a) => a.cover).map((a) => a.id),
    search,
    pictures,
    outputs,
  };
  return { model, diagnostics };
}

/**
 * A topic's ids that name no article, each a warning at its line. One that names an article not
 * out now (a draft, one still to come, expired or withdrawn) is left out without a word: the
 * topic gathers it once it is out.
 */
function topicIdDiagnostics(config: SiteConfig, stories: readonly Story[]): Diagnostic[] {
  if (!config.topics.some((t) => t.ids.length)) return [];
  const kinds = new Map(stories.map((s) => [s.id, s.kind]));
  const { file, topicIds } = config.origin;
  return config.topics.flatMap((t, i) =>
    t.ids.flatMap((id, k) => {
      const kind = kinds.get(id);
      if (kind === "article") return [];
      const why = kind ? `is a ${kind === "snippet" ? "snippet" : "stand-alone page"}, not an article` : "names no story";
      return [warningAt(file, `topic "${t.slug}" lists id "${id}", which ${why}; it is left out`, "check the id against the articles' ids (their file names, or their id: lines)", topicIds[i]?.[k])];
    }),
  );
}

export function newestFirst(a: DatedStory, b: DatedStory): number {
  return b.date.instant - a.date.instant || compareText(a.id, b.id);
}

/** An article or snippet 相关新闻 can show, by id. */
export function relatedStory(model: SiteModel, id: string): DatedStory | undefined {
  return model.articleById.get(id)?.story ?? model.snippets.get(id);
}
