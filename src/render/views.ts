// Model → the plain data templates print. Every link is resolved here, relative to the page being
// rendered; templates only print. A view is all a page shows: two renders of equal views are
// equal pages, which is how a rebuild knows what to render again (render/jobs.ts).
import type { BodySource } from "../content/story-body.js";
import type { DatedStory, StandalonePage } from "../content/story.js";
import { formatDay, formatDayTime, formatIso } from "../dates.js";
import { FEED_ROUTE } from "../model/outputs.js";
import { pagerNumbers } from "../model/pagination.js";
import { HOME_ROUTE, LATEST_SCRIPT_ROUTE, NOT_FOUND_ROUTE, listRoute } from "../model/routes.js";
import { relatedStory, type ListPage, type PublishedArticle, type SiteModel } from "../model/site-model.js";
import { absoluteUrl, basePathOf, linksFrom, linksWithPrefix, type Links } from "./links.js";

export interface LinkView {
  title: string;
  href?: string;
  current?: boolean;
}

export interface StoryItemView {
  title: string;
  href?: string;
  date: string;
  datetime: string;
  summary?: string;
  teaser?: string;
  cover?: string;
}

/** The parts of every page that depend only on where the page is and which channel it is in. */
export interface FrameView {
  site: { title: string; language: string };
  root: string;
  stylesheet: string;
  homeHref: string;
  /** The 最新 list, one small script shared by every page: a new story rewrites it, not every page. */
  latestScript: string;
  /** The RSS feed, when the site has one (it needs site.yml's url). */
  feedHref?: string;
  nav: LinkView[];
  subnav: LinkView[];
  footerLinks: LinkView[];
  year: number;
}

/** What a page shows: the frame it shares with its neighbours, and its own data. */
export interface PageView {
  frame: FrameView;
  page: Record<string, unknown>;
  /** A body to read from its file and put at page[field].bodyHtml when the page is rendered. */
  body?: { field: string; source: BodySource };
}

/** Frames are shared by every page of the same depth and channel: computed once per model. */
const frames = new WeakMap<SiteModel, Map<string, FrameView>>();

function frameOf(model: SiteModel, links: Links, isHome: boolean, activeChannel?: string): FrameView {
  let cache = frames.get(model);
  if (!cache) frames.set(model, (cache = new Map()));
  const key = `${links.prefix}|${activeChannel ?? ""}|${isHome}`;
  let frame = cache.get(key);
  if (!frame) cache.set(key, (frame = frameView(model, links, isHome, activeChannel)));
  return frame;
}

function frameView(model: SiteModel, links: Links, isHome: boolean, activeChannel?: string): FrameView {
  const { config, channels } = model;
  const activeTop = activeChannel ? (channels.bySlug.get(activeChannel)!.ancestors[0] ?? activeChannel) : undefined;
  const channelLink = (slug: string): LinkView => {
    const channel = channels.bySlug.get(slug)!;
    return { title: channel.name, href: links.to(channel.firstPage), current: slug === activeChannel || slug === activeTop };
  };
  const newest = model.articles[0]?.story;
  return {
    site: { title: config.title, language: config.language },
    root: links.to(""),
    stylesheet: links.to("css/site.css"),
    homeHref: links.to(HOME_ROUTE),
    latestScript: links.to(LATEST_SCRIPT_ROUTE),
    feedHref: config.url ? links.to(FEED_ROUTE) : undefined,
    nav: [{ title: "首页", href: links.to(HOME_ROUTE), current: isHome }, ...channels.top.map(channelLink)],
    subnav: activeTop ? channels.bySlug.get(activeTop)!.children.map(channelLink) : [],
    footerLinks: model.standalone.map(({ page, route }) => ({ title: page.title, href: links.to(route) })),
    year: newest ? newest.date.local.year : 1970,
  };
}

/** What every page has besides its frame: its title in <title>, and its canonical address. */
function pageHead(model: SiteModel, route: string, pageTitle: string) {
  return { pageTitle, canonical: absoluteUrl(model.config.url, route) };
}

const dateLabels = new WeakMap<DatedStory, { date: string; datetime: string }>();

/** A story as lists show it: title, link, date, cover. */
export function storyItem(model: SiteModel, links: Links, story: DatedStory): StoryItemView {
  const route = story.kind === "article" ? model.articleById.get(story.id)?.route : undefined;
  let labels = dateLabels.get(story);
  if (!labels) dateLabels.set(story, (labels = { date: formatDay(story.date), datetime: formatIso(story.date) }));
  return {
    title: story.title,
    href: route ? links.to(route) : story.url,
    ...labels,
    cover: story.cover ? links.asset(story.cover) : undefined,
  };
}

function articleItem(model: SiteModel, links: Links, id: string): StoryItemView {
  return storyItem(model, links, model.articleById.get(id)!.story);
}

function summaryItem(model: SiteModel, links: Links, id: string): StoryItemView {
  const article = model.articleById.get(id)!;
  return { ...storyItem(model, links, article.story), summary: article.summary };
}

function breadcrumb(model: SiteModel, links: Links, slug: string): LinkView[] {
  const channel = model.channels.bySlug.get(slug)!;
  return [
    { title: "首页", href: links.to(HOME_ROUTE) },
    ...[...channel.ancestors, slug].map((s) => {
      const c = model.channels.bySlug.get(s)!;
      return { title: c.name, href: links.to(c.firstPage) };
    }),
  ];
}

export function articleView(model: SiteModel, entry: PublishedArticle): PageView {
  const { story, route } = entry;
  const links = linksFrom(route);
  const neighbour = (id?: string) => (id ? articleItem(model, links, id) : undefined);
  return {
    frame: frameOf(model, links, false, story.channel),
    page: {
      ...pageHead(model, route, story.title),
      description: entry.summary,
      article: {
        title: story.title,
        subtitle: story.subtitle,
        date: formatDayTime(story.date),
        datetime: formatIso(story.date),
        source: story.source ?? model.config.title,
        byline: story.byline,
        editor: story.editor,
        tags: story.tags,
        cover: story.cover ? links.asset(story.cover) : undefined,
      },
      breadcrumb: breadcrumb(model, links, story.channel),
      prev: neighbour(entry.prev),
      next: neighbour(entry.next),
      related: entry.related.map((id) => {
        const r = relatedStory(model, id)!;
        return { ...storyItem(model, links, r), teaser: r.body.teaser };
      }),
      jsonLd: jsonLd({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        headline: story.title,
        datePublished: formatIso(story.date),
        author: story.byline ? { "@type": "Person", name: story.byline } : undefined,
        publisher: { "@type": "Organization", name: model.config.title },
        description: entry.summary,
        mainEntityOfPage: absoluteUrl(model.config.url, route),
      }),
    },
    body: { field: "article", source: { path: story.path, file: story.file, hash: story.body.hash } },
  };
}

export function channelView(model: SiteModel, list: ListPage): PageView {
  const links = linksFrom(list.route);
  const channel = model.channels.bySlug.get(list.channel)!;
  const hrefOf = (n: number) => links.to(listRoute(list.channel, n, model.config.pagination)!);
  const title = list.number > 1 ? `${channel.name}(第${list.number}页)` : channel.name;
  return {
    frame: frameOf(model, links, false, list.channel),
    page: {
      ...pageHead(model, list.route, title),
      channel: { name: channel.name, slug: channel.slug },
      breadcrumb: breadcrumb(model, links, list.channel),
      children: channel.children.map((c) => {
        const child = model.channels.bySlug.get(c)!;
        return { title: child.name, href: links.to(child.firstPage) };
      }),
      items: list.ids.map((id) => summaryItem(model, links, id)),
      pager: {
        number: list.number,
        total: list.total,
        first: list.number > 1 ? hrefOf(1) : undefined,
        prev: list.number > 1 ? hrefOf(list.number - 1) : undefined,
        next: list.number < list.total ? hrefOf(list.number + 1) : undefined,
        last: list.number < list.total ? hrefOf(list.total) : undefined,
        numbers: pagerNumbers(list.number, list.total).map((p) =>
          p.kind === "gap" ? { gap: true } : { number: p.number, href: hrefOf(p.number), current: p.number === list.number },
        ),
      },
    },
  };
}

const HOME_FOCUS = 6;
const HOME_BLOCK = 8;
const HOME_LATEST = 20;
/** How many stories the 最新 list beside every page shows. */
export const SIDEBAR_LATEST = 10;

export function homeView(model: SiteModel): PageView {
  const links = linksFrom(HOME_ROUTE);
  const featured = model.featured.map((id) => model.articleById.get(id)!.story);
  const headline = featured[0] ?? model.articles[0]?.story;
  // Stories with a cover lead the focus block; the order is otherwise newest first.
  const focus = featured.filter((s) => s !== headline).sort((a, b) => Number(!a.cover) - Number(!b.cover));
  return {
    frame: frameOf(model, links, true),
    page: {
      ...pageHead(model, HOME_ROUTE, ""),
      headline: headline ? summaryItem(model, links, headline.id) : undefined,
      focus: focus.slice(0, HOME_FOCUS).map((s) => summaryItem(model, links, s.id)),
      blocks: model.channels.top.map((slug) => {
        const channel = model.channels.bySlug.get(slug)!;
        return {
          title: channel.name,
          href: links.to(channel.firstPage),
          items: model.channelArticles.get(slug)!.slice(0, HOME_BLOCK).map((id) => articleItem(model, links, id)),
        };
      }),
      newest: model.articles.slice(0, HOME_LATEST).map((a) => storyItem(model, links, a.story)),
    },
  };
}

export function standalonePageView(model: SiteModel, page: StandalonePage, route: string): PageView {
  const links = linksFrom(route);
  return {
    frame: frameOf(model, links, false),
    page: {
      ...pageHead(model, route, page.title),
      breadcrumb: [{ title: "首页", href: links.to(HOME_ROUTE) }],
      page: { title: page.title },
    },
    body: { field: "page", source: { path: page.path, file: page.file, hash: page.body.hash } },
  };
}

export function notFoundView(model: SiteModel): PageView {
  // Served in place of any missing path, so its links start from the site's root.
  const links = linksWithPrefix(basePathOf(model.config.url));
  return { frame: frameOf(model, links, false), page: pageHead(model, NOT_FOUND_ROUTE, "页面未找到") };
}

/** The 最新 list's data, for the shared script: the newest articles with their routes from the root. */
export function latestItems(model: SiteModel) {
  return model.articles.slice(0, SIDEBAR_LATEST).map(({ story, route }) => ({ title: story.title, route, date: formatDay(story.date), datetime: formatIso(story.date) }));
}

/** JSON inside a <script>: nothing in it can close the script element or end a line early. */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
