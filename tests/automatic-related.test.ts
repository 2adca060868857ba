// Automatic 相关新闻: after the ids an editor named and the stories sharing tags, the list fills up
// to 10 with the stories most like the story in what they say. Two measures of its quality, and
// its rules: deterministic, related_exclude respected, no list repeating an item.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../src/content/load-content.js";
import { buildSiteModel } from "../src/model/site-model.js";
import { REPO, SITE_YML, buildProject, generatedSite, listTree, readPage, storyFile, tempDir, writeProject } from "./helpers/site.js";

/** A copy of a site's content with every `related:` list and every tag taken out of its stories. */
function withoutRelatedAndTags(contentDir: string): string {
  const dir = tempDir("xnews-untagged-");
  fs.cpSync(contentDir, path.join(dir, "content"), { recursive: true });
  for (const f of listTree(path.join(dir, "content")).filter((x) => x.endsWith(".md"))) {
    const file = path.join(dir, "content", f);
    const text = fs.readFileSync(file, "utf8");
    const end = text.indexOf("\n---", 3);
    const head = text
      .slice(0, end)
      .replace(/\n(related|tags):[ \t]*\[[^\n]*\]/g, "")
      .replace(/\n(related|tags):[ \t]*(\n[ \t]+-[^\n]*)+/g, "");
    fs.writeFileSync(file, head + text.slice(end));
  }
  return dir;
}

function modelOf(contentDir: string) {
  const loaded = loadContent(contentDir);
  if (!loaded.content) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  return buildSiteModel(loaded.content).model;
}

describe("automatic 相关新闻", () => {
  it("ranks the stories that share the seed story's subject above those that do not, on the sample site without related lists or tags", async () => {
    const dir = withoutRelatedAndTags(path.join(REPO, "content"));
    expect(fs.readFileSync(path.join(dir, "content/articles/2018/12/chibi-quality-city.md"), "utf8")).not.toMatch(/^(related|tags):/m);
    const { out } = await buildProject(dir);
    const $ = readPage(out, "chibi/201812/t20181207_chibi-quality-city.html");
    const shown = $(".related .related-title").map((_, e) => $(e).children().first().text()).get();
    const at = (title: string) => (shown.indexOf(title) < 0 ? Infinity : shown.indexOf(title));
    // Quality work, standards, 赤壁 …
    const onSubject = ["咸宁市印发重点产品质量提升工作方案", "市标准化工作领导小组举行首次全体会议", "文化和旅游部副部长项兆伦率队来赤壁市调研文化旅游工作", "赤壁青砖茶首台集装箱货车启程前往俄罗斯"];
    // … against the weed-burning fire, the knife attack, the rice planting.
    const offSubject = ["焚烧杂草后未处理火堆引发火灾 消防救援及时未造成人员伤亡", "三名男子戴蒙面头套持砍刀在闹市追砍行凶", "育秧插秧一条龙 机插秧作业进入高峰"];
    for (const title of onSubject) expect(at(title), `${title} in ${JSON.stringify(shown)}`).toBeLessThan(Infinity);
    for (const near of onSubject) for (const far of offSubject) expect(at(near), `${near} before ${far}`).toBeLessThan(at(far));
    // The quality work itself comes before the rest of 赤壁's news.
    expect(at("咸宁市印发重点产品质量提升工作方案")).toBeLessThan(at("赤壁青砖茶首台集装箱货车启程前往俄罗斯"));
  });

  it("on a generated 10,000-story site without tags or related ids, makes no hub and repeats no item", () => {
    const dir = withoutRelatedAndTags(path.join(generatedSite("related-10k", 10_000), "content"));
    const model = modelOf(path.join(dir, "content"));
    expect(model.articles.length).toBeGreaterThan(9_000);
    const inLists = new Map<string, number>();
    let items = 0;
    for (const a of model.articles) {
      expect(new Set(a.related).size, a.story.id).toBe(a.related.length);
      expect(a.related).not.toContain(a.story.id);
      items += a.related.length;
      for (const id of a.related) inLists.set(id, (inLists.get(id) ?? 0) + 1);
    }
    expect(items / model.articles.length).toBeGreaterThan(9);
    const average = items / inLists.size;
    const most = Math.max(...inLists.values());
    expect(most, `the most listed story is in ${most} lists; the average story in ${average.toFixed(1)}`).toBeLessThanOrEqual(10 * average);
  });

  it("fills after named ids and shared tags, never adds an id in related_exclude, and gives the same lists every time", () => {
    const body = (words: string) => `${words}赤壁市质量强市工作推进会召开,会议部署质量提升和标准化建设。`;
    const dir = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": storyFile({ id: "a", date: "2018-12-07 09:30", channel: "chibi", tags: ["会议"], related: ["named"], body: body("今日"), extra: "related_exclude: [twin]" }),
      "content/articles/named.md": storyFile({ id: "named", date: "2018-01-01 09:00", channel: "shehui", body: "与本文无关的社会新闻。" }),
      "content/articles/tagged.md": storyFile({ id: "tagged", date: "2018-02-01 09:00", channel: "shehui", tags: ["会议"], body: "另一条社会新闻。" }),
      "content/articles/twin.md": storyFile({ id: "twin", date: "2018-12-06 09:30", channel: "chibi", body: body("昨日") }),
      "content/articles/close.md": storyFile({ id: "close", date: "2018-12-05 09:30", channel: "yaowen", body: "全市质量强市工作推进,质量提升与标准化建设并进。" }),
    });
    const first = modelOf(path.join(dir, "content"));
    const related = first.articleById.get("a")!.related;
    expect(related.slice(0, 3)).toEqual(["named", "tagged", "close"]);
    expect(related).not.toContain("twin");
    // Without related_exclude, the twin is among the closest.
    expect(first.articleById.get("close")!.related.slice(0, 2).sort()).toEqual(["a", "twin"]);
    expect(modelOf(path.join(dir, "content")).articles.map((a) => a.related)).toEqual(first.articles.map((a) => a.related));
  });
});
