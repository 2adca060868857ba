// Model → the plain objects templates read. Every link is resolved here, relative to the page
// being rendered; templates only print.
import type { Story } from "../content/story.js";
import { formatDay, formatDayTime, formatIso } from "../dates.js";
import type { ListPage, SiteModel } from "../model/site-model.js";
import { pagerNumbers } from "../model/pagination.js";
import { HOME_ROUTE, listRoute } from "../model/routes.js";
import { FEED_ROUTE } from "./feeds.js";
import { absoluteUrl, type Links } from "./links.js";

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
interface FrameView {
  site: { title: string; language: string };
  root: string;
  stylesheet: string;
  homeHref: string;
  /** The RSS feed, when the site has one (it needs site.yml's url). */
  feedHref?: string;
  nav: LinkView[];
  subnav: LinkView[];
  footerLinks: LinkView[];
  latest: StoryItemView[];
  year: number;
}

export interface CommonView extends FrameView {
  pageTitle: string;
  canonical?: string;
}

const SIDEBAR_LATEST = 10;

/** The 最新 list beside every page. */
export function sidebarLatest(model: SiteModel): Story[] {
  return model.articles.slice(0, SIDEBAR_LATEST);
}

/** Frames are shared by every page of the same depth and channel: computed once per model revision. */
const frames = new WeakMap<SiteModel, { revision: number; byKey: Map<string, FrameView> }>();

export function commonView(model: SiteModel, links: Links, route: string, pageTitle: string, activeChannel?: string): CommonView {
  const isHome = route === HOME_ROUTE;
  const key = `${links.prefix}|${activeChannel ?? ""}|${isHome}`;
  let cached = frames.get(model);
  if (cached?.revision !== model.revision) frames.set(model, (cached = { revision: model.revision, byKey: new Map() }));
  const cache = cached.byKey;
  let frame = cache.get(key);
  if (!frame) cache.set(key, (frame = frameView(model, links, isHome, activeChannel)));
  return { ...frame, pageTitle, canonical: absoluteUrl(model.config.url, route) };
}

function frameView(model: SiteModel, links: Links, isHome: boolean, activeChannel?: string): FrameView {
  const { config, channels } = model;
  const activeTop = activeChannel ? (channels.bySlug.get(activeChannel)!.ancestors[0] ?? activeChannel) : undefined;
  const channelLink = (slug: string): LinkView => ({
    title: channels.bySlug.get(slug)!.name,
    href: links.to(listRoute(slug, 1, config.pagination)!),
    current: slug === activeChannel || slug === activeTop,
  });
  const newest = model.articles[0];
  return {
    site: { title: config.title, language: config.language },
    root: links.to(""),
    stylesheet: links.to("css/site.css"),
    homeHref: links.to(HOME_ROUTE),
    feedHref: config.url ? links.to(FEED_ROUTE) : undefined,
    nav: [{ title: "首页", href: links.to(HOME_ROUTE), current: isHome }, ...channels.top.map(channelLink)],
    subnav: activeTop ? channels.bySlug.get(activeTop)!.children.map(channelLink) : [],
    footerLinks: model.pages.map((p) => ({ title: p.title, href: links.to(model.routes.get(p.id)!) })),
    latest: sidebarLatest(model).map((a) => storyItem(model, links, a)),
    year: newest ? newest.date.local.year : 1970,
  };
}

const dateLabels = new WeakMap<Story, { date: string; datetime: string }>();

export function storyItem(model: SiteModel, links: Links, story: Story): StoryItemView {
  const route = model.routes.get(story.id);
  let labels = dateLabels.get(story);
  if (!labels) dateLabels.set(story, (labels = { date: formatDay(story.date), datetime: formatIso(story.date) }));
  return {
    title: story.title,
    href: route ? links.to(route) : story.url,
    ...labels,
    cover: story.cover ? links.asset(story.cover) : undefined,
  };
}

function breadcrumb(model: SiteModel, links: Links, slug: string): LinkView[] {
  const channel = model.channels.bySlug.get(slug)!;
  return [
    { title: "首页", href: links.to(HOME_ROUTE) },
    ...[...channel.ancestors, slug].map((s) => ({ title: model.channels.bySlug.get(s)!.name, href: links.to(listRoute(s, 1, model.config.pagination)!) })),
  ];
}

export function articleView(model: SiteModel, links: Links, id: string) {
  const story = model.byId.get(id)!;
  const route = model.routes.get(id)!;
  const { prev, next } = model.neighbours.get(id) ?? {};
  const neighbour = (nid?: string) => (nid ? storyItem(model, links, model.byId.get(nid)!) : undefined);
  const summary = model.summaries.get(id)!;
  return {
    ...commonView(model, links, route, story.title, story.channel),
    description: summary,
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
      bodyHtml: links.body(story.body.html),
    },
    breadcrumb: breadcrumb(model, links, story.channel!),
    prev: neighbour(prev),
    next: neighbour(next),
    related: (model.related.get(id) ?? []).map((rid) => {
      const r = model.byId.get(rid)!;
      return { ...storyItem(model, links, r), teaser: model.teasers.get(rid) };
    }),
    jsonLd: jsonLd({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: story.title,
      datePublished: formatIso(story.date),
      author: story.byline ? { "@type": "Person", name: story.byline } : undefined,
      publisher: { "@type": "Organization", name: model.config.title },
      description: summary,
      mainEntityOfPage: absoluteUrl(model.config.url, route),
    }),
  };
}

export function channelView(model: SiteModel, links: Links, page: ListPage) {
  const channel = model.channels.bySlug.get(page.channel)!;
  const hrefOf = (n: number) => links.to(listRoute(page.channel, n, model.config.pagination)!);
  const title = page.number > 1 ? `${channel.name}(第${page.number}页)` : channel.name;
  return {
    ...commonView(model, links, page.route, title, page.channel),
    channel: { name: channel.name, slug: channel.slug },
    breadcrumb: breadcrumb(model, links, page.channel),
    children: channel.children.map((c) => ({ title: model.channels.bySlug.get(c)!.name, href: links.to(listRoute(c, 1, model.config.pagination)!) })),
    items: page.ids.map((id) => {
      const s = model.byId.get(id)!;
      return { ...storyItem(model, links, s), summary: model.summaries.get(id) };
    }),
    pager: {
      number: page.number,
      total: page.total,
      first: page.number > 1 ? hrefOf(1) : undefined,
      prev: page.number > 1 ? hrefOf(page.number - 1) : undefined,
      next: page.number < page.total ? hrefOf(page.number + 1) : undefined,
      last: page.number < page.total ? hrefOf(page.total) : undefined,
      numbers: pagerNumbers(page.number, page.total).map((p) =>
        p.kind === "gap" ? { gap: true } : { number: p.number, href: hrefOf(p.number), current: p.number === page.number },
      ),
    },
  };
}

const HOME_FOCUS = 6;
const HOME_BLOCK = 8;
const HOME_LATEST = 20;

/** Which stories the home page shows where: the one place that decides it. */
export function homeSelection(model: SiteModel) {
  const featured = model.featured.map((id) => model.byId.get(id)!);
  const headline = featured[0] ?? model.articles[0];
  // Stories with a cover lead the focus block; the order is otherwise newest first.
  const focus = featured.filter((s) => s !== headline).sort((a, b) => Number(!a.cover) - Number(!b.cover));
  return {
    headline,
    focus: focus.slice(0, HOME_FOCUS),
    blocks: model.channels.top.map((slug) => ({ slug, ids: model.channelArticles.get(slug)!.slice(0, HOME_BLOCK) })),
    newest: model.articles.slice(0, HOME_LATEST),
  };
}

export function homeView(model: SiteModel, links: Links) {
  const item = (s: Story) => ({ ...storyItem(model, links, s), summary: model.summaries.get(s.id) });
  const chosen = homeSelection(model);
  return {
    ...commonView(model, links, HOME_ROUTE, ""),
    headline: chosen.headline ? item(chosen.headline) : undefined,
    focus: chosen.focus.map(item),
    blocks: chosen.blocks.map(({ slug, ids }) => ({
      title: model.channels.bySlug.get(slug)!.name,
      href: links.to(listRoute(slug, 1, model.config.pagination)!),
      items: ids.map((id) => storyItem(model, links, model.byId.get(id)!)),
    })),
    newest: chosen.newest.map((s) => storyItem(model, links, s)),
  };
}

export function standalonePageView(model: SiteModel, links: Links, story: Story) {
  const route = model.routes.get(story.id)!;
  return {
    ...commonView(model, links, route, story.title),
    breadcrumb: [{ title: "首页", href: links.to(HOME_ROUTE) }],
    page: { title: story.title, bodyHtml: links.body(story.body.html) },
  };
}

export function notFoundView(model: SiteModel, links: Links, route: string) {
  return { ...commonView(model, links, route, "页面未找到") };
}

/** JSON for a <script type="application/ld+json">: nothing in it can close the script element. */
function jsonLd(value: object): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
