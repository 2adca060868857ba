// How each kind of output is made, in one complete table: a page from a template and a view, a
// text written by code, or a public/ file copied. A job carries a key that changes whenever its
// bytes could: two jobs with one key write the same file, so a rebuild renders only new keys.
import crypto from "node:crypto";
import fs from "node:fs";
import type { Output, OutputKind, OutputOf } from "../model/outputs.js";
import type { SiteModel } from "../model/site-model.js";
import { rssFeed, sitemap } from "./feeds.js";
import { latestScript } from "./latest-script.js";
import { articleView, channelView, homeView, notFoundView, standalonePageView, type FrameView, type PageView } from "./views.js";

type Maker<K extends OutputKind> =
  | { template: string; view: (model: SiteModel, output: OutputOf<K>) => PageView }
  | { text: (model: SiteModel, output: OutputOf<K>) => string }
  | { copy: true };

/** Every kind of output and how it is made: the compiler insists on an entry per kind. */
export const MAKERS: { [K in OutputKind]: Maker<K> } = {
  home: { template: "home.njk", view: (model) => homeView(model) },
  channel: { template: "channel.njk", view: (model, o) => channelView(model, o.list) },
  article: { template: "article.njk", view: (model, o) => articleView(model, o.article) },
  standalone: { template: "page.njk", view: (model, o) => standalonePageView(model, o.page, o.route) },
  notFound: { template: "404.njk", view: (model) => notFoundView(model) },
  latest: { text: (model) => latestScript(model) },
  feed: { text: (model) => rssFeed(model) },
  sitemap: { text: (model) => sitemap(model) },
  public: { copy: true },
};

/** The templates xnews needs a file for. */
export const PAGE_TEMPLATES: readonly string[] = [...new Set(Object.values(MAKERS).flatMap((m) => ("template" in m ? [m.template] : [])))];

export type Job =
  | { kind: "page"; route: string; key: string; template: string; view: PageView }
  | { kind: "text"; route: string; key: string; text: string }
  | { kind: "copy"; route: string; key: string; source: string };

/** For each template, a hash of it and every template it uses: part of its pages' keys. */
export type TemplateHashes = ReadonlyMap<string, string>;

export function jobOf(model: SiteModel, output: Output, templates: TemplateHashes): Job {
  const maker = MAKERS[output.kind] as Maker<typeof output.kind>;
  const { route } = output;
  if ("copy" in maker) {
    const source = (output as OutputOf<"public">).source;
    return { kind: "copy", route, key: `copy:${sourceFingerprint(source)}`, source };
  }
  if ("text" in maker) {
    const text = maker.text(model, output as never);
    return { kind: "text", route, key: `text:${hash(text)}`, text };
  }
  const view = maker.view(model, output as never);
  const key = hash(`${maker.template}\0${templates.get(maker.template) ?? ""}\0${frameHash(view.frame)}\0${JSON.stringify(view.page)}\0${JSON.stringify(view.body ?? null)}`);
  return { kind: "page", route, key: `page:${key}`, template: maker.template, view };
}

const frameHashes = new WeakMap<FrameView, string>();

/** Frames are shared by many pages: each is hashed once. */
function frameHash(frame: FrameView): string {
  let h = frameHashes.get(frame);
  if (!h) frameHashes.set(frame, (h = hash(JSON.stringify(frame))));
  return h;
}

export function hash(text: string): string {
  return crypto.createHash("sha1").update(text).digest("base64url");
}

/** A copied file's fingerprint: its source's size and times (hashing a 3 GiB video is no use). */
export function sourceFingerprint(source: string): string {
  const s = fs.statSync(source, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
}
