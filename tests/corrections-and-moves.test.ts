// After a story is out: updated:, 更正 notices, a withdrawal (撤稿) that leaves only the notice at
// the story's address, and old addresses (aliases:) that lead to it, with maps for servers.
import fs from "node:fs";
import path from "node:path";
import * as cheerio from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { SITE_YML, buildProject, listTree, readPage, storyFile, writeProject, xnews } from "./helpers/site.js";

const QUALITY = "chibi/201812/t20181207_quality.html";
const WITHDRAWN = "chibi/201812/t20181206_withdrawn.html";
/** A phrase of the withdrawn story's body, and of its summary: neither may be anywhere in the site. */
const WITHDRAWN_WORDS = ["失实的独家消息正文", "失实摘要"];

const jsonLd = ($: cheerio.CheerioAPI) => $('script[type="application/ld+json"]').map((_, e) => JSON.parse($(e).text())).get() as Record<string, unknown>[];

describe("updated, corrections and a withdrawn story", () => {
  let out: string;
  beforeAll(async () => {
    const dir = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/older.md": storyFile({ id: "older", title: "较早的稿件", date: "2018-12-05 09:00", channel: "chibi", related: ["withdrawn"] }),
      "content/articles/withdrawn.md": storyFile({
        id: "withdrawn",
        title: "一篇被撤回的稿件",
        date: "2018-12-06 09:00",
        channel: "chibi",
        tags: ["赤壁"],
        body: `${WITHDRAWN_WORDS[0]}。`,
        extra: `summary: ${WITHDRAWN_WORDS[1]}\nretracted: true\nretraction: 经核实,本文部分内容失实,现予撤稿。\naliases: [/xnxw/201812/t20181206_1.shtml]`,
      }),
      "content/articles/quality.md": storyFile({
        id: "quality",
        title: "赤壁市获评质量强省示范市",
        date: "2018-12-07 09:30",
        channel: "chibi",
        tags: ["赤壁"],
        body: "近日,赤壁市获评示范市。",
        extra: "updated: 2018-12-09 16:00\ncorrection:\n  - { date: 2018-12-08 10:00, text: 原文中“2.9万元”应为“2.93万元” }\n  - { date: 2018-12-07 12:00, text: 原标题有误，已更正 }",
      }),
      "content/articles/text-correction.md": storyFile({ id: "text-correction", date: "2018-12-08 09:00", channel: "yaowen", extra: "correction: 本文第二段的数字有误，已更正。" }),
      "content/articles/dated-correction.md": storyFile({ id: "dated-correction", date: "2018-12-08 08:00", channel: "yaowen", extra: "correction:\n  - { date: 2018-12-09 11:00, text: 第二处更正 }\n  - { date: 2018-12-08 20:00, text: 第一处更正 }" }),
      "content/articles/newer.md": storyFile({ id: "newer", date: "2018-12-08 09:30", channel: "chibi", related: ["withdrawn", "quality"], tags: ["赤壁"] }),
    });
    ({ out } = await buildProject(dir));
  });

  it("shows 更新于 and sets dateModified in JSON-LD, Open Graph, the sitemap and the feed", () => {
    const $ = readPage(out, QUALITY);
    expect($(".meta .updated").text()).toBe("更新于 2018-12-09 16:00");
    expect($(".meta .updated time").attr("datetime")).toBe("2018-12-09T16:00:00+08:00");
    expect(jsonLd($).find((x) => x["@type"] === "NewsArticle")).toMatchObject({ datePublished: "2018-12-07T09:30:00+08:00", dateModified: "2018-12-09T16:00:00+08:00" });
    expect($('meta[property="article:modified_time"]').attr("content")).toBe("2018-12-09T16:00:00+08:00");
    const sitemap = cheerio.load(fs.readFileSync(path.join(out, "sitemap.xml"), "utf8"), { xml: true });
    const entry = sitemap("url").filter((_, e) => sitemap(e).find("loc").text().endsWith(QUALITY));
    expect(entry.find("lastmod").text()).toBe("2018-12-09T16:00:00+08:00");
    const feed = cheerio.load(fs.readFileSync(path.join(out, "index.xml"), "utf8"), { xml: true });
    const item = feed("item").filter((_, e) => feed(e).find("link").text().endsWith(QUALITY));
    expect(item.find("atom\\:updated").text()).toBe("2018-12-09T16:00:00+08:00");
  });

  it("shows the corrections at the top of the story, oldest first, and first in its feed item", () => {
    const $ = readPage(out, QUALITY);
    const notices = $(".article .corrections p").map((_, e) => $(e).text()).get();
    expect(notices).toEqual(["更正(2018-12-07 12:00):原标题有误，已更正", "更正(2018-12-08 10:00):原文中“2.9万元”应为“2.93万元”"]);
    // Above the story's text.
    const html = $(".article").html()!;
    expect(html.indexOf("corrections")).toBeLessThan(html.indexOf("article-body"));
    const feed = cheerio.load(fs.readFileSync(path.join(out, "index.xml"), "utf8"), { xml: true });
    const item = feed("item").filter((_, e) => feed(e).find("link").text().endsWith(QUALITY));
    expect(item.find("description").text()).toMatch(/^更正\(2018-12-07 12:00\):原标题有误，已更正 更正\(2018-12-08 10:00\):原文中“2\.9万元”应为“2\.93万元” 近日/);
  });

  it("takes updated from the newest correction when updated: is absent; a correction as plain text has no date", () => {
    const $ = readPage(out, "yaowen/201812/t20181208_dated-correction.html");
    expect($(".meta .updated").text()).toBe("更新于 2018-12-09 11:00");
    expect(jsonLd($).find((x) => x["@type"] === "NewsArticle")).toMatchObject({ dateModified: "2018-12-09T11:00:00+08:00" });
    const sitemap = fs.readFileSync(path.join(out, "sitemap.xml"), "utf8");
    expect(sitemap).toContain("t20181208_dated-correction.html</loc><lastmod>2018-12-09T11:00:00+08:00</lastmod>");
    const plain = readPage(out, "yaowen/201812/t20181208_text-correction.html");
    expect(plain(".article .corrections p").text()).toBe("更正:本文第二段的数字有误，已更正。");
    expect(plain(".meta .updated").length).toBe(0);
  });

  it("answers a withdrawn story's address with its notice and no word of its body, not to be indexed", () => {
    const $ = readPage(out, WITHDRAWN);
    expect($("h1").text()).toBe("一篇被撤回的稿件");
    expect($(".retraction").text()).toContain("经核实,本文部分内容失实,现予撤稿。");
    expect($('meta[name="robots"]').attr("content")).toBe("noindex");
    expect($(".article-body").length).toBe(0);
    for (const words of WITHDRAWN_WORDS) {
      const holding = listTree(out).filter((f) => fs.readFileSync(path.join(out, f), "utf8").includes(words));
      expect(holding, words).toEqual([]);
    }
  });

  it("leaves the withdrawn story out of every list, feed, sitemap, search file and 相关新闻, and its neighbours' 上一篇/下一篇 skip it", () => {
    const naming = listTree(out).filter((f) => {
      const text = fs.readFileSync(path.join(out, f), "utf8");
      return text.includes("t20181206_withdrawn") || text.includes("一篇被撤回的稿件");
    });
    // Its own page, and its old address, which still leads there (a page and two server maps).
    expect(naming.sort()).toEqual([WITHDRAWN, "_redirects", "redirects.nginx.conf", "xnxw/201812/t20181206_1.shtml"].sort());
    const $ = readPage(out, QUALITY);
    expect($(".prev-next p").first().text()).toBe("上一篇:较早的稿件");
    expect(readPage(out, "chibi/201812/t20181205_older.html")(".prev-next p").last().text()).toBe("下一篇:赤壁市获评质量强省示范市");
    expect(readPage(out, "chibi/201812/t20181208_newer.html")(".related .related-title a").first().text()).toBe("赤壁市获评质量强省示范市");
  });
});

describe("old addresses (aliases)", () => {
  it("each becomes a redirect page, and the build writes an nginx map and a _redirects file", async () => {
    const dir = writeProject({
      "content/site.yml": SITE_YML.replace("url: https://example.org", "url: https://example.org/news"),
      "content/articles/a.md": storyFile({ id: "a", title: "搬家的稿件", date: "2018-12-07 09:30", channel: "chibi", extra: "aliases:\n  - /xnxw/201703/t20170308_2599871.shtml\n  - /old/a/" }),
      "content/articles/b.md": storyFile({ id: "b", date: "2018-12-07 10:30", channel: "chibi" }),
    });
    const { out } = await buildProject(dir);
    const $ = readPage(out, "xnxw/201703/t20170308_2599871.shtml");
    expect($("html").attr("lang")).toBe("zh-CN");
    expect($('meta[http-equiv="refresh"]').attr("content")).toBe("0; url=../../chibi/201812/t20181207_a.html");
    expect($('link[rel="canonical"]').attr("href")).toBe("https://example.org/news/chibi/201812/t20181207_a.html");
    expect($('meta[name="robots"]').attr("content")).toBe("noindex");
    expect($("body a").attr("href")).toBe("../../chibi/201812/t20181207_a.html");
    expect($("body a").text()).toBe("搬家的稿件");
    expect(readPage(out, "old/a/index.html")('meta[http-equiv="refresh"]').attr("content")).toBe("0; url=../../chibi/201812/t20181207_a.html");

    const nginx = fs.readFileSync(path.join(out, "redirects.nginx.conf"), "utf8");
    expect(nginx.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
      '"/news/old/a/" "/news/chibi/201812/t20181207_a.html";',
      '"/news/xnxw/201703/t20170308_2599871.shtml" "/news/chibi/201812/t20181207_a.html";',
    ]);
    const netlify = fs.readFileSync(path.join(out, "_redirects"), "utf8");
    expect(netlify.split("\n").filter((l) => l && !l.startsWith("#"))).toEqual([
      "/news/old/a/ /news/chibi/201812/t20181207_a.html 301",
      "/news/xnxw/201703/t20170308_2599871.shtml /news/chibi/201812/t20181207_a.html 301",
    ]);
    // Redirects are for people and servers, not search engines' lists.
    expect(fs.readFileSync(path.join(out, "sitemap.xml"), "utf8")).not.toContain("xnxw");
  });

  it("a site without aliases has no map files", async () => {
    const dir = writeProject({ "content/site.yml": SITE_YML, "content/articles/a.md": storyFile({ id: "a", date: "2018-12-07 09:30", channel: "chibi" }) });
    const { out } = await buildProject(dir);
    expect(listTree(out).filter((f) => f.includes("redirects"))).toEqual([]);
  });

  // An alias that is another page's address: tests/fixtures/invalid/alias-clashes-with-page.
  it.each([
    ["/../../etc/passwd", 'alias "/../../etc/passwd" leaves the output folder'],
    ["xnxw/a.shtml", 'alias "xnxw/a.shtml" does not start with /'],
    ["https://www.xnnews.com.cn/a.shtml", 'alias "https://www.xnnews.com.cn/a.shtml" is a full web address'],
    ["/a.asp?id=3", 'alias "/a.asp?id=3" has a ? or # part'],
  ])("refuses the alias %s at its line", async (alias, message) => {
    const dir = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": storyFile({ id: "a", date: "2018-12-07 09:30", channel: "chibi", extra: `aliases: [${JSON.stringify(alias)}]` }),
    });
    const r = await xnews(["check"], dir);
    expect(r.code).toBe(1);
    // At the item itself: column 11 of `aliases: ["…"]`.
    expect(r.stdout).toContain(`content/articles/a.md:5:11  error: ${message}`);
  });
});
