// Model → the plain data templates print. Every link is resolved here, relative to the page being
// rendered; templates only print. Views read the model only through a SiteReader, which records
// what each page used (render/reader.ts): that record is how a rebuild knows what to render again.
import { bodySourceOf, type BodySource } from "../content/story-body.js";
import { formatDay, formatDayTime, formatIso, type StoryDate } from "../dates.js";
import { hasSiteUrl } from "../model/outputs.js";
import { pagerNumbers } from "../model/pagination.js";
import { HOME_ROUTE, NOT_FOUND_ROUTE, channelFeedRoute, listRoute } from "../model/routes.js";
import { channelTitle } from "../model/channels.js";
import { SEARCH_PAGE_ROUTE, SEARCH_SCRIPT_ROUTE } from "../model/search-layout.js";
import { collectionRoute } from "../model/collections.js";
import type { Credit } from "../content/byline.js";
import { HOME_CRUMB, frameOf, type FrameView, type LinkView, type Shared } from "./frame-view.js";
import type { SiteModel } from "../model/site-model.js";
import { creditsOf } from "../content/credits.js";
import { summaryOf, teaserOf } from "../content/teaser.js";
import { absoluteUrl, basePathOf, linksFrom, linksWithPrefix, type Links } from "./links.js";
import { feedTitle } from "./feeds.js";
import { pageHead, type Crumb } from "./page-head.js";
import type { SiteReader } from "./reader.js";
import { CARD_SIZES, COLUMN_SIZES, pictureOf, type PictureView } from "./picture-view.js";
import type { Story } from "../content/story.js";

export interface StoryItemView {
  title: string;
  href?: string;
  date: string;
  datetime: string;
  summary?: string;
  teaser?: string;
  cover?: PictureView;
}

/** What a page shows: the frame it shares with its neighbours (none for a bare redirect), and its own data. */
export interface PageView {
  frame?: FrameView;
  page: Record<string, unknown>;
  /**
   * A body to read from its file and put at page[field].bodyHtml when the page is rendered, with
   * its pictures by path; the first `eager` of them load at once, the rest lazily.
   */
  body?: { field: string; source: BodySource; pictures?: Record<string, PictureView>; eager?: number };
}

/** What an item shows besides its title, link and date; a "photo" item shows its cover. */
type ItemKind = "link" | "summary" | "teaser" | "photo";

/**
 * Items made for one reader, by kind, then story id, then the linking page's path to the root.
 * At most ITEMS_KEPT are kept (then they are dropped and made again as needed): a story's item
 * is shared by pages made near each other, and all the items of a large archive would fill memory.
 */
interface ItemCache {
  size: number;
  byKind: Record<ItemKind, Map<string, Map<string, Shared<StoryItemView>>>>;
}
const ITEMS_KEPT = 20_000;
const items = new WeakMap<SiteReader, ItemCache>();

/** A story as a list shows it: title, link, date, cover, and the summary or teaser when asked. */
export function itemOf(read: SiteReader, links: Links, id: string, kind: ItemKind): StoryItemView {
  let cache = items.get(read);
  if (!cache || cache.size >= ITEMS_KEPT) items.set(read, (cache = { size: 0, byKind: { link: new Map(), summary: new Map(), teaser: new Map(), photo: new Map() } }));
  let byPrefix = cache.byKind[kind].get(id);
  if (!byPrefix) cache.byKind[kind].set(id, (byPrefix = new Map()));
  let item = byPrefix.get(links.prefix);
  if (!item) {
    byPrefix.set(links.prefix, (item = read.record(() => itemFields(read, links, id, kind))));
    cache.size++;
  }
  read.uses(item.facts);
  return item.value;
}

function itemFields(read: SiteReader, links: Links, id: string, kind: ItemKind): StoryItemView {
  const { story, route } = read.shown(id);
  return {
    title: story.title,
    href: route ? links.to(route) : story.url,
    date: formatDay(story.date),
    datetime: formatIso(story.date),
    // Only where it is shown: a cover's view reads the picture, and a page that reads it is made again when it changes.
    cover: kind === "photo" && story.cover ? pictureOf(read, links, story.cover, CARD_SIZES) : undefined,
    summary: kind === "summary" ? summaryOf(story) : undefined,
    teaser: kind === "teaser" ? teaserOf(story) : undefined,
  };
}


/** The way from the home page down to a channel's first page. */
function channelCrumbs(read: SiteReader, slug: string): Crumb[] {
  const channels = read.channels();
  const channel = channels.bySlug.get(slug)!;
  return [
    HOME_CRUMB,
    ...[...channel.ancestors, slug].map((s) => {
      const c = channels.bySlug.get(s)!;
      return { name: c.name, route: c.firstPage };
    }),
  ];
}

/** The breadcrumb a page shows: every step linked. */
export function breadcrumbLinks(links: Links, crumbs: readonly Crumb[]): LinkView[] {
  return crumbs.map((c) => ({ title: c.name, href: links.to(c.route) }));
}

export function articleView(read: SiteReader, id: string): PageView {
  const entry = read.article(id);
  const { story, route } = entry;
  const links = linksFrom(route);
  const config = read.config();
  const section = read.channels().bySlug.get(story.channel)!.name;
  const crumbs = channelCrumbs(read, story.channel);
  const published = formatIso(story.date);
  const modified = story.updated ? formatIso(story.updated) : published;
  const storyLinks = read.storyLinks(id);
  const source = story.source ?? config.title;
  return {
    frame: frameOf(read, links, false, story.channel),
    page: {
      head: pageHead(config, {
        route,
        title: story.title,
        titleNote: entry.titleNote,
        description: entry.summary || story.title,
        image: story.cover,
        crumbs: [...crumbs, { name: story.title, route }],
        article: { datePublished: published, dateModified: modified, section, tags: story.tags, credits: creditsOf(story), source },
      }),
      article: {
        title: story.title,
        subtitle: story.subtitle,
        date: formatDayTime(story.date),
        datetime: published,
        updated: story.updated && { date: formatDayTime(story.updated), datetime: modified },
        corrections: correctionsOf(story.corrections),
        source,
        byline: story.byline && bylineParts(story.byline, creditsOf(story), (name) => storyLinks.authors.get(name), links),
        editor: story.editor,
        tags: story.tags.map((tag) => ({ title: tag, href: links.to(storyLinks.tags.get(tag)!) })),
        cover: story.cover ? pictureOf(read, links, story.cover, COLUMN_SIZES) : undefined,
        gallery: story.pictures.gallery.map((g) => ({ picture: pictureOf(read, links, g.src, COLUMN_SIZES), caption: g.caption })),
      },
      breadcrumb: breadcrumbLinks(links, crumbs),
      prev: entry.prev ? itemOf(read, links, entry.prev, "link") : undefined,
      next: entry.next ? itemOf(read, links, entry.next, "link") : undefined,
      related: entry.related.map((rid) => itemOf(read, links, rid, "teaser")),
    },
    // The cover is the first screen's picture; without one, the body's first picture may be.
    body: { field: "article", source: bodySourceOf(story), pictures: bodyPictures(read, links, story), eager: story.cover ? 0 : 1 },
  };
}

/** The site's pictures in a story's body, by the path the body names them with. */
function bodyPictures(read: SiteReader, links: Links, story: { pictures: Story["pictures"] }): Record<string, PictureView> {
  return Object.fromEntries(story.pictures.body.map((p) => [p.src, pictureOf(read, links, p.src, COLUMN_SIZES)]));
}

/**
 * The byline as written, each credited name in it linked to the person's page, wherever in the
 * byline it stands (authors: may list them in another order): each name's first place that no
 * other name already holds.
 */
function bylineParts(byline: string, credits: readonly Credit[], routeOf: (name: string) => string | undefined, links: Links): { text: string; href?: string }[] {
  const found: { at: number; name: string; route: string }[] = [];
  const held = (at: number, length: number) => found.some((f) => at < f.at + f.name.length && f.at < at + length);
  for (const name of new Set(credits.map((c) => c.name))) {
    const route = routeOf(name);
    if (!route) continue;
    let at = byline.indexOf(name);
    while (at >= 0 && held(at, name.length)) at = byline.indexOf(name, at + 1);
    if (at >= 0) found.push({ at, name, route });
  }
  found.sort((x, y) => x.at - y.at);
  const parts: { text: string; href?: string }[] = [];
  let from = 0;
  for (const { at, name, route } of found) {
    if (at > from) parts.push({ text: byline.slice(from, at) });
    parts.push({ text: name, href: links.to(route) });
    from = at + name.length;
  }
  if (from < byline.length) parts.push({ text: byline.slice(from) });
  return parts;
}

/** 更正 notices as the page shows them, oldest first. */
function correctionsOf(corrections: readonly { date?: StoryDate; text: string }[]) {
  return corrections.map((c) => ({ text: c.text, date: c.date && formatDayTime(c.date), datetime: c.date && formatIso(c.date) }));
}

/** A withdrawn story's address: its title and date, and the notice in place of its body (no word of the body). */
export function retractedView(read: SiteReader, id: string): PageView {
  const { story, route } = read.retracted(id);
  const links = linksFrom(route);
  const config = read.config();
  const crumbs = story.kind === "article" ? channelCrumbs(read, story.channel) : [HOME_CRUMB];
  return {
    frame: frameOf(read, links, false, story.kind === "article" ? story.channel : undefined),
    page: {
      head: pageHead(config, { route, title: story.title, description: story.retraction, noindex: true }),
      breadcrumb: breadcrumbLinks(links, crumbs),
      story: {
        title: story.title,
        date: story.date && formatDayTime(story.date),
        datetime: story.date && formatIso(story.date),
        notice: story.retraction,
      },
    },
  };
}

/** An old address: a page that sends the reader (and a search engine) on to the story's page. */
export function aliasView(read: SiteReader, route: string): PageView {
  const target = read.alias(route);
  const config = read.config();
  const href = linksFrom(route).to(target.route);
  return {
    page: {
      site: { title: config.title, language: config.language },
      title: target.title,
      href,
      canonical: absoluteUrl(config.url, target.route),
    },
  };
}

export function channelView(read: SiteReader, route: string): PageView {
  const list = read.list(route);
  const links = linksFrom(list.route);
  const config = read.config();
  const channels = read.channels();
  const channel = channels.bySlug.get(list.channel)!;
  const hrefOf = (n: number) => links.to(listRoute(list.channel, n, config.pagination)!);
  const name = channelTitle(channels, channel.slug);
  const title = list.number > 1 ? `${name}(第${list.number}页)` : name;
  const crumbs = channelCrumbs(read, list.channel);
  return {
    frame: frameOf(read, links, false, list.channel),
    page: {
      head: pageHead(config, { route: list.route, title, description: channel.description ?? `${config.title}${channel.name}栏目`, crumbs }),
      channel: { name: channel.name, slug: channel.slug },
      channelFeed: hasSiteUrl(config) ? { title: feedTitle(config.title, channels, channel.slug), href: links.to(channelFeedRoute(channel.slug)!) } : undefined,
      breadcrumb: breadcrumbLinks(links, crumbs),
      children: channel.children.map((c) => {
        const child = channels.bySlug.get(c)!;
        return { title: child.name, href: links.to(child.firstPage) };
      }),
      items: list.ids.map((id) => itemOf(read, links, id, "summary")),
      pager: pagerOf(list.number, list.total, hrefOf),
    },
  };
}

/** A pager's links: first, previous, the numbers around this page, next, last. */
export function pagerOf(number: number, total: number, hrefOf: (n: number) => string) {
  return {
    number,
    total,
    first: number > 1 ? hrefOf(1) : undefined,
    prev: number > 1 ? hrefOf(number - 1) : undefined,
    next: number < total ? hrefOf(number + 1) : undefined,
    last: number < total ? hrefOf(total) : undefined,
    numbers: pagerNumbers(number, total).map((p) => (p.kind === "gap" ? { gap: true } : { number: p.number, href: hrefOf(p.number), current: p.number === number })),
  };
}

const HOME_FOCUS = 6;
const HOME_BLOCK = 8;
const HOME_LATEST = 20;
/** 图片新闻: the newest stories with a cover. */
const HOME_PHOTOS = 8;
/** How many stories the 最新 list beside every page shows. */
export const SIDEBAR_LATEST = 10;

export function homeView(read: SiteReader): PageView {
  const links = linksFrom(HOME_ROUTE);
  const featured = read.featured();
  const headline = featured[0] ?? read.newest(1)[0];
  // Stories with a cover lead the focus block; the order is otherwise newest first.
  const focus = featured.filter((id) => id !== headline).sort((a, b) => Number(!read.shown(a).story.cover) - Number(!read.shown(b).story.cover));
  const channels = read.channels();
  return {
    frame: frameOf(read, links, true),
    page: {
      head: pageHead(read.config(), { route: HOME_ROUTE, title: "" }),
      headline: headline ? itemOf(read, links, headline, "summary") : undefined,
      focus: focus.slice(0, HOME_FOCUS).map((id) => itemOf(read, links, id, "photo")),
      blocks: channels.top.map((slug) => {
        const channel = channels.bySlug.get(slug)!;
        return { title: channel.name, href: links.to(channel.firstPage), items: read.channelNewest(slug, HOME_BLOCK).map((id) => itemOf(read, links, id, "link")) };
      }),
      newest: read.newest(HOME_LATEST).map((id) => itemOf(read, links, id, "link")),
      photos: read.pictured(HOME_PHOTOS).map((id) => itemOf(read, links, id, "photo")),
      topics: homeTopics(read, links),
    },
  };
}

/** The 专题 site.yml marks home: true, for the home page's block. */
function homeTopics(read: SiteReader, links: Links) {
  const config = read.config();
  return config.topics
    .filter((t) => t.home)
    .map((t) => ({ title: t.title, intro: t.intro, href: links.to(collectionRoute({ kind: "topic", slug: t.slug }, 1, config.pagination)!), banner: t.banner && links.asset(t.banner) }));
}

export function standalonePageView(read: SiteReader, id: string): PageView {
  const { page, route } = read.standalonePage(id);
  const links = linksFrom(route);
  return {
    frame: frameOf(read, links, false),
    page: {
      head: pageHead(read.config(), { route, title: page.title, description: summaryOf(page) || page.title, image: page.cover, crumbs: [HOME_CRUMB, { name: page.title, route }] }),
      breadcrumb: breadcrumbLinks(links, [HOME_CRUMB]),
      page: { title: page.title },
    },
    body: { field: "page", source: bodySourceOf(page), pictures: bodyPictures(read, links, page), eager: 1 },
  };
}

export function searchView(read: SiteReader): PageView {
  const links = linksFrom(SEARCH_PAGE_ROUTE);
  return {
    frame: frameOf(read, links, false),
    page: {
      head: pageHead(read.config(), { route: SEARCH_PAGE_ROUTE, title: "站内搜索", noindex: true, crumbs: [HOME_CRUMB, { name: "站内搜索", route: SEARCH_PAGE_ROUTE }] }),
      searchScript: links.to(SEARCH_SCRIPT_ROUTE),
      searchManifest: JSON.stringify(read.searchManifest()),
    },
  };
}

export function notFoundView(read: SiteReader): PageView {
  // Served in place of any missing path, so its links start from the site's root.
  const links = linksWithPrefix(basePathOf(read.config().url));
  return { frame: frameOf(read, links, false), page: { head: pageHead(read.config(), { route: NOT_FOUND_ROUTE, title: "页面未找到", noindex: true }) } };
}

/** The 最新 list's data, for the shared script: the newest articles with their routes from the root. */
export function latestItems(model: SiteModel) {
  return model.articles.slice(0, SIDEBAR_LATEST).map(({ story, route }) => ({ title: story.title, route, date: formatDay(story.date), datetime: formatIso(story.date) }));
}
