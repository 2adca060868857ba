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
import { articleView, channelView, homeView, notFoundView, standalonePageView, type PageView } from "./views.js";
import { copyKey } from "./source-fingerprint.js";

type Maker<K extends OutputKind> =
  | { template: string; view: (read: SiteReader, output: OutputOf<K>) => PageView }
  | { text: (read: SiteReader, output: OutputOf<K>) => string }
  | { copy: true };

/** Every kind of output and how it is made: the compiler insists on an entry per kind. */
export const MAKERS: { [K in OutputKind]: Maker<K> } = {
  home: { template: "home.njk", view: (read) => homeView(read) },
  channel: { template: "channel.njk", view: (read, o) => channelView(read, o.route) },
  article: { template: "article.njk", view: (read, o) => articleView(read, o.article.story.id) },
  standalone: { template: "page.njk", view: (read, o) => standalonePageView(read, o.page.id) },
  notFound: { template: "404.njk", view: (read) => notFoundView(read) },
  latest: { text: (read) => latestScript(read.model) },
  feed: { text: (read, o) => rssFeed(read.model, o.channel) },
  sitemap: { text: (read, o) => sitemap(read.model, o.from, o.to) },
  sitemapIndex: { text: (read) => sitemapIndex(read.model) },
  newsSitemap: { text: (read) => newsSitemap(read.model) },
  robots: { text: (read) => robotsTxt(read.model) },
  public: { copy: true },
};

/** The templates xnews needs a file for. */
export const PAGE_TEMPLATES: readonly string[] = [...new Set(Object.values(MAKERS).flatMap((m) => ("template" in m ? [m.template] : [])))];

export type Job =
  | { kind: "page"; route: string; key: string; template: string; view: PageView; facts: string[] }
  | { kind: "text"; route: string; key: string; text: string }
  | { kind: "copy"; route: string; key: string; source: string };

/** For each template, a hash of it and every template it uses. */
export type TemplateHashes = ReadonlyMap<string, string>;

/** A page's key, known without making its view; undefined for texts and copies, known only once made. */
export function pageKey(output: Output, templates: TemplateHashes): string | undefined {
  const maker = MAKERS[output.kind];
  if (!("template" in maker)) return undefined;
  return `${output.kind}:${maker.template}:${templates.get(maker.template) ?? ""}`;
}

export function jobOf(read: SiteReader, output: Output, templates: TemplateHashes): Job {
  const maker = MAKERS[output.kind] as Maker<typeof output.kind>;
  const { route } = output;
  if ("copy" in maker) {
    const source = (output as OutputOf<"public">).source;
    return { kind: "copy", route, key: copyKey(source), source };
  }
  if ("text" in maker) {
    const text = maker.text(read, output as never);
    return { kind: "text", route, key: `text:${hash(text)}`, text };
  }
  const { value: view, facts } = read.record(() => maker.view(read, output as never));
  return { kind: "page", route, key: pageKey(output, templates)!, template: maker.template, view, facts };
}
