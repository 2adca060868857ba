// The site's search, run over built sites as the reader's browser runs it (src/bench/site-search.ts):
// every story holding the query is found and no other (checked against a plain scan of the story
// texts), words folded, title hits first then newest, 20 a page; the index files follow the stories
// from build to build. tests/search-browser.test.ts drives it in Chromium.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allResults, siteSearch } from "../src/bench/site-search.js";
import { sampleQueries, storiesHolding, storyTexts } from "../src/bench/search-queries.js";
import { REPO, buildProject, generatedSite, listTree, projectWith, tempDir, writeProject, xnews, SITE_YML } from "./helpers/site.js";

describe("search finds every story that holds the words, and only those", () => {
  it("on a generated site of 600 stories, for 120 sampled queries, matches a plain scan of the story texts", { timeout: 120_000 }, async () => {
    const project = generatedSite("search", 600);
    const { out } = await buildProject(project);
    const texts = storyTexts(path.join(project, "content"));
    const search = siteSearch(out);
    const queries = sampleQueries(texts, 120, "queries");
    expect(queries.filter((q) => q.crossing)).toHaveLength(60);
    for (const { text } of queries) {
      const found = (await allResults(search, text)).map((h) => h.doc.u);
      expect(found.slice().sort(), text).toEqual([...storiesHolding(texts, text)].sort());
      expect(new Set(found).size, text).toBe(found.length);
    }
  });

  it("finds the seed article by stretches that cross word boundaries (质量强, 市获评)", async () => {
    const { out } = await buildProject(REPO);
    const search = siteSearch(out);
    for (const query of ["质量强", "市获评", "赤壁市获评“湖北省质量强省示范市”"]) {
      const found = await allResults(search, query);
      expect(found.map((h) => h.doc.t), query).toContain("赤壁市获评“湖北省质量强省示范市”");
    }
  });

  it("folds full-width and half-width letters and digits, and Latin case; needs every word", async () => {
    const project = projectWith([
      { id: "full-width", date: "2024-03-01 08:00", channel: "yaowen", title: "全角ＸＩＡＮＮＩＮＧ新闻", body: "预算收入１１．０３亿元。" },
      { id: "half-width", date: "2024-03-02 08:00", channel: "yaowen", title: "半角 Xianning 新闻", body: "预算收入11.03亿元,同比增长。" },
      { id: "other", date: "2024-03-03 08:00", channel: "shehui", title: "另一条", body: "同比增长。" },
    ]);
    const { out } = await buildProject(project);
    const search = siteSearch(out);
    const ids = async (q: string) => (await allResults(search, q)).map((h) => path.basename(h.doc.u).replace(/^t\d+_|\.html$/g, "")).sort();
    expect(await ids("xianning")).toEqual(["full-width", "half-width"]);
    expect(await ids("ＸＩＡＮ")).toEqual(["full-width", "half-width"]);
    expect(await ids("11.03")).toEqual(["full-width", "half-width"]);
    expect(await ids("１１．０３亿")).toEqual(["full-width", "half-width"]);
    expect(await ids("同比增长")).toEqual(["half-width", "other"]);
    expect(await ids("同比增长 11.03")).toEqual(["half-width"]);
    expect(await ids("同比增长　Xianning")).toEqual(["half-width"]);
    expect(await ids("同比增长 没有的词")).toEqual([]);
    expect(siteSearch(out).engine.search("增").tooShort).toBe(true);
  });
});

describe("results", () => {
  it("say how many there are when a page holds the last of them", async () => {
    const articles = Array.from({ length: 20 }, (_, n) => ({ id: `s${n}`, date: `2024-01-${String(n + 1).padStart(2, "0")} 08:00`, channel: "yaowen", body: `第${n}条。防汛工作。` }));
    const { out } = await buildProject(projectWith(articles));
    const page = await siteSearch(out).engine.search("防汛").page(1);
    expect(page).toMatchObject({ total: 20, more: false });
    expect(page.hits).toHaveLength(20);
  });

  it("find words in raw HTML as a reader reads them: entities decoded, no script", async () => {
    const yml = SITE_YML.replace("pageSize: 20", "pageSize: 20\nmarkdown:\n  html: true");
    const { out } = await buildProject(projectWith([{ id: "raw", date: "2024-01-01 08:00", channel: "yaowen", body: "<div>&ldquo;质量&rdquo;强市</div><script>var 脚本内容 = 1;</script>" }], [], yml));
    const search = siteSearch(out);
    expect((await allResults(search, "“质量”强")).map((h) => h.doc.u)).toHaveLength(1);
    expect(await allResults(search, "脚本内容")).toEqual([]);
  });

  const dates = (n: number) => `2024-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 27)).padStart(2, "0")} ${String(n % 24).padStart(2, "0")}:00`;

  it("rank title hits first, then newest first, 20 a page, with the hit marked", async () => {
    const articles = Array.from({ length: 45 }, (_, n) => ({ id: `s${n}`, date: dates(n), channel: "yaowen", title: n % 9 === 0 ? `防汛简报 ${n}` : `标题 ${n}`, body: `第${n}条。今年防汛工作有序推进。` }));
    const { out } = await buildProject(projectWith(articles));
    const search = siteSearch(out).engine.search("防汛");
    const pages = [await search.page(1), await search.page(2), await search.page(3)];
    expect(pages.map((p) => p.hits.length)).toEqual([20, 20, 5]);
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    expect(pages[2]!.total).toBe(45);
    const hits = pages.flatMap((p) => p.hits);
    const byDate = (a: (typeof articles)[number], b: (typeof articles)[number]) => b.date.localeCompare(a.date);
    const inTitle = articles.filter((a) => a.title.includes("防汛")).sort(byDate);
    const others = articles.filter((a) => !a.title.includes("防汛")).sort(byDate);
    expect(hits.map((h) => h.doc.t)).toEqual([...inTitle, ...others].map((a) => a.title));
    expect(hits[0]!.inTitle).toBe(true);
    expect(hits[0]!.title).toEqual(["", "防汛", `简报 ${inTitle[0]!.id.slice(1)}`]);
    // A title hit shows the story's summary (its card), the words marked there too.
    expect(hits[0]!.excerpt).toEqual([`第${inTitle[0]!.id.slice(1)}条。今年`, "防汛", "工作有序推进。"]);
    expect(hits[5]!.excerpt.filter((_, i) => i % 2)).toEqual(["防汛"]);
    expect(hits[5]!.doc.d).toMatch(/^2024-\d\d-\d\d$/);
    expect(hits[5]!.doc.c).toBe("yaowen");
  });
});

describe("a search loads few files", () => {
  it("the head's index files, the cards of title hits (many a file), and texts only for the text candidates", async () => {
    const articles = Array.from({ length: 60 }, (_, n) => ({
      id: `s${n}`,
      date: `2024-0${1 + (n % 2)}-${String(1 + (n % 28)).padStart(2, "0")} ${String(n % 24).padStart(2, "0")}:00`,
      channel: "yaowen",
      title: n % 5 === 0 ? `防汛简报 ${n}` : `标题 ${n}`,
      body: n % 4 === 1 ? `第${n}条。今年秋收工作有序推进。` : `第${n}条。没有要找的词。`,
    }));
    const { out } = await buildProject(projectWith(articles));
    const kinds = (loaded: Map<string, number>) =>
      [...loaded.keys()].map((f) => (/^search\/h\//.test(f) ? "head" : /\/c\d+\.js$/.test(f) ? "cards" : /^search\/\d{4}\/\d\d\//.test(f) ? "texts" : f)).sort();

    // Twelve title hits over two months: one file of cards a month, no story's text.
    const byTitle = siteSearch(out);
    const titled = await byTitle.engine.search("防汛简报").page(1);
    expect(titled.hits.map((h) => h.inTitle)).toEqual(Array(12).fill(true));
    expect(kinds(byTitle.loaded)).toEqual(["cards", "cards", "head", "head", "search.html (manifest)", "search/search.js"]);

    // Fifteen text hits in a month of thirty stories: their texts (many stories a file), no cards.
    const byText = siteSearch(out);
    const texts = await byText.engine.search("秋收").page(1);
    expect(texts.hits).toHaveLength(15);
    const loaded = kinds(byText.loaded);
    expect(loaded.filter((k) => k === "head")).toHaveLength(1);
    expect(loaded).not.toContain("cards");
    expect(loaded.filter((k) => k === "texts").length).toBeGreaterThanOrEqual(1);
    expect(loaded.filter((k) => k === "texts").length).toBeLessThanOrEqual(2);
  });
});

describe("the index files follow the stories", () => {
  it("finds an edited body's new words and not its old ones; leaves the other years' index files as they were", { timeout: 60_000 }, async () => {
    const project = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/old.md": "---\ntitle: 旧闻\ndate: 2022-05-01 08:00\nchannel: yaowen\n---\n\n二〇二二年的稻田插秧。\n",
      "content/articles/new.md": "---\ntitle: 新闻\ndate: 2023-05-01 08:00\nchannel: yaowen\n---\n\n今年的油菜花开了。\n",
    });
    const build = () => xnews(["build", "--content", "content", "--templates", path.join(REPO, "templates"), "--public", path.join(REPO, "public"), "--out", "dist", "--quiet"], project);
    expect((await build()).code).toBe(0);
    const out = path.join(project, "dist");
    const yearFiles = (year: string) => listTree(path.join(out, "search", year)).filter((f) => !f.includes("/"));
    const inodes = (year: string) => yearFiles(year).map((f) => fs.statSync(path.join(out, "search", year, f)).ino);
    const before2022 = inodes("2022");
    expect(before2022.length).toBeGreaterThan(0);
    expect((await allResults(siteSearch(out), "油菜花")).map((h) => h.doc.t)).toEqual(["新闻"]);

    fs.writeFileSync(path.join(project, "content/articles/new.md"), "---\ntitle: 新闻\ndate: 2023-05-01 08:00\nchannel: yaowen\n---\n\n今年的桂花开了。\n");
    expect((await build()).code).toBe(0);
    expect(await allResults(siteSearch(out), "油菜花")).toEqual([]);
    expect((await allResults(siteSearch(out), "桂花")).map((h) => h.doc.t)).toEqual(["新闻"]);
    expect(inodes("2022")).toEqual(before2022);

    // An older year's title is in the head's files with the newest year's texts: they follow it.
    fs.writeFileSync(path.join(project, "content/articles/old.md"), "---\ntitle: 旧闻改题\ndate: 2022-05-01 08:00\nchannel: yaowen\n---\n\n二〇二二年的稻田插秧。\n");
    expect((await build()).code).toBe(0);
    expect((await allResults(siteSearch(out), "改题")).map((h) => [h.doc.t, h.inTitle])).toEqual([["旧闻改题", true]]);

    // A story removed leaves no search file behind; the cache keeps only the months there are.
    fs.rmSync(path.join(project, "content/articles/old.md"));
    expect((await build()).code).toBe(0);
    expect(fs.existsSync(path.join(out, "search", "2022"))).toBe(false);
    expect(await allResults(siteSearch(out), "插秧")).toEqual([]);
    expect(fs.readdirSync(path.join(project, ".xnews-cache")).filter((n) => n.startsWith("search-")).length).toBe(2);
  });

  it("writes the same files from a cold build and from one that went through edits, a story moved to another month among them", { timeout: 60_000 }, async () => {
    const story = (title: string, date: string) => `---\ntitle: ${title}\ndate: ${date}\nchannel: yaowen\n---\n\n${title}的正文。\n`;
    const project = writeProject({ "content/site.yml": SITE_YML, "content/articles/a.md": story("甲", "2023-01-01 08:00"), "content/articles/c.md": story("丙", "2023-03-01 08:00") });
    const args = ["build", "--content", "content", "--templates", path.join(REPO, "templates"), "--public", path.join(REPO, "public"), "--out", "dist", "--quiet"];
    expect((await xnews(args, project)).code).toBe(0);
    fs.writeFileSync(path.join(project, "content/articles/b.md"), story("乙", "2023-01-02 08:00"));
    expect((await xnews(args, project)).code).toBe(0);
    // 丙 alone in its month moves to the next: the same story, title and text, another month.
    fs.writeFileSync(path.join(project, "content/articles/c.md"), story("丙", "2023-04-01 08:00"));
    expect((await xnews(args, project)).code).toBe(0);
    expect((await allResults(siteSearch(path.join(project, "dist")), "丙的正文")).map((h) => h.doc.d)).toEqual(["2023-04-01"]);
    const cold = tempDir();
    fs.cpSync(path.join(project, "content"), path.join(cold, "content"), { recursive: true });
    expect((await xnews([...args, "--no-cache"], cold)).code).toBe(0);
    const files = (dir: string) => Object.fromEntries(listTree(path.join(dir, "dist", "search")).map((f) => [f, fs.readFileSync(path.join(dir, "dist", "search", f), "utf8")]));
    expect(files(project)).toEqual(files(cold));
  });
});
