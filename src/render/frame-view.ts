// The frame every page shares with its neighbours: masthead, channel bar, footer. It depends only
// on where the page is and which channel it is in, so it is made once per place and reused.
import { FEED_ROUTE, hasSiteUrl } from "../model/outputs.js";
import { HOME_ROUTE, LATEST_SCRIPT_ROUTE } from "../model/routes.js";
import { SEARCH_PAGE_ROUTE } from "../model/search-layout.js";
import { ARCHIVE_INDEX_ROUTE } from "../model/collections.js";
import type { SearchFallback } from "../config.js";
import type { Labels } from "../site-identity.js";
import { identityView, type IdentityView } from "./identity-view.js";
import type { Links } from "./links.js";
import type { Crumb } from "./page-head.js";
import type { SiteReader } from "./reader.js";

export interface LinkView {
  title: string;
  href?: string;
  current?: boolean;
}

/** The parts of every page that depend only on where the page is and which channel it is in. */
export interface FrameView {
  site: { title: string; language: string };
  root: string;
  stylesheet: string;
  /** The site's own icon, else xnews's favicon.ico (copied from xnews's public/ to every site). */
  favicon: string;
  homeHref: string;
  /** The 最新 list, one small script shared by every page: a new story rewrites it, not every page. */
  latestScript: string;
  /** The RSS feed, when the site has one (it needs site.yml's url). */
  feedHref?: string;
  nav: LinkView[];
  subnav: LinkView[];
  footerLinks: LinkView[];
  year: number;
  /** The search box: search.html, and where it sends a browser without JavaScript when site.yml says. */
  search: { href: string; fallback?: SearchFallback };
  /** 往期: every month with stories. */
  archive: { title: string; href: string };
  /** 主办单位, 备案, 许可证 and contact, for the footer. */
  identity: IdentityView;
  labels: Labels;
}

/** Frames and items are shared by many pages: made once per reader, with the facts they read. */
export interface Shared<T> {
  value: T;
  facts: string[];
}
export const HOME_CRUMB: Crumb = { name: "首页", route: HOME_ROUTE };
export const ARCHIVE_CRUMB: Crumb = { name: "往期回顾", route: ARCHIVE_INDEX_ROUTE };

const frames = new WeakMap<SiteReader, Map<string, Shared<FrameView>>>();

export function frameOf(read: SiteReader, links: Links, isHome: boolean, activeChannel?: string): FrameView {
  let cache = frames.get(read);
  if (!cache) frames.set(read, (cache = new Map()));
  const key = `${links.prefix}|${activeChannel ?? ""}|${isHome}`;
  let frame = cache.get(key);
  if (!frame) cache.set(key, (frame = read.record(() => frameView(read, links, isHome, activeChannel))));
  read.uses(frame.facts);
  return frame.value;
}

function frameView(read: SiteReader, links: Links, isHome: boolean, activeChannel?: string): FrameView {
  const config = read.config();
  const channels = read.channels();
  const activeTop = activeChannel ? (channels.bySlug.get(activeChannel)!.ancestors[0] ?? activeChannel) : undefined;
  const channelLink = (slug: string): LinkView => {
    const channel = channels.bySlug.get(slug)!;
    return { title: channel.name, href: links.to(channel.firstPage), current: slug === activeChannel || slug === activeTop };
  };
  return {
    site: { title: config.title, language: config.language },
    root: links.to(""),
    stylesheet: links.to("css/site.css"),
    favicon: links.asset(config.favicon ?? "favicon.ico"),
    homeHref: links.to(HOME_ROUTE),
    latestScript: links.to(LATEST_SCRIPT_ROUTE),
    feedHref: hasSiteUrl(config) ? links.to(FEED_ROUTE) : undefined,
    nav: [{ title: "首页", href: links.to(HOME_ROUTE), current: isHome }, ...channels.top.map(channelLink)],
    subnav: activeTop ? channels.bySlug.get(activeTop)!.children.map(channelLink) : [],
    footerLinks: read.standalone().map(({ page, route }) => ({ title: page.title, href: links.to(route) })),
    year: read.year(),
    search: { href: links.to(SEARCH_PAGE_ROUTE), fallback: config.search.fallback },
    archive: { title: ARCHIVE_CRUMB.name, href: links.to(ARCHIVE_CRUMB.route) },
    identity: identityView(config.identity),
    labels: config.labels,
  };
}
