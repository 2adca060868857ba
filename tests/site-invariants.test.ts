// What must hold on any built site, checked by reading the pages a reader gets — not by comparing
// with another build made by the same code, which would repeat the same mistake. A generated
// 250-story site: every article page is read once, and each relation is checked against the
// pages themselves (their dates, their channels, their links).
import fs from "node:fs";
import path from "node:path";
import * as cheerio from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../src/gen/corpus.js";
import { buildProject, listTree, readPage, tempDir } from "./helpers/site.js";

interface ArticlePage {
  route: string;
  title: string;
  instant: number;
  /** The breadcrumb's channels, top first. */
  channels: string[];
  prev?: string;
  next?: string;
  /** 相关新闻: each item's link (resolved to a route) or, unlinked, its title. */
  related: string[];
}

let out: string;
let site: string;
const articles = new Map<string, ArticlePage>();

/** A link on a page, as the route it leads to. */
function routeOf(from: string, href: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), href));
}

beforeAll(async () => {
  const corpus = tempDir("xnews-invariants-");
  generateCorpus({ articles: 250, seed: "invariants", outDir: corpus });
  out = (await buildProject(corpus)).out;
  site = /^url: (.*)$/m.exec(fs.readFileSync(path.join(corpus, "content/site.yml"), "utf8"))![1]!.trim().replace(/^"|"$/g, "").replace(/\/$/, "");
  for (const route of listTree(out).filter((f) => /\/t\d{8}_[a-z0-9-]+\.html$/.test(f))) {
    const $ = readPage(out, route);
    const link = (label: string) => {
      const a = $(".prev-next p").filter((_, p) => $(p).text().startsWith(label)).find("a");
      return a.length ? routeOf(route, a.attr("href")!) : undefined;
    };
    articles.set(route, {
      route,
      title: $("h1").text(),
      instant: Date.parse($(".article-header time").attr("datetime")!),
      channels: $(".breadcrumb a").toArray().slice(1).map((a) => $(a).text()),
      prev: link("上一篇"),
      next: link("下一篇"),
      related: $(".related li .related-title")
        .toArray()
        .map((p) => {
          const a = $(p).find("a");
          return a.length ? routeOf(route, a.attr("href")!) : `title:${$(p).find("span").text()}`;
        }),
    });
  }
  expect(articles.size).toBeGreaterThan(200);
});

const newestFirst = (a: ArticlePage, b: ArticlePage) => b.instant - a.instant;

describe("on every article page of a generated site", () => {
  it("相关新闻 names each item once, never the story itself, and at most ten", () => {
    const bad: string[] = [];
    let items = 0;
    for (const a of articles.values()) {
      items += a.related.length;
      if (new Set(a.related).size !== a.related.length) bad.push(`${a.route} repeats an item: ${a.related.join(" ")}`);
      if (a.related.includes(a.route)) bad.push(`${a.route} lists itself`);
      if (a.related.length > 10) bad.push(`${a.route} lists ${a.related.length}`);
    }
    expect(bad).toEqual([]);
    expect(items).toBeGreaterThan(articles.size * 5);
  });

  it("上一篇 is the next older story of the same channel, 下一篇 the next newer, and they point back", () => {
    const bad: string[] = [];
    for (const a of articles.values()) {
      for (const [label, target, older] of [["上一篇", a.prev, true], ["下一篇", a.next, false]] as const) {
        if (!target) continue;
        const t = articles.get(target);
        if (!t) bad.push(`${a.route}: ${label} leads to no article page: ${target}`);
        else {
          if (older ? t.instant > a.instant : t.instant < a.instant) bad.push(`${a.route}: ${label} ${t.route} is on the wrong side in time`);
          if (t.channels.join("/") !== a.channels.join("/")) bad.push(`${a.route}: ${label} ${t.route} is in another channel`);
          if ((older ? t.next : t.prev) !== a.route) bad.push(`${a.route}: ${label} ${t.route} does not point back`);
        }
      }
    }
    expect(bad).toEqual([]);
    // Exactly one story per channel has no 上一篇 (its oldest), and one no 下一篇 (its newest).
    const byChannel = new Map<string, ArticlePage[]>();
    for (const a of articles.values()) byChannel.set(a.channels.join("/"), [...(byChannel.get(a.channels.join("/")) ?? []), a]);
    for (const list of byChannel.values()) {
      expect(list.filter((a) => !a.prev)).toHaveLength(1);
      expect(list.filter((a) => !a.next)).toHaveLength(1);
    }
  });
});

describe("the channel list pages", () => {
  it("list each story of the channel and its sub-channels exactly once, newest first", () => {
    const channelNames = new Map<string, string>();
    for (const route of listTree(out).filter((f) => /^[a-z0-9-]+\/index\.html$/.test(f))) channelNames.set(route.split("/")[0]!, readPage(out, route)(".breadcrumb a[aria-current]").text());
    expect(channelNames.size).toBeGreaterThan(3);
    for (const [slug, name] of channelNames) {
      const listPages = listTree(out)
        .filter((f) => new RegExp(`^${slug}/index(_\\d+)?\\.html$`).test(f))
        .sort((x, y) => Number(/_(\d+)/.exec(x)?.[1] ?? 0) - Number(/_(\d+)/.exec(y)?.[1] ?? 0));
      const listed = listPages.flatMap((route) => {
        const $ = readPage(out, route);
        return $(".story-list li a").toArray().map((a) => routeOf(route, $(a).attr("href")!)).filter((r) => articles.has(r));
      });
      const expected = [...articles.values()].filter((a) => a.channels.includes(name)).sort(newestFirst);
      expect(new Set(listed).size, slug).toBe(listed.length);
      expect(listed.map((r) => articles.get(r)!.instant)).toEqual(expected.map((a) => a.instant));
      expect(new Set(listed)).toEqual(new Set(expected.map((a) => a.route)));
    }
  });
});

describe("the home page", () => {
  it("lists the twenty newest stories under 最新", () => {
    const $ = readPage(out, "index.html");
    const newest = [...articles.values()].sort(newestFirst).slice(0, 20).map((a) => a.route);
    const block = $("section, div")
      .filter((_, el) => $(el).children("h2").first().text().trim() === "最新")
      .first();
    const listed = block.find("li a").toArray().map((a) => routeOf("index.html", $(a).attr("href")!));
    expect(listed).toEqual(newest);
  });
});

describe("the feed and the sitemap", () => {
  it("the feed has the fifty newest stories, newest first, each dated at its instant, whatever the machine's zone", () => {
    const $ = cheerio.load(fs.readFileSync(path.join(out, "index.xml"), "utf8"), { xml: true });
    const items = $("item").toArray().map((el) => ({ link: $(el).find("link").text(), date: Date.parse($(el).find("pubDate").text()) }));
    const newest = [...articles.values()].sort(newestFirst).slice(0, 50);
    expect(items.map((i) => i.link)).toEqual(newest.map((a) => `${site}/${a.route}`));
    expect(items.map((i) => i.date)).toEqual(newest.map((a) => a.instant));
  });

  it("the sitemap lists every page a reader can reach, once, and not the 404 page", () => {
    const $ = cheerio.load(fs.readFileSync(path.join(out, "sitemap.xml"), "utf8"), { xml: true });
    const locs = $("url > loc").toArray().map((el) => $(el).text());
    expect(new Set(locs).size).toBe(locs.length);
    const pages = listTree(out)
      .filter((f) => f.endsWith(".html") && f !== "404.html" && f !== "search.html")
      .map((f) => `${site}/${f === "index.html" ? "" : f}`);
    expect(new Set(locs)).toEqual(new Set(pages));
  });
});
