// Feeds and sitemaps as feed readers and search engines read them: every feed through a real feed
// parser, every sitemap against the sitemaps.org schema with a real XML Schema validator, the news
// sitemap against Google's news elements, and robots.txt naming them.
import fs from "node:fs";
import { TINY_JPEG } from "./helpers/pictures.js";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import * as cheerio from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { readSiteConfig, type SiteConfig } from "../src/config.js";
import { buildChannelTree } from "../src/model/channels.js";
import { searchLayout } from "../src/model/search-layout.js";
import { SITEMAP_LIMIT, listOutputs, type Output } from "../src/model/outputs.js";
import type { PublishedArticle } from "../src/model/published.js";
import type { SiteModel } from "../src/model/site-model.js";
import { sitemap, sitemapIndex } from "../src/render/feeds.js";
import { REPO, buildProject, listTree, storyFile, writeProject } from "./helpers/site.js";

const SITE = `title: 测试新闻网
url: https://example.org
description: 测试新闻网是一个测试用的新闻网站。
channels:
  - slug: yaowen
    name: 要闻
  - slug: xianshi
    name: 县市区
    description: 各县市区的新闻。
    children:
      - { slug: chibi, name: 赤壁 }
      - { slug: xianan, name: 咸安 }
`;

const SCHEMAS = path.join(REPO, "tests/fixtures/schemas");
const schemaFile = (dir: string, name: string) => ({ fileName: name, contents: fs.readFileSync(path.join(dir, name), "utf8") });
const SITEMAP_XSD = schemaFile(path.join(REPO, "node_modules/sitemap/schema"), "sitemap.xsd");

async function expectValid(xml: string, schema: { fileName: string; contents: string }, preload: { fileName: string; contents: string }[] = []) {
  const result = await validateXML({ xml: { fileName: "checked.xml", contents: xml }, schema, preload });
  expect(result.valid, result.errors.map((e) => e.rawMessage).join("\n")).toBe(true);
}

const REPORTERS = ["周阳", "黄柱", "陈婧"];
const CORRESPONDENTS = ["高树军", "李峥", "吴鹏", "徐聪"];

/** 60 stories, one every 6 hours back from 2024-03-10 12:00, spread over the channels, with bylines. */
function stories(): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {};
  const channels = ["yaowen", "chibi", "xianan", "xianshi"];
  for (let i = 0; i < 60; i++) {
    const at = new Date(Date.UTC(2024, 2, 10, 4) - i * 6 * 3600 * 1000); // 12:00 in Shanghai, then back
    const local = new Date(at.getTime() + 8 * 3600 * 1000).toISOString();
    files[`content/articles/s${i}.md`] = storyFile({
      id: `s${i}`,
      title: `第${i}条新闻 <b>&</b>`,
      date: `${local.slice(0, 10)} ${local.slice(11, 16)}`,
      channel: channels[i % channels.length],
      tags: ["测试", `标签${i % 3}`],
      extra: i % 5 === 4 ? "" : `byline: 记者 ${REPORTERS[i % 3]} 通讯员 ${CORRESPONDENTS[i % 4]} ${CORRESPONDENTS[(i + 1) % 4]}`,
      body: `正文第${i}条,见[附件](/files/a${i}.pdf)与![图](/img/p${i}.jpg)。`,
    });
    files[`public/img/p${i}.jpg`] = TINY_JPEG;
  }
  return files;
}

describe("a site with a url", () => {
  let out: string;
  const read = (route: string) => fs.readFileSync(path.join(out, route), "utf8");

  beforeAll(async () => {
    out = (await buildProject(writeProject({ "content/site.yml": SITE, ...stories() }))).out;
  });

  it("has a feed for the site and for every channel, a parent's with its children's stories", () => {
    const site = parseFeed(read("index.xml"));
    expect(site.title).toBe("测试新闻网");
    expect(site.description).toBe("测试新闻网是一个测试用的新闻网站。");
    expect(site.items).toHaveLength(50);
    expect(site.items[0]!.url).toBe("https://example.org/yaowen/202403/t20240310_s0.html");
    const dates = site.items.map((i) => i.published!.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));

    const parent = parseFeed(read("xianshi/index.xml"));
    expect(parent.title).toBe("县市区 - 测试新闻网");
    expect(parent.description).toBe("各县市区的新闻。");
    const parentUrls = parent.items.map((i) => i.url!);
    expect(parentUrls).toHaveLength(45); // xianshi, chibi and xianan: 15 stories each
    for (const slug of ["chibi", "xianan", "xianshi"]) expect(parentUrls.some((u) => u.includes(`/${slug}/`)), slug).toBe(true);
    const child = parseFeed(read("chibi/index.xml"));
    expect(child.items.map((i) => i.url)).toEqual(parentUrls.filter((u) => u.includes("/chibi/")));
    expect(child.description).toBe("测试新闻网是一个测试用的新闻网站。");
  });

  it("names each person in a byline as a dc:creator, never as RSS's e-mail-only <author>", () => {
    const xml = read("index.xml");
    expect(xml).not.toMatch(/<author>/);
    const item = parseFeed(xml).items.find((i) => i.url!.endsWith("_s1.html"))!;
    expect(item.authors.map((a) => a.name)).toEqual(["黄柱", "李峥", "吴鹏"]);
    expect(parseFeed(xml).items.find((i) => i.url!.endsWith("_s4.html"))!.authors).toEqual([]);
    expect(item.categories.map((c) => c.label)).toEqual(["测试", "标签1"]);
    expect(item.title).toBe("第1条新闻 <b>&</b>"); // as written, whether a reader shows it as text or as HTML
  });

  it("links each feed from the home page and its channel's pages", () => {
    const home = cheerio.load(read("index.html"));
    expect(home('link[rel="alternate"]').map((_, e) => home(e).attr("href")).get()).toEqual(["index.xml"]);
    const channel = cheerio.load(read("chibi/index.html"));
    const hrefs = channel('link[rel="alternate"][type="application/rss+xml"]').map((_, e) => channel(e).attr("href")).get();
    expect(hrefs).toEqual(["../index.xml", "../chibi/index.xml"]);
    for (const href of hrefs) expect(fs.existsSync(path.join(out, "chibi", href)), href).toBe(true);
  });

  it("writes a sitemap that the sitemaps.org schema accepts, with every page to be found", async () => {
    const xml = read("sitemap.xml");
    await expectValid(xml, SITEMAP_XSD);
    const locs = cheerio.load(xml, { xml: true })("loc").map((_, e) => cheerio.load(e, { xml: true }).text()).get();
    expect(locs).toHaveLength(listTree(out).filter((f) => f.endsWith(".html") && f !== "404.html" && f !== "search.html").length);
  });

  it("writes a news sitemap of the 48 hours before the newest story, as Google News reads it", async () => {
    const xml = read("news-sitemap.xml");
    await expectValid(xml, schemaFile(SCHEMAS, "news-sitemap.xsd"), [SITEMAP_XSD, schemaFile(SCHEMAS, "sitemap-news.xsd")]);
    const $ = cheerio.load(xml, { xml: true });
    // One story every 6 hours: the newest and the 8 before it are within 48 hours of it.
    expect($("url")).toHaveLength(9);
    expect($("url").last().find("loc").text()).toBe("https://example.org/yaowen/202403/t20240308_s8.html");
    $("url").each((_, url) => {
      const news = $(url).find("news\\:news");
      expect(news.find("news\\:publication news\\:name").text()).toBe("测试新闻网");
      expect(news.find("news\\:publication news\\:language").text()).toBe("zh-cn");
      expect(news.find("news\\:publication_date").text()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(news.find("news\\:title").text()).toMatch(/^第\d+条新闻 <b>&<\/b>$/);
    });
  });

  it("writes robots.txt naming both sitemaps, and xnews's favicon", () => {
    expect(read("robots.txt")).toBe("User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\nSitemap: https://example.org/news-sitemap.xml\n");
    expect(fs.readFileSync(path.join(out, "favicon.ico")).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});

describe("feeds.fullText", () => {
  it("puts each story's whole body in its feed item, with its links made absolute", async () => {
    const { out } = await buildProject(writeProject({ "content/site.yml": `${SITE}feeds:\n  fullText: true\n`, ...stories() }));
    const item = parseFeed(fs.readFileSync(path.join(out, "chibi/index.xml"), "utf8")).items[0]!;
    expect(item.content).toContain('<a href="https://example.org/files/a1.pdf">附件</a>');
    expect(item.content).toContain('<img src="https://example.org/img/p1.jpg" alt="图">');
  });
});

describe("a site without a url", () => {
  it("has no feeds and no sitemaps, and a robots.txt that names none", async () => {
    const { out } = await buildProject(writeProject({ "content/site.yml": SITE.replace("url: https://example.org\n", ""), ...stories() }));
    const files = listTree(out);
    expect(files.filter((f) => f.endsWith(".xml"))).toEqual([]);
    expect(fs.readFileSync(path.join(out, "robots.txt"), "utf8")).toBe("User-agent: *\nAllow: /\n");
    expect(cheerio.load(fs.readFileSync(path.join(out, "index.html"), "utf8"))('link[rel="alternate"]')).toHaveLength(0);
  });
});

describe("a public/ file where xnews writes a feed or a sitemap", () => {
  it("is a located error, as public/index.html is", async () => {
    for (const file of ["news-sitemap.xml", "chibi/index.xml"]) {
      const project = writeProject({ "content/site.yml": SITE, ...stories(), [`public/${file}`]: "mine" });
      await expect(buildProject(project), file).rejects.toMatchObject({ diagnostics: expect.arrayContaining([expect.objectContaining({ file: `public/${file}`, severity: "error" })]) });
    }
  });
});

describe("a site's own robots.txt", () => {
  it("is the one published: its rules are the newsroom's", async () => {
    const mine = "User-agent: *\nDisallow: /drafts/\n";
    const { out, report } = await buildProject(writeProject({ "content/site.yml": SITE, ...stories(), "public/robots.txt": mine }));
    expect(fs.readFileSync(path.join(out, "robots.txt"), "utf8")).toBe(mine);
    expect(report.diagnostics).toEqual([]);
  });
});

describe("more addresses than one sitemap may hold", () => {
  const config = readSiteConfig(SITE, "content/site.yml").config as SiteConfig;
  const channels = buildChannelTree(config.channels, config.pagination);
  const count = SITEMAP_LIMIT + 20;
  const articles = Array.from({ length: count }, (_, i) => {
    const instant = Date.UTC(2024, 0, 1) - i * 60_000;
    const l = new Date(instant + 8 * 3600_000);
    const local = { year: l.getUTCFullYear(), month: l.getUTCMonth() + 1, day: l.getUTCDate(), hour: l.getUTCHours(), minute: l.getUTCMinutes(), second: 0 };
    const date = { instant, offsetMinutes: 480, local };
    return { route: `yaowen/a${i}.html`, story: { id: `a${i}`, title: `标题 ${i}`, file: `content/articles/a${i}.md`, fieldLines: {}, date, body: { hash: "" } } } as unknown as PublishedArticle;
  });
  const outputs: Output[] = listOutputs({ config, channels, articles, listPages: [], standalone: [], retracted: [], aliases: [], collections: { all: [], pages: [], authorRoutes: new Map(), tagRoutes: new Map(), months: [] }, publicFiles: new Map(), search: searchLayout(articles), pictures: new Map() });
  const model = { config, outputs } as unknown as SiteModel;

  it("split into sitemap-1.xml, sitemap-2.xml …, named by sitemap.xml as a sitemap index", async () => {
    const index = outputs.find((o) => o.route === "sitemap.xml");
    expect(index).toMatchObject({ kind: "sitemapIndex" });
    expect(outputs.filter((o) => o.kind === "sitemap").map((o) => o.route)).toEqual(["sitemap-1.xml", "sitemap-2.xml"]);
    const xml = sitemapIndex(model);
    await expectValid(xml, schemaFile(SCHEMAS, "siteindex.xsd"));
    const $ = cheerio.load(xml, { xml: true });
    expect($("sitemap loc").map((_, e) => $(e).text()).get()).toEqual(["https://example.org/sitemap-1.xml", "https://example.org/sitemap-2.xml"]);
    // Oldest first: the first sitemap holds the 50,000 oldest stories (the newest of them 20 minutes
    // before the newest story), the second the 20 newest and the home page.
    expect($("sitemap lastmod").map((_, e) => $(e).text()).get()).toEqual(["2024-01-01T07:40:00+08:00", "2024-01-01T08:00:00+08:00"]);
  });

  it("with at most 50,000 addresses in each, every one of them once", async () => {
    const seen: string[] = [];
    for (const part of outputs.filter((o): o is Extract<Output, { kind: "sitemap" }> => o.kind === "sitemap")) {
      const xml = sitemap(model, part.from, part.to);
      await expectValid(xml, SITEMAP_XSD);
      const locs = cheerio.load(xml, { xml: true })("loc").map((_, e) => cheerio.load(e, { xml: true }).text()).get();
      expect(locs.length).toBeLessThanOrEqual(SITEMAP_LIMIT);
      expect(Buffer.byteLength(xml)).toBeLessThan(50 * 1024 * 1024);
      seen.push(...locs);
    }
    const expected = outputs.filter((o) => o.sitemap).map((o) => `https://example.org/${o.route === "index.html" ? "" : o.route}`);
    expect([...seen].reverse()).toEqual(expected);
    // The stories, the home page and 往期回顾.
    expect(seen).toHaveLength(count + 2);
  });

  it("numbered oldest first, so a new story leaves the full sitemaps as they were", () => {
    const newest = articles[0]!.story.date;
    const published = { route: "yaowen/new.html", story: { id: "new", title: "新", file: "content/articles/new.md", fieldLines: {}, date: { ...newest, instant: newest.instant + 60_000 }, body: { hash: "" } } } as unknown as PublishedArticle;
    const after = { config, outputs: listOutputs({ config, channels, articles: [published, ...articles], listPages: [], standalone: [], retracted: [], aliases: [], collections: { all: [], pages: [], authorRoutes: new Map(), tagRoutes: new Map(), months: [] }, publicFiles: new Map(), search: searchLayout([published, ...articles]), pictures: new Map() }) } as unknown as SiteModel;
    const first = (m: SiteModel) => m.outputs.find((o): o is Extract<Output, { kind: "sitemap" }> => o.route === "sitemap-1.xml")!;
    expect(sitemap(after, first(after).from, first(after).to)).toBe(sitemap(model, first(model).from, first(model).to));
  });
});
