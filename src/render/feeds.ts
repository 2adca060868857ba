// The RSS feeds (the site's and each channel's latest stories), the sitemaps and the news sitemap:
// for readers' feed apps and search engines. All need absolute addresses, so a site without `url`
// in site.yml has none.
import { Feed } from "feed";
import { namesOf } from "../content/byline.js";
import { creditsOf } from "../content/credits.js";
import { bodySourceOf, createBodyReader, type BodySource } from "../content/story-body.js";
import { formatDayTime, formatIso, type StoryDate } from "../dates.js";
import { channelTitle, type ChannelTree } from "../model/channels.js";
import { FEED_ROUTE, type Output } from "../model/outputs.js";
import { HOME_ROUTE, channelFeedRoute } from "../model/routes.js";
import type { SiteModel } from "../model/site-model.js";
import { absoluteUrl, linksWithPrefix } from "./links.js";

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

/**
 * Bodies rendered for full-text feeds, per model, by file and hash: a story in the site's feed
 * and its channel's, and its parent's, is rendered once.
 */
const feedBodies = new WeakMap<SiteModel, (source: BodySource) => string>();

function feedBodyReader(model: SiteModel): (source: BodySource) => string {
  let read = feedBodies.get(model);
  if (!read) {
    const render = createBodyReader(model.config.markdown);
    const made = new Map<string, string>();
    read = (source) => {
      const key = `${source.path}\0${source.hash}`;
      let html = made.get(key);
      if (html === undefined) made.set(key, (html = render(source)));
      return html;
    };
    feedBodies.set(model, read);
  }
  return read;
}

/**
 * RSS 2.0 via the feed library (escaping and dates as the format wants them): the site's newest
 * stories, or a channel's (its descendants' included). Each name in a byline is a dc:creator:
 * RSS's own <author> must be an e-mail address.
 */
export const rssFeed = xmlDocument((model: SiteModel, slug?: string): string => {
  const { config } = model;
  const channel = slug === undefined ? undefined : model.channels.bySlug.get(slug)!;
  const home = absoluteUrl(config.url, channel ? channel.firstPage : HOME_ROUTE)!;
  const latest = channel ? model.channelArticles.get(channel.slug)!.slice(0, FEED_SIZE).map((id) => model.articleById.get(id)!) : model.articles.slice(0, FEED_SIZE);
  const title = feedTitle(config.title, model.channels, slug);
  const body = config.feeds.fullText ? feedBodyReader(model) : undefined;
  const absolute = linksWithPrefix(`${config.url}/`);
  const feed = new Feed({
    title: noTags(title),
    description: noTags(channel?.description ?? config.description ?? title),
    id: home,
    link: home,
    language: config.language,
    copyright: `© ${config.title}`,
    generator: "xnews",
    // The newest story's time, not the clock's: the same content gives the same bytes.
    updated: new Date((latest[0] ?? model.articles[0])?.story.date.instant ?? 0),
    feedLinks: { rss: absoluteUrl(config.url, slug === undefined ? FEED_ROUTE : channelFeedRoute(slug)!) },
  });
  for (const { story, route, summary } of latest) {
    const link = absoluteUrl(config.url, route)!;
    // A reader of the feed is told of a correction as a reader of the page is: first.
    const corrections = story.corrections.map((c) => `更正${c.date ? `(${formatDayTime(c.date)})` : ""}:${c.text}`);
    const names = namesOf(creditsOf(story));
    // Feed readers differ in showing these as text or as HTML. The title and description, which
    // the library writes as CDATA, are escaped first: they read right either way and never run.
    // The fields it escapes itself lose their angle brackets (fullwidth ones read the same).
    feed.addItem({
      title: escapeXml(story.title),
      id: link,
      link,
      date: new Date(story.date.instant),
      description: escapeXml([...corrections, summary].join(" ")),
      content: body && `${corrections.map((c) => `<p>${escapeXml(c)}</p>`).join("")}${absolute.body(body(bodySourceOf(story)))}`,
      category: story.tags.map((name) => ({ name: noTags(name) })),
      // A list of objects is written as that many elements (the library's types allow only one).
      extensions: [
        ...(names.length ? [{ name: "dc:creator", objects: names.map((name) => ({ _text: noTags(name) })) as unknown as Record<string, unknown> }] : []),
        // RSS has no date of change of its own: Atom's, whose namespace the feed declares.
        ...(story.updated ? [{ name: "atom:updated", objects: { _text: formatIso(story.updated) } }] : []),
      ],
    });
  }
  const xml = feed.rss2();
  // The library declares Dublin Core only along with full text; dc:creator needs it either way.
  return xml.includes("<dc:creator>") && !xml.includes("xmlns:dc=") ? xml.replace("<rss ", `<rss xmlns:dc="${DUBLIN_CORE}" `) : xml;
});

const DUBLIN_CORE = "http://purl.org/dc/elements/1.1/";

/** What a feed is called, in the feed and in the pages that link it: the site's, or a channel's named as its pages are. */
export function feedTitle(siteTitle: string, channels: ChannelTree, slug?: string): string {
  return slug === undefined ? siteTitle : `${channelTitle(channels, slug)} - ${siteTitle}`;
}

/**
 * The outputs listed in sitemaps, oldest first (the list of outputs has the newest first): a new
 * story joins the last sitemap, and the sitemaps before it stay as they were, byte for byte.
 * Listed once per model: every sitemap and the index read it.
 */
const listedInSitemaps = new WeakMap<SiteModel, Output[]>();

function sitemapOutputs(model: SiteModel): Output[] {
  let listed = listedInSitemaps.get(model);
  if (!listed) listedInSitemaps.set(model, (listed = model.outputs.filter((o) => o.sitemap).reverse()));
  return listed;
}

/** The sitemap of the outputs `from` up to `to` in sitemapOutputs, with their dates where they have one. */
export const sitemap = xmlDocument((model: SiteModel, from: number, to: number): string => {
  const lines = sitemapOutputs(model)
    .slice(from, to)
    .map((o) => `<url><loc>${escapeXml(absoluteUrl(model.config.url, o.route)!)}</loc>${o.modified ? `<lastmod>${formatIso(o.modified)}</lastmod>` : ""}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join("\n")}\n</urlset>\n`;
});

/** sitemap.xml for a site with more addresses than one sitemap holds: every sitemap, each with its newest date. */
export const sitemapIndex = xmlDocument((model: SiteModel): string => {
  const listed = sitemapOutputs(model);
  const lines = model.outputs.flatMap((part) => {
    if (part.kind !== "sitemap") return [];
    let newest: StoryDate | undefined;
    for (const o of listed.slice(part.from, part.to)) if (o.modified && !(newest && newest.instant >= o.modified.instant)) newest = o.modified;
    return [`<sitemap><loc>${escapeXml(absoluteUrl(model.config.url, part.route)!)}</loc>${newest ? `<lastmod>${formatIso(newest)}</lastmod>` : ""}</sitemap>`];
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join("\n")}\n</sitemapindex>\n`;
});

/** Google News reads stories of the last two days: those of the 48 hours before the newest story (not the clock: same content, same bytes). */
const NEWS_WINDOW_MS = 48 * 3600 * 1000;
/** …and at most 1,000 of them per file. */
const NEWS_LIMIT = 1000;

export const newsSitemap = xmlDocument((model: SiteModel): string => {
  const { config } = model;
  const since = (model.articles[0]?.story.date.instant ?? 0) - NEWS_WINDOW_MS;
  const name = escapeXml(config.title);
  const language = escapeXml(config.language.toLowerCase());
  const lines: string[] = [];
  for (const { story, route } of model.articles) {
    if (story.date.instant < since || lines.length >= NEWS_LIMIT) break;
    lines.push(
      `<url><loc>${escapeXml(absoluteUrl(config.url, route)!)}</loc><news:news><news:publication><news:name>${name}</news:name><news:language>${language}</news:language></news:publication><news:publication_date>${formatIso(story.date)}</news:publication_date><news:title>${escapeXml(story.title)}</news:title></news:news></url>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${lines.join("\n")}\n</urlset>\n`;
});

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function noTags(text: string): string {
  return text.replace(/</g, "＜").replace(/>/g, "＞");
}
