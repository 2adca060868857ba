// What a page says about itself in <head>, for search engines and share cards: its <title>, meta
// description, canonical address (none on the 404 page, which is noindex instead), Open Graph and
// Twitter card, an article's times, section and tags, and JSON-LD (NewsArticle; BreadcrumbList on
// every page below the home page). Every kind of page gets its head here, so all have the same set.
import { namesOf, type Credit } from "../content/byline.js";
import { isWebAddress, publicRoute } from "../paths.js";
import { hasSiteUrl } from "../model/outputs.js";
import { absoluteUrl } from "./links.js";
import { jsonForScript } from "./script-json.js";
import type { SiteSettings } from "./reader.js";

export interface HeadView {
  /** The whole <title>: the page's own title, then the site's. */
  title: string;
  description: string;
  canonical?: string;
  robots?: string;
  /** The tags, for Baidu's keywords meta. */
  keywords?: string;
  og: { type: "website" | "article"; title: string; description: string; url?: string; image?: string };
  twitterCard: "summary" | "summary_large_image";
  article?: { publishedTime: string; modifiedTime: string; section: string; tags: string[] };
  /** Each JSON-LD block, serialised safely for a <script> element. */
  jsonLd: string[];
}

/** A step of the way from the home page down to a page: its name and route. */
export interface Crumb {
  name: string;
  route: string;
}

export interface HeadInput {
  route: string;
  /** The page's own title; "" on the home page, whose title is the site's. */
  title: string;
  /** What tells the page's title from another page's, shown after it in <title> only (model/shared-titles.ts). */
  titleNote?: string;
  /** The page's own description; the site's (else its title) when it has none. */
  description?: string;
  /** The picture a share card shows (a public/ path or a web address): the site's logo when none. */
  image?: string;
  /** From the home page down to this page, itself included; none for the home page. */
  crumbs?: Crumb[];
  /** A page for readers alone (404, search): not indexed, and canonical for nothing. */
  noindex?: boolean;
  article?: {
    datePublished: string;
    dateModified: string;
    section: string;
    tags: string[];
    /** Who wrote it, from the byline or `authors:`; none: the newsroom. */
    credits: readonly Credit[];
    source: string;
  };
}

export function pageHead(config: SiteSettings, input: HeadInput): HeadView {
  const canonical = input.noindex ? undefined : absoluteUrl(config.url, input.route);
  const description = input.description || config.description || config.title;
  const ownImage = absoluteAsset(config.url, input.image);
  const image = ownImage ?? absoluteAsset(config.url, config.logo);
  const own = input.titleNote ? `${input.title}(${input.titleNote})` : input.title;
  const { article } = input;
  const keywords = article?.tags.length ? article.tags.join(",") : undefined;
  const jsonLd: unknown[] = [];
  if (article) jsonLd.push(newsArticle(config, { headline: input.title, description, url: canonical, image, keywords }, article));
  const breadcrumbs = input.crumbs && breadcrumbList(config, input.crumbs);
  if (breadcrumbs) jsonLd.push(breadcrumbs);
  return {
    title: own ? `${own} - ${config.title}` : config.title,
    description,
    canonical,
    robots: input.noindex ? "noindex" : undefined,
    keywords,
    og: { type: article ? "article" : "website", title: input.title || config.title, description, url: canonical, image },
    // A large card for the page's own picture; the site's logo makes a small one.
    twitterCard: ownImage ? "summary_large_image" : "summary",
    article: article && { publishedTime: article.datePublished, modifiedTime: article.dateModified, section: article.section, tags: article.tags },
    jsonLd: jsonLd.map(jsonForScript),
  };
}

function newsArticle(
  config: SiteSettings,
  { headline, description, url, image, keywords }: { headline: string; description: string; url?: string; image?: string; keywords?: string },
  article: NonNullable<HeadInput["article"]>,
) {
  const logo = absoluteAsset(config.url, config.logo);
  const publisher = { "@type": "Organization", name: config.title, url: config.url || undefined, logo: logo && { "@type": "ImageObject", url: logo } };
  // One Person per name in the byline; a story without one is the newsroom's (or its source's).
  const author = article.credits.length
    ? namesOf(article.credits).map((name) => ({ "@type": "Person", name, jobTitle: jobTitleOf(article.credits, name) }))
    : [{ "@type": "Organization", name: article.source }];
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline,
    description,
    datePublished: article.datePublished,
    dateModified: article.dateModified,
    image: image && [image],
    articleSection: article.section,
    keywords,
    author,
    publisher,
    mainEntityOfPage: url,
  };
}

/** The role words written before a name the first time it is credited (记者, 咸宁日报全媒体记者 …). */
function jobTitleOf(credits: readonly Credit[], name: string): string | undefined {
  const credit = credits.find((c) => c.name === name)!;
  // A one-character mark (摄) says less than the role it stands for (摄影).
  if (Array.from(credit.label).length > 1) return credit.label;
  return credit.role === "作者" ? undefined : credit.role;
}

/** Search engines want absolute addresses: without the site's url there is no breadcrumb list. */
function breadcrumbList(config: SiteSettings, crumbs: readonly Crumb[]) {
  if (!hasSiteUrl(config) || crumbs.length < 2) return undefined;
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: crumbs.map((c, i) => ({ "@type": "ListItem", position: i + 1, name: c.name, item: absoluteUrl(config.url, c.route) })),
  };
}

/** A cover or logo as an absolute address: as written when it is one, else under the site's url (none without). */
function absoluteAsset(siteUrl: string, asset: string | undefined): string | undefined {
  if (!asset) return undefined;
  return isWebAddress(asset) ? asset : absoluteUrl(siteUrl, encodeURI(publicRoute(asset)));
}
