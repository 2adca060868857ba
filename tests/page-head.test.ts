// What every page tells search engines and share cards: a unique <title>, a meta description,
// canonical (not on 404, which is noindex), Open Graph, Twitter card, article meta and JSON-LD
// (NewsArticle with one Person per name in the byline; BreadcrumbList below the home page).
import fs from "node:fs";
import { TINY_JPEG } from "./helpers/pictures.js";
import path from "node:path";
import * as cheerio from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../src/content/load-content.js";
import { buildProject, listTree, storyFile, writeProject } from "./helpers/site.js";

const SITE = `title: 测试新闻网
url: https://example.org/news
description: 测试新闻网是一个测试用的新闻网站。
logo: /img/logo.png
channels:
  - slug: yaowen
    name: 要闻
    description: 本地要闻,每日更新。
  - slug: xianshi
    name: 县市区
    children:
      - { slug: chibi, name: 赤壁 }
`;

let out: string;
let pages: string[];
const page = (route: string) => cheerio.load(fs.readFileSync(path.join(out, route), "utf8"));
const meta = ($: cheerio.CheerioAPI, key: string) => $(`meta[name="${key}"], meta[property="${key}"]`).attr("content");
const jsonLd = ($: cheerio.CheerioAPI) => $('script[type="application/ld+json"]').map((_, e) => JSON.parse($(e).html()!)).get() as Record<string, unknown>[];
const ofType = ($: cheerio.CheerioAPI, type: string) => jsonLd($).find((block) => block["@type"] === type) as Record<string, any> | undefined;

const COVERED = "chibi/202403/t20240305_covered.html";
const PLAIN = "yaowen/202403/t20240304_plain.html";
const LISTED = "yaowen/202403/t20240303_listed.html";

beforeAll(async () => {
  const project = writeProject({
    "content/site.yml": SITE,
    "content/articles/covered.md": storyFile({
      id: "covered",
      title: "赤壁市获评“湖北省质量强省示范市”",
      date: "2024-03-05 09:30",
      channel: "chibi",
      tags: ["质量强市", "赤壁"],
      extra: "byline: 咸宁日报全媒体记者 张三 通讯员 李四 王五\ncover: /img/cover.jpg\nsummary: 赤壁市获评质量强省示范市。",
    }),
    // An empty body: the description falls back to the title.
    "content/articles/plain.md": `---\ntitle: 只有标题的稿件\ndate: 2024-03-04 08:00\nchannel: yaowen\n---\n`,
    "content/articles/listed.md": storyFile({
      id: "listed",
      title: "署名由作者列表给出",
      date: "2024-03-03 08:00",
      channel: "yaowen",
      extra: "byline: 本报综合\nauthors:\n  - { name: 周阳, role: 香城都市报记者 }\n  - { name: 高树军, role: 通讯员 }\n  - { name: 陈婧 }",
    }),
    "content/pages/about.md": "---\ntitle: 关于我们\n---\n\n测试新闻网由测试单位主办。\n",
    "public/img/logo.png": "logo",
    "public/img/cover.jpg": TINY_JPEG,
  });
  out = (await buildProject(project)).out;
  pages = listTree(out).filter((f) => f.endsWith(".html"));
});

describe("every page", () => {
  it("has a title of its own and a meta description", () => {
    const titles = pages.map((route) => page(route)("title").text());
    expect(new Set(titles).size).toBe(pages.length);
    for (const route of pages) expect(meta(page(route), "description"), route).toMatch(/\S/);
  });

  it("carries Open Graph and a Twitter card, with the site's logo where the page has no picture", () => {
    for (const route of pages) {
      const $ = page(route);
      expect(meta($, "og:site_name"), route).toBe("测试新闻网");
      expect(meta($, "og:title"), route).toMatch(/\S/);
      expect(meta($, "og:description"), route).toBe(meta($, "description"));
      expect(meta($, "og:image"), route).toBe(route === COVERED ? "https://example.org/news/img/cover.jpg" : "https://example.org/news/img/logo.png");
      // A large card for a page's own picture; the site's logo makes a small one.
      expect(meta($, "twitter:card"), route).toBe(route === COVERED ? "summary_large_image" : "summary");
      expect(meta($, "og:type"), route).toBe(route.includes("/2024") && !route.startsWith("archive/") ? "article" : "website");
    }
  });

  it("is canonical for its own address, except the 404 and search pages, which ask not to be indexed", () => {
    for (const route of pages.filter((r) => r !== "404.html" && r !== "search.html")) {
      const $ = page(route);
      const expected = route === "index.html" ? "https://example.org/news/" : `https://example.org/news/${route}`;
      expect($('link[rel="canonical"]').attr("href"), route).toBe(expected);
      expect(meta($, "og:url"), route).toBe(expected);
      expect(meta($, "robots"), route).toBeUndefined();
    }
    for (const route of ["404.html", "search.html"]) {
      const $ = page(route);
      expect($('link[rel="canonical"]'), route).toHaveLength(0);
      expect(meta($, "og:url"), route).toBeUndefined();
      expect(meta($, "robots"), route).toBe("noindex");
    }
  });

  it("links an icon that is in the site", () => {
    for (const route of pages.filter((r) => r !== "404.html")) {
      const href = page(route)('link[rel="icon"]').attr("href")!;
      expect(fs.existsSync(path.join(out, path.dirname(route), href)), `${route}: ${href}`).toBe(true);
    }
    expect(page("404.html")('link[rel="icon"]').attr("href")).toBe("/news/favicon.ico");
  });

  it("has a BreadcrumbList below the home page, from the home page down to itself", () => {
    expect(ofType(page("index.html"), "BreadcrumbList")).toBeUndefined();
    for (const route of pages.filter((r) => r !== "index.html" && r !== "404.html")) {
      const list = ofType(page(route), "BreadcrumbList");
      expect(list, route).toBeDefined();
      const items = list!.itemListElement as { position: number; name: string; item: string }[];
      expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
      expect(items[0]).toMatchObject({ name: "首页", item: "https://example.org/news/" });
      expect(items.at(-1)!.item).toBe(`https://example.org/news/${route}`);
    }
    expect((ofType(page(COVERED), "BreadcrumbList")!.itemListElement as { name: string }[]).map((i) => i.name)).toEqual(["首页", "县市区", "赤壁", "赤壁市获评“湖北省质量强省示范市”"]);
  });
});

describe("descriptions", () => {
  it("come from site.yml for the home page and channels, from the summary or title for stories", () => {
    expect(meta(page("index.html"), "description")).toBe("测试新闻网是一个测试用的新闻网站。");
    expect(meta(page("yaowen/index.html"), "description")).toBe("本地要闻,每日更新。");
    expect(meta(page("chibi/index.html"), "description")).toContain("赤壁");
    expect(meta(page(COVERED), "description")).toBe("赤壁市获评质量强省示范市。");
    expect(meta(page(PLAIN), "description")).toBe("只有标题的稿件");
    expect(meta(page("about.html"), "description")).toBe("测试新闻网由测试单位主办。");
  });
});

describe("an article", () => {
  it("says when it was published and changed, its section, its tags and keywords", () => {
    const $ = page(COVERED);
    expect(meta($, "article:published_time")).toBe("2024-03-05T09:30:00+08:00");
    expect(meta($, "article:modified_time")).toBe("2024-03-05T09:30:00+08:00");
    expect(meta($, "article:section")).toBe("赤壁");
    expect($('meta[property="article:tag"]').map((_, e) => $(e).attr("content")).get()).toEqual(["质量强市", "赤壁"]);
    expect(meta($, "keywords")).toBe("质量强市,赤壁");
    expect(meta(page(PLAIN), "keywords")).toBeUndefined();
  });

  it("is a NewsArticle in JSON-LD, with one Person per name in its byline and the publisher's logo", () => {
    const article = ofType(page(COVERED), "NewsArticle")!;
    expect(article).toMatchObject({
      "@context": "https://schema.org",
      headline: "赤壁市获评“湖北省质量强省示范市”",
      datePublished: "2024-03-05T09:30:00+08:00",
      dateModified: "2024-03-05T09:30:00+08:00",
      image: ["https://example.org/news/img/cover.jpg"],
      articleSection: "赤壁",
      keywords: "质量强市,赤壁",
      mainEntityOfPage: `https://example.org/news/${COVERED}`,
      publisher: { "@type": "Organization", name: "测试新闻网", logo: { "@type": "ImageObject", url: "https://example.org/news/img/logo.png" } },
    });
    expect(article.author).toEqual([
      { "@type": "Person", name: "张三", jobTitle: "咸宁日报全媒体记者" },
      { "@type": "Person", name: "李四", jobTitle: "通讯员" },
      { "@type": "Person", name: "王五", jobTitle: "通讯员" },
    ]);
  });

  it("takes its people from authors: over its byline, and shows the byline as written", () => {
    const $ = page(LISTED);
    expect(ofType($, "NewsArticle")!.author).toEqual([
      { "@type": "Person", name: "周阳", jobTitle: "香城都市报记者" },
      { "@type": "Person", name: "高树军", jobTitle: "通讯员" },
      { "@type": "Person", name: "陈婧" },
    ]);
    expect($(".byline").text()).toBe("本报综合");
  });

  it("without a byline, is the newsroom's", () => {
    expect(ofType(page(PLAIN), "NewsArticle")!.author).toEqual([{ "@type": "Organization", name: "测试新闻网" }]);
  });
});

describe("a byline that cannot be read", () => {
  it("is a warning naming the file and line, and the page shows it as written", async () => {
    const project = writeProject({
      "content/site.yml": SITE,
      "content/articles/odd.md": storyFile({ id: "odd", date: "2024-03-01", channel: "yaowen", extra: "byline: 据新华社" }),
    });
    const loaded = loadContent(path.join(project, "content"));
    const warning = loaded.diagnostics.find((d) => d.message.includes("byline"));
    expect(warning).toMatchObject({ severity: "warning", file: expect.stringMatching(/content\/articles\/odd\.md$/), line: 5 });
    expect(warning!.message).toContain("据新华社");
    expect(warning!.hint).toContain("authors:");
    const { out: built } = await buildProject(project);
    const $ = cheerio.load(fs.readFileSync(path.join(built, "yaowen/202403/t20240301_odd.html"), "utf8"));
    expect($(".byline").text()).toBe("据新华社");
    expect(ofType($, "NewsArticle")!.author).toEqual([{ "@type": "Organization", name: "测试新闻网" }]);
  });
});

describe("articles that share a headline", () => {
  it("are told apart in <title> by their day, then their minute, then their id", async () => {
    const same = (id: string, date: string) => storyFile({ id, title: "天气预报", date, channel: "yaowen" });
    const project = writeProject({
      "content/site.yml": SITE.replace("      - { slug: chibi, name: 赤壁 }", "      - { slug: chibi, name: 赤壁 }\n      - { slug: yaowen-xs, name: 要闻 }"),
      "content/articles/w1.md": same("w1", "2024-03-01 08:00"),
      "content/articles/w2.md": same("w2", "2024-03-02 08:00"),
      "content/articles/w3.md": same("w3", "2024-03-02 18:00"),
      "content/articles/w4.md": same("w4", "2024-03-03 08:00"),
      "content/articles/w5.md": same("w5", "2024-03-03 08:00"),
      "content/articles/other.md": storyFile({ id: "other", title: "独一无二", date: "2024-03-03 09:00", channel: "yaowen" }),
    });
    const { out: built } = await buildProject(project);
    const titleOf = (route: string) => cheerio.load(fs.readFileSync(path.join(built, route), "utf8"))("title").text();
    expect(titleOf("yaowen/202403/t20240301_w1.html")).toBe("天气预报(2024-03-01) - 测试新闻网");
    expect(titleOf("yaowen/202403/t20240302_w2.html")).toBe("天气预报(2024-03-02 08:00) - 测试新闻网");
    expect(titleOf("yaowen/202403/t20240302_w3.html")).toBe("天气预报(2024-03-02 18:00) - 测试新闻网");
    expect(titleOf("yaowen/202403/t20240303_w4.html")).toBe("天气预报(2024-03-03 08:00 w4) - 测试新闻网");
    // The note is for <title> alone: the headline search engines and share cards show is as written.
    const w1 = cheerio.load(fs.readFileSync(path.join(built, "yaowen/202403/t20240301_w1.html"), "utf8"));
    expect(meta(w1, "og:title")).toBe("天气预报");
    expect(ofType(w1, "NewsArticle")!.headline).toBe("天气预报");
    expect(titleOf("yaowen/202403/t20240303_other.html")).toBe("独一无二 - 测试新闻网");
    // Two channels named 要闻: the one under 县市区 says so.
    expect(titleOf("yaowen/index.html")).toBe("要闻 - 测试新闻网");
    expect(titleOf("yaowen-xs/index.html")).toBe("要闻 - 县市区 - 测试新闻网");
    const titles = listTree(built).filter((f) => f.endsWith(".html")).map(titleOf);
    expect(new Set(titles).size).toBe(titles.length);
  });
});

describe("a logo or favicon that is not in public/", () => {
  it("is a warning naming site.yml and the line", async () => {
    const project = writeProject({
      "content/site.yml": `${SITE}favicon: /img/missing.png\n`,
      "content/articles/a.md": storyFile({ id: "a", date: "2024-03-01", channel: "yaowen" }),
    });
    const { report } = await buildProject(project);
    const warnings = report.diagnostics.filter((d) => d.severity === "warning").map((d) => [d.file.replace(/.*\/content\//, "content/"), d.line, d.message]);
    expect(warnings).toEqual([
      ["content/site.yml", 4, 'logo "/img/logo.png" names no file under public/'],
      ["content/site.yml", 13, 'favicon "/img/missing.png" names no file under public/'],
    ]);
  });
});
