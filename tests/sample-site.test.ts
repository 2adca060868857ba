// The sample site in content/, built from the seed article, as a reader sees it.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { REPO, readPage, tempDir } from "./helpers/site.js";

const SEED_PAGE = "chibi/201812/t20181207_chibi-quality-city.html";
let out: string;

beforeAll(async () => {
  out = path.join(tempDir(), "dist");
  await build({ contentDir: path.join(REPO, "content"), templatesDir: path.join(REPO, "templates"), publicDir: path.join(REPO, "public"), outDir: out }, { jobs: 1, cache: false });
});

describe("the seed article's page", () => {
  it("has the title, the byline, and the date and source in its meta line", () => {
    const $ = readPage(out, SEED_PAGE);
    expect($("h1").text()).toBe("赤壁市获评“湖北省质量强省示范市”");
    expect($("title").text()).toBe("赤壁市获评“湖北省质量强省示范市” - 咸宁新闻网");
    const meta = $(".meta").text();
    expect(meta).toContain("通讯员 王红云 邵新华");
    expect(meta).toContain("2018-12-07 09:30");
    expect(meta).toContain("来源:咸宁新闻网");
  });

  it("has the breadcrumb 首页 > 县市区 > 赤壁", () => {
    const $ = readPage(out, SEED_PAGE);
    expect($(".breadcrumb li").map((_, li) => $(li).text()).get()).toEqual(["首页", "县市区", "赤壁"]);
  });

  it("has the three section headings and the 编辑 line", () => {
    const $ = readPage(out, SEED_PAGE);
    expect($(".article-body h2").map((_, h) => $(h).text()).get()).toEqual(["全盘规划大手笔", "两大体系保运行", "质量强市大写实"]);
    expect($(".editor").text()).toBe("编辑:hushaopeng");
    expect($(".article-body p").first().text()).toMatch(/^近日,省质量强省工作委员发文命名赤壁市/);
  });

  it("links 上一篇 and 下一篇 by title to pages that exist", () => {
    const $ = readPage(out, SEED_PAGE);
    const [prev, next] = $(".prev-next a").toArray().map((a) => ({ title: $(a).text(), href: $(a).attr("href")! }));
    expect(prev!.title).toBe("赤壁(武汉)土地招商推介洽谈会召开 23宗9800亩优质土地 “找婆家”");
    expect(next!.title).toBe("赤壁解决困难人群住房难题 448套公租房完成配租");
    for (const link of [prev!, next!]) {
      const target = path.resolve(path.dirname(path.join(out, SEED_PAGE)), link.href);
      expect(fs.existsSync(target), link.href).toBe(true);
      expect(readPage(out, path.relative(out, target))("h1").text()).toBe(link.title);
    }
  });

  it("lists ten related teasers, each at most 60 characters plus ...", () => {
    const $ = readPage(out, SEED_PAGE);
    const teasers = $(".related .teaser").map((_, p) => $(p).text()).get();
    expect(teasers).toHaveLength(10);
    for (const t of teasers) {
      const body = t.endsWith("...") ? t.slice(0, -3) : t;
      expect(Array.from(body).length).toBeLessThanOrEqual(60);
      expect(body.endsWith(".")).toBe(false);
    }
    expect(teasers[0]).toBe("咸宁新闻网讯(记者周阳 通讯员高树军)日前,市政府办印发《咸宁市重点产品质量提升工作方案》,从人才为本、创新创优等...");
    // The named article links to its page; snippets without a url are shown unlinked.
    expect($(".related li").eq(2).find("a").text()).toBe("赤壁(武汉)土地招商推介洽谈会召开 23宗9800亩优质土地 “找婆家”");
    expect($(".related li").eq(0).find("a")).toHaveLength(0);
  });

  it("is a zh-CN page with one h1 and a viewport for phones", () => {
    const $ = readPage(out, SEED_PAGE);
    expect($("html").attr("lang")).toBe("zh-CN");
    expect($("h1")).toHaveLength(1);
    expect($('meta[name="viewport"]').attr("content")).toContain("width=device-width");
    // No framework: the only script is the shared 最新 list, a few hundred bytes.
    expect($("script:not([type='application/ld+json'])").map((_, e) => $(e).attr("src")).get()).toEqual(["../../latest.js"]);
    expect(fs.statSync(path.join(out, "latest.js")).size).toBeLessThan(4096);
  });
});

describe("the rest of the sample site", () => {
  it("has a portal home page with the headline, channel blocks and navigation", () => {
    const $ = readPage(out, "index.html");
    expect($(".headline a").text()).toBe("赤壁市获评“湖北省质量强省示范市”");
    expect($(".channel-nav > ul > li").first().text()).toBe("首页");
    expect($(".blocks .box-title").map((_, h) => $(h).text()).get()).toEqual(["咸宁要闻", "县市区", "社会", "民生", "经济", "文旅", "评论"]);
    expect($(".blocks .box").eq(1).find("li")).toHaveLength(3);
  });

  it("lists the county's stories on the 县市区 page and the 赤壁 page", () => {
    for (const route of ["xianshi/index.html", "chibi/index.html"]) {
      const $ = readPage(out, route);
      expect($(".story-list li")).toHaveLength(3);
    }
  });

  it("writes a 404 page in the portal's style and copies public/", () => {
    const $ = readPage(out, "404.html");
    expect($("h1").text()).toBe("页面未找到");
    expect($(".channel-nav a").first().attr("href")).toBe("/index.html");
    expect(fs.existsSync(path.join(out, "css/site.css"))).toBe(true);
  });
});
