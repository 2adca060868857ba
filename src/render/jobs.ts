// How each kind of output is made, in one complete table: a page from a template and a view, a
// text written by code, or a public/ file copied. A job carries a key: for a page, what it is and
// the hash of its template (with every template that one uses), plus the facts its view read
// (render/dependencies.ts); for a text, the hash of the text; for a copy, its source's stamp.
import type { Output, OutputKind, OutputOf } from "../model/outputs.js";
import { newsSitemap, rssFeed, sitemap, sitemapIndex } from "./feeds.js";
import { hash } from "../hash.js";
import { latestScript } from "./latest-script.js";
import { robotsTxt } from "./robots.js";
import type { SiteReader } from "./reader.js";
import { archiveIndexView, collectionView } from "./collection-views.js";
import { aliasView, articleView, channelView, homeView, notFoundView, retractedView, searchView, standalonePageView, type PageView } from "./views.js";
import { redirectsText } from "./redirects.js";
import { copyKey, sourceFingerprint } from "./source-fingerprint.js";
import { VARIANT_OPTIONS_KEY, type PictureJob } from "./image-variants.js";
import type { BodySource } from "../content/story-body.js";
import { searchCardsText, searchDocsPieces } from "./search-docs.js";
import { searchScript } from "./search-files.js";

type Maker<K extends OutputKind> =
  | { template: string; view: (read: SiteReader, output: OutputOf<K>) => PageView }
  /**
   * A text; with `key`, one known without making the text, which is then made only when the key
   * changed, and last (a deferred job): it may need what the build works out meanwhile (the search
   * index of the months, render/search-index.ts).
   */
  | { text: (read: SiteReader, output: OutputOf<K>) => string; key?: (read: SiteReader, output: OutputOf<K>) => string }
  /**
   * A text made from stories, with their bodies in it as plain text where it says (read when the
   * file is written, as a page's body is); its key says which stories, and what it read of them
   * are its facts, so it is made again only when one of them changed.
   */
  | { bodyText: (read: SiteReader, output: OutputOf<K>) => (string | BodySource)[]; key: (output: OutputOf<K>) => string }
  | { copy: true }
  /** A smaller copy of a picture, made with sharp where pages are rendered; its key names the source file as it is and the options. */
  | { picture: true };

/** Every kind of output and how it is made: the compiler insists on an entry per kind. */
export const MAKERS: { [K in OutputKind]: Maker<K> } = {
  home: { template: "home.njk", view: (read) => homeView(read) },
  channel: { template: "channel.njk", view: (read, o) => channelView(read, o.route) },
  author: { template: "author.njk", view: (read, o) => collectionView(read, o.route) },
  tag: { template: "tag.njk", view: (read, o) => collectionView(read, o.route) },
  topic: { template: "topic.njk", view: (read, o) => collectionView(read, o.route) },
  archive: { template: "archive.njk", view: (read, o) => collectionView(read, o.route) },
  archiveIndex: { template: "archives.njk", view: (read) => archiveIndexView(read) },
  article: { template: "article.njk", view: (read, o) => articleView(read, o.article.story.id) },
  standalone: { template: "page.njk", view: (read, o) => standalonePageView(read, o.page.id) },
  retracted: { template: "retracted.njk", view: (read, o) => retractedView(read, o.story.id) },
  alias: { template: "redirect.njk", view: (read, o) => aliasView(read, o.route) },
  redirects: { text: (read, o) => redirectsText(read.model, o.format) },
  notFound: { template: "404.njk", view: (read) => notFoundView(read) },
  latest: { text: (read) => latestScript(read.model) },
  feed: { text: (read, o) => rssFeed(read.model, o.channel) },
  sitemap: { text: (read, o) => sitemap(read.model, o.from, o.to) },
  sitemapIndex: { text: (read) => sitemapIndex(read.model) },
  newsSitemap: { text: (read) => newsSitemap(read.model) },
  robots: { text: (read) => robotsTxt(read.model) },
  search: { template: "search.njk", view: (read) => searchView(read) },
  searchScript: { text: () => searchScript() },
  searchHead: { text: (read, o) => read.searchFiles().head(o.bucket), key: (read: SiteReader) => `searchHead:${read.model.search.headPrint}` },
  searchText: { text: (read, o) => read.searchFiles().text(o.year, o.bucket), key: (_: SiteReader, o: OutputOf<"searchText">) => `searchText:${o.year.print}` },
  searchDocs: {
    bodyText: (read, o) => searchDocsPieces(storiesOf(o).map((id) => read.shown(id)), o.month, o.from),
    key: (o: OutputOf<"searchDocs">) => `searchDocs:${storiesOf(o).join(",")}`,
  },
  searchCards: {
    bodyText: (read, o) => [searchCardsText(storiesOf(o).map((id) => read.shown(id)), o.month, o.from)],
    key: (o: OutputOf<"searchCards">) => `searchCards:${storiesOf(o).join(",")}`,
  },
  public: { copy: true },
  picture: { picture: true },
};

/** The templates xnews needs a file for. */
export const PAGE_TEMPLATES: readonly string[] = [...new Set(Object.values(MAKERS).flatMap((m) => ("template" in m ? [m.template] : [])))];

export type Job =
  | { kind: "page"; route: string; key: string; template: string; view: PageView; facts: string[] }
  /** Text pieces, and bodies whose text goes between them as JSON strings. */
  | { kind: "bodyText"; route: string; key: string; facts: string[]; pieces: (string | BodySource)[] }
  | { kind: "text"; route: string; key: string; text: string }
  | { kind: "copy"; route: string; key: string; source: string }
  | PictureJob
  /** A text made by the main thread once every other job has been handed out: `make` makes it. */
  | { kind: "deferred"; route: string; key: string; make: () => string };

/** Jobs a renderer (a worker, or the main thread with --jobs 1) is given. */
export type RenderJob = Exclude<Job, { kind: "copy" | "deferred" }>;

/** For each template, a hash of it and every template it uses. */
export type TemplateHashes = ReadonlyMap<string, string>;

/**
 * An output's key, known without making it: a page's (what it is, its template's hash), a body
 * text's, a keyed text's; undefined for other texts and copies, whose key is known once made.
 */
export function knownKey(read: SiteReader, output: Output, templates: TemplateHashes): string | undefined {
  const maker = MAKERS[output.kind] as Maker<typeof output.kind>;
  if ("template" in maker) return `${output.kind}:${maker.template}:${templates.get(maker.template) ?? ""}`;
  if ("bodyText" in maker) return maker.key(output as never);
  if ("text" in maker && maker.key) return maker.key(read, output as never);
  if ("picture" in maker) return pictureKey(read, output as OutputOf<"picture">);
  return undefined;
}

/**
 * The source file as it is (size, times, inode: hashing every photo on every build would cost
 * seconds), the whole variant (a size read from a file saved again meanwhile is a new key) and how
 * copies are made. A picture's source is looked at once per plan, not once per copy.
 */
function pictureKey(read: SiteReader, { source, variant }: OutputOf<"picture">): string {
  let stamps = sourceStamps.get(read);
  if (!stamps) sourceStamps.set(read, (stamps = new Map()));
  let stamp = stamps.get(source);
  if (stamp === undefined) stamps.set(source, (stamp = sourceFingerprint(source)));
  return `picture:${stamp}:${JSON.stringify(variant)}:${VARIANT_OPTIONS_KEY}`;
}

const sourceStamps = new WeakMap<SiteReader, Map<string, string>>();

export function jobOf(read: SiteReader, output: Output, templates: TemplateHashes): Job {
  const maker = MAKERS[output.kind] as Maker<typeof output.kind>;
  const { route } = output;
  if ("copy" in maker) {
    const source = (output as OutputOf<"public">).source;
    return { kind: "copy", route, key: copyKey(source), source };
  }
  if ("picture" in maker) {
    const picture = output as OutputOf<"picture">;
    return { kind: "picture", route, key: pictureKey(read, picture), source: picture.source, variant: picture.variant, use: picture.owner };
  }
  if ("text" in maker) {
    if (maker.key) return { kind: "deferred", route, key: maker.key(read, output as never), make: () => maker.text(read, output as never) };
    const text = maker.text(read, output as never);
    return { kind: "text", route, key: `text:${hash(text)}`, text };
  }
  if ("bodyText" in maker) {
    const { value: pieces, facts } = read.record(() => maker.bodyText(read, output as never));
    return { kind: "bodyText", route, key: knownKey(read, output, templates)!, facts, pieces };
  }
  const { value: view, facts } = read.record(() => maker.view(read, output as never));
  return { kind: "page", route, key: knownKey(read, output, templates)!, template: maker.template, view, facts };
}

/** The ids of the stories a file of stories or of cards for search holds. */
function storiesOf(output: OutputOf<"searchDocs" | "searchCards">): string[] {
  return output.month.articles.slice(output.from, output.to).map((a) => a.story.id);
}
