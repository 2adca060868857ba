// Every file a build writes, listed once: pages, feeds, the sitemap and public/ files. The route
// collision check, the jobs a build renders, the sitemap and dev's rebuilds all read this list.
import type { SiteConfig } from "../config.js";
import type { StandalonePage } from "../content/story.js";
import type { StoryDate } from "../dates.js";
import { HOME_ROUTE, LATEST_SCRIPT_ROUTE, NOT_FOUND_ROUTE } from "./routes.js";
import type { ListPage, PublishedArticle } from "./published.js";

export const FEED_ROUTE = "index.xml";
export const SITEMAP_ROUTE = "sitemap.xml";

/** Who a file is written for: named in the error when two files want one path. */
export interface OutputOwner {
  what: string;
  file: string;
  line?: number;
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
  | (OutputBase & { kind: "article"; article: PublishedArticle })
  | (OutputBase & { kind: "standalone"; page: StandalonePage })
  | (OutputBase & { kind: "notFound" })
  | (OutputBase & { kind: "latest" })
  | (OutputBase & { kind: "feed" })
  | (OutputBase & { kind: "sitemap" })
  | (OutputBase & { kind: "public"; source: string });

export type OutputKind = Output["kind"];
export type OutputOf<K extends OutputKind> = Extract<Output, { kind: K }>;

export interface OutputSources {
  config: SiteConfig;
  articles: readonly PublishedArticle[];
  listPages: readonly ListPage[];
  standalone: readonly { page: StandalonePage; route: string }[];
  /** public/ files: route → absolute source path. */
  publicFiles: ReadonlyMap<string, string>;
}

/** Every output of the site, in the order they are written: public/ files, then pages, then feeds. */
export function listOutputs(site: OutputSources): Output[] {
  const settings = site.config.origin.file;
  const outputs: Output[] = [];
  for (const [route, source] of site.publicFiles) outputs.push({ kind: "public", route, source, sitemap: false, owner: { what: `public file ${route}`, file: `public/${route}` } });
  outputs.push({ kind: "home", route: HOME_ROUTE, sitemap: true, modified: site.articles[0]?.story.date, owner: { what: "the home page", file: settings } });
  for (const list of site.listPages) {
    outputs.push({ kind: "channel", route: list.route, list, sitemap: true, owner: { what: `page ${list.number} of channel ${list.channel}`, file: settings } });
  }
  for (const article of site.articles) {
    const { story } = article;
    outputs.push({ kind: "article", route: article.route, article, sitemap: true, modified: story.date, owner: { what: `story "${story.id}"`, file: story.file, line: story.fieldLines.id } });
  }
  for (const { page, route } of site.standalone) {
    outputs.push({ kind: "standalone", route, page, sitemap: true, owner: { what: `story "${page.id}"`, file: page.file, line: page.fieldLines.id } });
  }
  outputs.push({ kind: "notFound", route: NOT_FOUND_ROUTE, sitemap: false, owner: { what: "the 404 page", file: settings } });
  outputs.push({ kind: "latest", route: LATEST_SCRIPT_ROUTE, sitemap: false, owner: { what: "the 最新 list script", file: settings } });
  // Feeds and sitemaps need absolute addresses: a site without `url` has none.
  if (site.config.url) {
    outputs.push({ kind: "feed", route: FEED_ROUTE, sitemap: false, owner: { what: "the RSS feed", file: settings } });
    outputs.push({ kind: "sitemap", route: SITEMAP_ROUTE, sitemap: false, owner: { what: "the sitemap", file: settings } });
  }
  return outputs;
}
