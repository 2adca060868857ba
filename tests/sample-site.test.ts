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

  it("lists ten related items, the named article linked", () => {
    const $ = readPage(out, SEED_PAGE);
    expect($(".related li")).toHaveLength(10);
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

describe("the seed article's 相关新闻 teasers", () => {
  it("are the seed's ten lines exactly, as the snippets' editors cut them", () => {
    const $ = readPage(out, SEED_PAGE);
    // The last ten lines of the seed page, in the order of the article's related: (the third is
    // the article chibi-land-fair, whose lead the seed cut; the others are snippets).
    expect($(".related .teaser").map((_, p) => $(p).text()).get()).toEqual([
      "咸宁新闻网讯(记者周阳 通讯员高树军)日前,市政府办印发《咸宁市重点产品质量提升工作方案》,从人才为本、创新创优等...",
      "咸宁新闻网讯(香城都市报记者周阳通讯员李峥吴鹏)9月27日上午,市标准化工作领导小组举行首次全体会议。要形成工作合力,充...",
      "咸宁网讯(香城都市报记者刘玉关通讯员陆承雄黄海波)12月5日,赤壁(武汉)土地招商推介洽谈会在武汉顺利召开,吸引了来自全...",
      "咸宁网讯(香城都市报记者陈婧)11月24日,文化和旅游部党组成员、副部长项兆伦率队来赤壁市调研文化旅游工作。针对目前由卓...",
      "咸宁日报全媒体记者黄柱通讯员王凤陈迪昭李攀龙18日,当赤壁贫困户邓小星一家接到该市巾帼志愿者服务队送来的2.93万元“爱心...",
      "咸宁网讯通讯员李瑞丰报道:11月18日,赤壁乾泰恒兄弟茶业有限公司首台满载着赤壁青砖茶集装箱货车正式启程前往俄罗斯。今年7...",
      "咸宁新闻网讯(香城都市报记者方达星通讯员徐聪)焚烧杂草后未处理火堆,导致火星引发火灾,所幸消防救援及时,未造成人员伤...",
      "咸宁新闻网讯(香城都市报记者方达星通讯员兰燕)三名男子戴蒙面头套、持砍刀在闹市追砍行凶。7月2日晚10时许,丁某的朋友夏...",
      "7月中旬以来,赤壁频频拉响高温橙色预警。酷暑中,赤壁各界自发组织,为坚守一线的劳动者送去丝丝清凉。",
      "咸宁新闻网讯 咸宁日报记者黄柱、特约记者童金健、通讯员张彦鹏报道:“育秧、插秧一条龙,真是省心、省力、又省钱。”5月底...",
    ]);
  });
});
