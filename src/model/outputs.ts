// Every file a build writes, listed once: pages, feeds, the sitemap, public/ files and the copies
// of pictures. The route
// collision check, the jobs a build renders, the sitemap and dev's rebuilds all read this list.
import type { SiteConfig } from "../config.js";
import type { ChannelTree } from "./channels.js";
import type { Article, StandalonePage } from "../content/story.js";
import type { StoryDate } from "../dates.js";
import { HOME_ROUTE, LATEST_SCRIPT_ROUTE, NETLIFY_REDIRECTS_ROUTE, NGINX_REDIRECTS_ROUTE, NOT_FOUND_ROUTE, channelFeedRoute } from "./routes.js";
import type { Alias, ListPage, PublishedArticle } from "./published.js";
import type { ImageVariant, Picture } from "./pictures.js";
import { ARCHIVE_INDEX_ROUTE, type CollectionPage, type Collections } from "./collections.js";
import { SEARCH_PAGE_ROUTE, SEARCH_SCRIPT_ROUTE, STORIES_PER_CARD_FILE, STORIES_PER_FILE, monthFiles, searchCardRoute, searchDocRoute, searchHeadRoute, searchTextRoute, type SearchLayout, type SearchMonth, type SearchYear } from "./search-layout.js";

export const FEED_ROUTE = "index.xml";
export const SITEMAP_ROUTE = "sitemap.xml";
export const NEWS_SITEMAP_ROUTE = "news-sitemap.xml";
export const ROBOTS_ROUTE = "robots.txt";
/** Search engines read at most 50,000 addresses (and 50 MB) from one sitemap file. */
export const SITEMAP_LIMIT = 50_000;

/** Who a file is written for: named in the error when two files want one path. */
export interface OutputOwner {
  what: string;
  file: string;
  line?: number;
  /** How to make room, when it is not the usual (change an id or a pattern). */
  hint?: string;
}

interface OutputBase {
  route: string;
  owner: OutputOwner;
  /** Listed in sitemap.xml. */
  sitemap: boolean;
  /** The sitemap's lastmod, where one is known. */
  modified?: StoryDate;
}

export type Output =
  | (OutputBase & { kind: "home" })
  | (OutputBase & { kind: "channel"; list: ListPage })
  /** A page of a reporter's, a tag's, a 专题's or a month's list (model/collections.ts). */
  | (OutputBase & { kind: "author"; page: CollectionPage })
  | (OutputBase & { kind: "tag"; page: CollectionPage })
  | (OutputBase & { kind: "topic"; page: CollectionPage })
  | (OutputBase & { kind: "archive"; page: CollectionPage })
  /** 往期: every month with stories. */
  | (OutputBase & { kind: "archiveIndex" })
  | (OutputBase & { kind: "article"; article: PublishedArticle })
  | (OutputBase & { kind: "standalone"; page: StandalonePage })
  /** A withdrawn story's address: its notice, in place of the body. */
  | (OutputBase & { kind: "retracted"; story: Article | StandalonePage })
  /** An old address of a story: a page that sends readers on. */
  | (OutputBase & { kind: "alias"; alias: Alias })
  /** Every old address and where it went, for a server: an nginx map, or a _redirects file (Netlify, Cloudflare Pages). */
  | (OutputBase & { kind: "redirects"; format: "nginx" | "netlify" })
  | (OutputBase & { kind: "notFound" })
  | (OutputBase & { kind: "latest" })
  /** The site's feed, or a channel's (its descendants' stories included). */
  | (OutputBase & { kind: "feed"; channel?: string })
  /** The outputs listed in sitemaps from `from` up to `to`, oldest first (render/feeds.ts). */
  | (OutputBase & { kind: "sitemap"; from: number; to: number })
  /** sitemap.xml when the site has more addresses than one sitemap may hold: it names every sitemap. */
  | (OutputBase & { kind: "sitemapIndex" })
  | (OutputBase & { kind: "newsSitemap" })
  | (OutputBase & { kind: "robots" })
  /** search.html: the search box's results. */
  | (OutputBase & { kind: "search" })
  /** The script that searches, and the index's files (model/search-layout.ts). */
  | (OutputBase & { kind: "searchScript" })
  | (OutputBase & { kind: "searchHead"; bucket: number })
  | (OutputBase & { kind: "searchText"; year: SearchYear; bucket: number })
  /** Stories' titles, addresses and texts, for results: numbers `from` to `to` (excluded) of their month. */
  | (OutputBase & { kind: "searchDocs"; month: SearchMonth; from: number; to: number })
  /** What a title hit shows, for some stories of a month. */
  | (OutputBase & { kind: "searchCards"; month: SearchMonth; from: number; to: number })
  | (OutputBase & { kind: "public"; source: string })
  /** A smaller copy of one of the site's pictures, for <picture>/srcset (model/pictures.ts). */
  | (OutputBase & { kind: "picture"; source: string; variant: ImageVariant });

export type OutputKind = Output["kind"];
export type OutputOf<K extends OutputKind> = Extract<Output, { kind: K }>;

export interface OutputSources {
  config: SiteConfig;
  channels: ChannelTree;
  articles: readonly PublishedArticle[];
  listPages: readonly ListPage[];
  standalone: readonly { page: StandalonePage; route: string }[];
  retracted: readonly { story: Article | StandalonePage; route: string }[];
  aliases: readonly Alias[];
  collections: Collections;
  /** public/ files: route → absolute source path. */
  publicFiles: ReadonlyMap<string, string>;
  search: SearchLayout;
  pictures: ReadonlyMap<string, Picture>;
}

/** Every output of the site, in the order they are written: public/ files, then pages, then feeds. */
export function listOutputs(site: OutputSources): Output[] {
  const settings = site.config.origin.file;
  const outputs: Output[] = [];
  for (const [route, source] of site.publicFiles) {
    // A photo pages show is published cleaned of its camera's metadata, not as given.
    if (!site.pictures.get(route)?.cleaned) outputs.push({ kind: "public", route, source, sitemap: false, owner: { what: `public file ${route}`, file: `public/${route}` } });
  }
  for (const { route, source, variants, cleaned, use } of site.pictures.values()) {
    for (const variant of cleaned ? [cleaned, ...variants] : variants) {
      outputs.push({ kind: "picture", route: variant.route, source, variant, sitemap: false, owner: { what: variant.original ? `the picture ${route}` : `the ${variant.width} px ${variant.format} copy of ${route}`, file: use.file, line: use.line, hint: `rename public/${route}, or the file in the way: a picture's copies are written beside it` } });
    }
  }
  outputs.push({ kind: "home", route: HOME_ROUTE, sitemap: true, modified: site.articles[0]?.story.date, owner: { what: "the home page", file: settings } });
  for (const list of site.listPages) {
    outputs.push({ kind: "channel", route: list.route, list, sitemap: true, owner: { what: `page ${list.number} of channel ${list.channel}`, file: settings } });
  }
  for (const page of site.collections.pages) {
    const { kind, name } = page.collection;
    outputs.push({ kind, route: page.route, page, sitemap: true, owner: { what: `page ${page.number} of the ${kind === "archive" ? "month" : kind} ${name}`, file: settings } });
  }
  outputs.push({ kind: "archiveIndex", route: ARCHIVE_INDEX_ROUTE, sitemap: true, owner: { what: "the 往期 page", file: settings } });
  for (const article of site.articles) {
    const { story } = article;
    outputs.push({ kind: "article", route: article.route, article, sitemap: true, modified: story.updated ?? story.date, owner: { what: `story "${story.id}"`, file: story.file, line: story.fieldLines.id } });
  }
  for (const { page, route } of site.standalone) {
    outputs.push({ kind: "standalone", route, page, sitemap: true, owner: { what: `story "${page.id}"`, file: page.file, line: page.fieldLines.id } });
  }
  for (const { story, route } of site.retracted) {
    outputs.push({ kind: "retracted", route, story, sitemap: false, owner: { what: `story "${story.id}"`, file: story.file, line: story.fieldLines.id } });
  }
  for (const alias of site.aliases) {
    outputs.push({ kind: "alias", route: alias.route, alias, sitemap: false, owner: { what: `the old address ${alias.alias} of story "${alias.id}"`, file: alias.file, line: alias.line, hint: "an old address must be one no page of this site has: remove it from aliases, or correct it" } });
  }
  if (site.aliases.length) {
    outputs.push({ kind: "redirects", format: "nginx", route: NGINX_REDIRECTS_ROUTE, sitemap: false, owner: { what: "the nginx map of old addresses", file: settings } });
    outputs.push({ kind: "redirects", format: "netlify", route: NETLIFY_REDIRECTS_ROUTE, sitemap: false, owner: { what: "the _redirects file of old addresses", file: settings } });
  }
  outputs.push({ kind: "notFound", route: NOT_FOUND_ROUTE, sitemap: false, owner: { what: "the 404 page", file: settings } });
  outputs.push({ kind: "latest", route: LATEST_SCRIPT_ROUTE, sitemap: false, owner: { what: "the 最新 list script", file: settings } });
  outputs.push(...searchOutputs(site.search, settings), ...searchDocOutputs(site.search, settings));
  // A site's own robots.txt (its Disallow rules) is copied from public/ instead.
  if (!site.publicFiles.has(ROBOTS_ROUTE)) outputs.push({ kind: "robots", route: ROBOTS_ROUTE, sitemap: false, owner: { what: "robots.txt", file: settings } });
  if (hasSiteUrl(site.config)) {
    outputs.push({ kind: "feed", route: FEED_ROUTE, sitemap: false, owner: { what: "the RSS feed", file: settings } });
    for (const slug of site.channels.all) {
      const route = channelFeedRoute(slug);
      if (route) outputs.push({ kind: "feed", channel: slug, route, sitemap: false, owner: { what: `the RSS feed of channel ${slug}`, file: settings } });
    }
    for (const sitemap of sitemaps(outputs.reduce((n, o) => n + Number(o.sitemap), 0), settings)) outputs.push(sitemap);
    outputs.push({ kind: "newsSitemap", route: NEWS_SITEMAP_ROUTE, sitemap: false, owner: { what: "the news sitemap", file: settings } });
  }
  return outputs;
}

/** The files of stories for search, STORIES_PER_FILE stories of a month a file, and their cards, STORIES_PER_CARD_FILE a file. */
function searchDocOutputs(search: SearchLayout, settings: string): Output[] {
  const outputs: Output[] = [];
  for (const year of search.years) {
    for (const month of year.months) {
      const name = `${month.key.slice(0, 4)}-${month.key.slice(4)}'s stories`;
      for (const { from, to, route } of monthFiles(month, STORIES_PER_FILE, searchDocRoute)) {
        outputs.push({ kind: "searchDocs", month, from, to, route, sitemap: false, owner: { what: `the search file of ${name} ${from + 1}–${to}`, file: settings } });
      }
      for (const { from, to, route } of monthFiles(month, STORIES_PER_CARD_FILE, searchCardRoute)) {
        outputs.push({ kind: "searchCards", month, from, to, route, sitemap: false, owner: { what: `the search cards of ${name} ${from + 1}–${to}`, file: settings } });
      }
    }
  }
  return outputs;
}

/** The search page, its script and the index's files, the head's first (a search reads it first). */
function searchOutputs(search: SearchLayout, settings: string): Output[] {
  const outputs: Output[] = [
    { kind: "search", route: SEARCH_PAGE_ROUTE, sitemap: false, owner: { what: "the search page", file: settings } },
    { kind: "searchScript", route: SEARCH_SCRIPT_ROUTE, sitemap: false, owner: { what: "the search script", file: settings } },
  ];
  for (let bucket = 0; bucket < search.headBuckets; bucket++) {
    outputs.push({ kind: "searchHead", bucket, route: searchHeadRoute(bucket), sitemap: false, owner: { what: "the search index of titles and of the newest year", file: settings } });
  }
  for (const year of search.years) {
    for (let bucket = 0; bucket < year.buckets; bucket++) {
      outputs.push({ kind: "searchText", year, bucket, route: searchTextRoute(year.year, bucket), sitemap: false, owner: { what: `the search index of ${year.year}`, file: settings } });
    }
  }
  return outputs;
}

/** Feeds, sitemaps and JSON-LD breadcrumbs need absolute addresses: a site without `url` in site.yml has none. */
export function hasSiteUrl(config: Pick<SiteConfig, "url">): boolean {
  return Boolean(config.url);
}

/** One sitemap.xml while it can hold every address; past that, sitemap.xml names sitemap-1.xml, sitemap-2.xml … */
function sitemaps(addresses: number, settings: string): Output[] {
  if (addresses <= SITEMAP_LIMIT) return [{ kind: "sitemap", route: SITEMAP_ROUTE, from: 0, to: addresses, sitemap: false, owner: { what: "the sitemap", file: settings } }];
  const parts: Output[] = [];
  for (let from = 0, n = 1; from < addresses; from += SITEMAP_LIMIT, n++) {
    parts.push({ kind: "sitemap", route: `sitemap-${n}.xml`, from, to: Math.min(from + SITEMAP_LIMIT, addresses), sitemap: false, owner: { what: `sitemap ${n}`, file: settings } });
  }
  return [{ kind: "sitemapIndex", route: SITEMAP_ROUTE, sitemap: false, owner: { what: "the sitemap index", file: settings } }, ...parts];
}
