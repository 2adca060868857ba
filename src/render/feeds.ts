// The RSS feed (latest stories) and the sitemap: for readers' feed apps and search engines. Both
// need absolute addresses, so a site without `url` in site.yml has neither.
import { Feed } from "feed";
import { formatIso } from "../dates.js";
import { FEED_ROUTE } from "../model/outputs.js";
import type { SiteModel } from "../model/site-model.js";
import { absoluteUrl } from "./links.js";

export const FEED_SIZE = 50;

/**
 * Every XML document xnews writes is made by this: XML 1.0 cannot hold most control characters
 * (a \x0b pasted from Word in a title), U+FFFE/U+FFFF or half a surrogate pair, and one of
 * them makes the whole feed unreadable. They are invisible, so they are dropped.
 */
export function xmlDocument<Args extends unknown[]>(write: (...args: Args) => string): (...args: Args) => string {
  return (...args) => withoutNonXmlCharacters(write(...args));
}

const NON_XML = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function withoutNonXmlCharacters(text: string): string {
  return text.replace(NON_XML, "");
}

/** RSS 2.0 via the feed library (escaping and dates as the format wants them). */
export const rssFeed = xmlDocument((model: SiteModel): string => {
  const { config } = model;
  const home = absoluteUrl(config.url, "index.html")!;
  const latest = model.articles.slice(0, FEED_SIZE);
  const feed = new Feed({
    title: noTags(config.title),
    description: noTags(config.title),
    id: home,
    link: home,
    language: config.language,
    copyright: `© ${config.title}`,
    generator: "xnews",
    // The newest story's time, not the clock's: the same content gives the same bytes.
    updated: new Date(latest[0]?.story.date.instant ?? 0),
    feedLinks: { rss: absoluteUrl(config.url, FEED_ROUTE) },
  });
  for (const { story, route, summary } of latest) {
    const link = absoluteUrl(config.url, route)!;
    // Feed readers differ in showing these as text or as HTML. The title and description, which
    // the library writes as CDATA, are escaped first: they read right either way and never run.
    // The fields it escapes itself lose their angle brackets (fullwidth ones read the same).
    feed.addItem({
      title: escapeXml(story.title),
      id: link,
      link,
      date: new Date(story.date.instant),
      description: escapeXml(summary),
      author: story.byline ? [{ name: noTags(story.byline) }] : undefined,
      category: story.tags.map((name) => ({ name: noTags(name) })),
    });
  }
  return feed.rss2();
});

/** Every output listed as belonging in the sitemap, with its date where it has one. */
export const sitemap = xmlDocument((model: SiteModel): string => {
  const lines = model.outputs
    .filter((o) => o.sitemap)
    .map((o) => `<url><loc>${escapeXml(absoluteUrl(model.config.url, o.route)!)}</loc>${o.modified ? `<lastmod>${formatIso(o.modified)}</lastmod>` : ""}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join("\n")}\n</urlset>\n`;
});

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function noTags(text: string): string {
  return text.replace(/</g, "＜").replace(/>/g, "＞");
}
