// The lists a newsroom keeps besides its channels: a page per reporter (from the bylines, with
// site.yml's profiles), per tag, per 专题 (site.yml topics), and per month (往期), each paged as
// channels are; bylines and 关键词 link to them; the home page shows the 专题 marked home.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SITE_YML, buildProject, listTree, readPage, storyFile, writeProject, xnews } from "./helpers/site.js";

const SITE = `${SITE_YML.replace("pageSize: 20", "pageSize: 2")}reporters:
  - name: 周阳
    slug: zhouyang
    title: 咸宁日报全媒体记者
    bio: 跑时政口的记者。
    photo: /img/zhouyang.jpg
    names: [周洋]
topics:
  - slug: zhiliang
    title: 质量强市
    intro: 赤壁创建质量强市的报道。
    banner: /img/zhiliang.jpg
    tags: [质量强市]
    ids: [fire]
    home: true
  - slug: quiet
    title: 不上首页的专题
    tags: [标准化]
`;

/** Stories with bylines of each shape a newsroom writes. */
const STORIES = [
  { id: "q1", date: "2018-12-07 09:30", channel: "chibi", tags: ["质量强市", "赤壁"], extra: "byline: 记者 周阳 通讯员 李峥" },
  { id: "q2", date: "2018-12-03 10:00", channel: "yaowen", tags: ["质量强市"], extra: "byline: 香城都市报记者周阳通讯员李峥吴鹏" },
  { id: "q3", date: "2018-11-20 08:00", channel: "chibi", tags: ["标准化"], extra: "byline: 记者周洋" },
  { id: "photo", date: "2018-11-02 08:00", channel: "shehui", extra: "byline: 记者 周阳 摄" },
  { id: "other", date: "2018-10-15 08:00", channel: "shehui", extra: "byline: 记者 周扬" },
  { id: "listed", date: "2018-10-01 08:00", channel: "yaowen", extra: "authors: [{ name: 周阳, role: 特约记者 }]" },
  { id: "fire", date: "2017-03-08 08:00", channel: "shehui", tags: ["火灾"] },
  { id: "later", date: "2099-01-01 08:00", channel: "chibi", tags: ["质量强市"], extra: "byline: 记者 周阳" },
  { id: "gone", date: "2018-12-05 08:00", channel: "chibi", tags: ["质量强市"], extra: "byline: 记者 周阳\nretracted: true" },
];

describe("reporter, tag, 专题 and 往期 pages", () => {
  let out: string;
  const texts = (route: string, selector: string) => {
    const $ = readPage(out, route);
    return $(selector).map((_, e) => $(e).text().trim()).get();
  };
  const titles = (route: string) => texts(route, ".story-list h2");

  beforeAll(async () => {
    const files: Record<string, string> = { "content/site.yml": SITE, "public/img/zhouyang.jpg": "jpg", "public/img/zhiliang.jpg": "jpg" };
    for (const s of STORIES) files[`content/articles/${s.id}.md`] = storyFile({ ...s, title: `稿件 ${s.id}` });
    ({ out } = await buildProject(writeProject(files)));
  });

  it("give each person named in bylines a page, whatever the byline's shape, newest first with their part on each, paged", () => {
    // 周阳 in five shapes (and 周洋, one of his spellings in site.yml): one person, one page.
    expect(titles("author/zhouyang/index.html")).toEqual(["稿件 q1", "稿件 q2"]);
    expect(titles("author/zhouyang/index_1.html")).toEqual(["稿件 q3", "稿件 photo"]);
    expect(titles("author/zhouyang/index_2.html")).toEqual(["稿件 listed"]);
    expect(texts("author/zhouyang/index.html", ".story-list .role")).toEqual(["记者", "香城都市报记者"]);
    expect(texts("author/zhouyang/index_1.html", ".story-list .role")).toEqual(["记者", "记者、摄影"]);
    expect(texts("author/zhouyang/index_2.html", ".story-list .role")).toEqual(["特约记者"]);
    expect(texts("author/zhouyang/index.html", ".pager .count")).toEqual(["第1/3页"]);
    // The profile from site.yml.
    const $ = readPage(out, "author/zhouyang/index.html");
    expect($("h1").text()).toBe("周阳");
    expect($(".profile-title").text()).toBe("咸宁日报全媒体记者");
    expect($(".profile-bio").text()).toBe("跑时政口的记者。");
    expect($(".profile-photo").attr("src")).toBe("../../img/zhouyang.jpg");
    // 周扬 reads as zhouyang too, and is another person: the next slug.
    expect(titles("author/zhouyang-2/index.html")).toEqual(["稿件 other"]);
    expect(readPage(out, "author/zhouyang-2/index.html")("h1").text()).toBe("周扬");
    // Everyone else by pinyin.
    expect(titles("author/lizheng/index.html")).toEqual(["稿件 q1", "稿件 q2"]);
    expect(titles("author/wupeng/index.html")).toEqual(["稿件 q2"]);
  });

  it("link each name in a byline, as written, to its person's page", () => {
    const $ = readPage(out, "yaowen/201812/t20181203_q2.html");
    expect($(".byline").text()).toBe("香城都市报记者周阳通讯员李峥吴鹏");
    expect($(".byline a").map((_, e) => [[$(e).text(), $(e).attr("href")]]).get()).toEqual([
      ["周阳", "../../author/zhouyang/index.html"],
      ["李峥", "../../author/lizheng/index.html"],
      ["吴鹏", "../../author/wupeng/index.html"],
    ]);
    expect(readPage(out, "chibi/201811/t20181120_q3.html")(".byline a").attr("href")).toBe("../../author/zhouyang/index.html");
  });

  it("give each tag a page, paged, that the article's 关键词 link to", () => {
    expect(titles("tag/zhiliangqiangshi/index.html")).toEqual(["稿件 q1", "稿件 q2"]);
    expect(fs.existsSync(path.join(out, "tag/zhiliangqiangshi/index_1.html"))).toBe(false);
    expect(readPage(out, "tag/zhiliangqiangshi/index.html")("h1").text()).toBe("关键词:质量强市");
    const $ = readPage(out, "chibi/201812/t20181207_q1.html");
    expect($(".tags a").map((_, e) => [[$(e).text(), $(e).attr("href")]]).get()).toEqual([
      ["质量强市", "../../tag/zhiliangqiangshi/index.html"],
      ["赤壁", "../../tag/chibi/index.html"],
    ]);
  });

  it("give each 专题 its page with banner and intro, its tags' stories and those it names, newest first, paged; home: true puts it on the home page", () => {
    const $ = readPage(out, "topic/zhiliang/index.html");
    expect($("h1").text()).toBe("质量强市");
    expect($(".topic-intro").text()).toBe("赤壁创建质量强市的报道。");
    expect($(".topic-banner").attr("src")).toBe("../../img/zhiliang.jpg");
    expect(titles("topic/zhiliang/index.html")).toEqual(["稿件 q1", "稿件 q2"]);
    expect(titles("topic/zhiliang/index_1.html")).toEqual(["稿件 fire"]);
    expect(titles("topic/quiet/index.html")).toEqual(["稿件 q3"]);
    const home = readPage(out, "index.html");
    expect(home(".topics a").map((_, e) => [[home(e).text(), home(e).attr("href")]]).get()).toEqual([["质量强市", "topic/zhiliang/index.html"]]);
    expect(home(".topics img").attr("src")).toBe("img/zhiliang.jpg");
  });

  it("give each month with stories a 往期 page, paged, and one page of every month with its count, linked from every footer", () => {
    expect(titles("archive/2018/12/index.html")).toEqual(["稿件 q1", "稿件 q2"]);
    expect(titles("archive/2018/11/index.html")).toEqual(["稿件 q3", "稿件 photo"]);
    expect(listTree(path.join(out, "archive")).filter((f) => f !== "index.html")).toEqual(["2017/03/index.html", "2018/10/index.html", "2018/11/index.html", "2018/12/index.html"]);
    const $ = readPage(out, "archive/index.html");
    expect($(".archive-year h2").map((_, e) => $(e).text()).get()).toEqual(["2018年", "2017年"]);
    expect($(".archive-months li").map((_, e) => $(e).text().replace(/\s+/g, " ")).get()).toEqual(["12月 2 篇", "11月 2 篇", "10月 2 篇", "3月 1 篇"]);
    expect($(".archive-months a").first().attr("href")).toBe("../archive/2018/12/index.html");
    for (const route of ["index.html", "chibi/201812/t20181207_q1.html", "tag/chibi/index.html"]) {
      const footer = readPage(out, route)("footer a").filter((_, e) => readPage(out, route)(e).text() === "往期回顾");
      expect(footer.length, route).toBe(1);
    }
  });

  it("leave out stories still to come and withdrawn ones", () => {
    for (const f of listTree(out).filter((x) => /^(author|tag|topic|archive)\//.test(x))) {
      const text = fs.readFileSync(path.join(out, f), "utf8");
      expect(text, f).not.toContain("稿件 later");
      expect(text, f).not.toContain("稿件 gone");
    }
  });
});

describe("reporters' and tags' addresses", () => {
  it("stay where they are when a name that reads alike comes later: the first to appear keeps the plain slug", async () => {
    const files: Record<string, string> = {
      "content/site.yml": SITE_YML,
      "content/articles/old.md": storyFile({ id: "old", date: "2018-01-01 09:00", channel: "chibi", tags: ["阳光"], extra: "byline: 记者 周阳" }),
    };
    const before = await buildProject(writeProject(files));
    expect(readPage(before.out, "author/zhouyang/index.html")("h1").text()).toBe("周阳");
    // 周扬 sorts before 周阳, and comes later: it is the one told apart.
    files["content/articles/new.md"] = storyFile({ id: "new", date: "2018-12-01 09:00", channel: "chibi", tags: ["央广"], extra: "byline: 记者 周扬" });
    const after = await buildProject(writeProject(files));
    expect(readPage(after.out, "author/zhouyang/index.html")("h1").text()).toBe("周阳");
    expect(readPage(after.out, "author/zhouyang-2/index.html")("h1").text()).toBe("周扬");
    expect(readPage(after.out, "tag/yangguang/index.html")("h1").text()).toBe("关键词:阳光");
    expect(readPage(after.out, "tag/yangguang-2/index.html")("h1").text()).toBe("关键词:央广");
  });
});

describe("reporters and topics in site.yml", () => {
  it.each([
    ["topics:\n  - { slug: Zhi Liang, title: 质量, tags: [质量] }\n", 'topic slug "Zhi Liang" may hold only a-z, 0-9 and single hyphens'],
    ["topics:\n  - { slug: a, title: 甲, tags: [x] }\n  - { slug: a, title: 乙, tags: [y] }\n", 'topic slug "a" is used twice (first on line'],
    ["topics:\n  - { slug: a, title: 甲, banner: \"javascript:alert(1)\", tags: [x] }\n", `a topic's banner "javascript:alert(1)" is neither a path under public/ nor a web address`],
    ["reporters:\n  - { name: 周阳 }\n  - { name: 周洋, names: [周阳] }\n", 'the name "周阳" is given to two reporters'],
    ["reporters:\n  - { name: 周阳, slug: Zhou_Yang }\n", 'reporter slug "Zhou_Yang" may hold only a-z, 0-9 and single hyphens'],
  ])("refuses %j at its line", async (yml, message) => {
    const dir = writeProject({ "content/site.yml": `${SITE_YML}${yml}`, "content/articles/a.md": storyFile({ id: "a", date: "2018-12-07 09:30", channel: "chibi" }) });
    const r = await xnews(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`content/site\\.yml:1[4-9]:\\d+  error: ${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("warns of a topic that gathers nothing, and of an id it names that is no published article", async () => {
    const yml = "topics:\n  - { slug: empty, title: 空 }\n  - { slug: named, title: 点名, ids: [a, nosuch] }\n";
    const dir = writeProject({ "content/site.yml": `${SITE_YML}${yml}`, "content/articles/a.md": storyFile({ id: "a", date: "2018-12-07 09:30", channel: "chibi" }) });
    const r = await xnews(["check"], dir);
    expect(r.stdout).toContain('warning: topic "empty" gathers no story: it has neither tags nor ids');
    // At the id itself (line 16 of site.yml: the topics start on line 14).
    expect(r.stdout).toContain('content/site.yml:16:1  warning: topic "named" lists id "nosuch", which names no story; it is left out');
    expect(r.stdout).not.toContain('"a"');
  });
});
