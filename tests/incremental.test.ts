// The dev server's incremental rebuild writes the same bytes a full build would, and only the
// files that changed.
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DevSession, type FileChange, type RebuildReport } from "../src/dev/session.js";
import { REPO, buildProject, generatedSite, listTree, pathsOf, projectFiles, tempDir } from "./helpers/site.js";
import { STORIES_PER_FILE } from "../src/model/search-layout.js";

let project: string;
let session: DevSession;
/** The output as it was before the edit under test: route → bytes. */
let before: Map<string, Buffer>;

beforeEach(() => {
  project = tempDir("xnews-inc-");
  fs.cpSync(generatedSite("inc", 200), project, { recursive: true });
  session = new DevSession(pathsOf(project));
  session.start();
  before = snapshot();
});

function snapshot(): Map<string, Buffer> {
  const dev = path.join(project, "dist");
  return new Map(listTree(dev).map((f) => [f, fs.readFileSync(path.join(dev, f))]));
}

const { file, read, write, articles } = projectFiles(() => project);
const change = (rel: string, kind: FileChange["kind"] = "change"): FileChange => ({ kind, file: file(rel) });

/** A published article that has related items and neighbours. */
function aStory(): string {
  return articles().find((f) => !/^draft: true$/m.test(read(f)) && /^related: /m.test(read(f)))!;
}

/** The newest published article: in latest.js (every page's sidebar), on the home page and in the feed. */
function newestStory(): string {
  return articles()
    .filter((f) => !/^draft: true$/m.test(read(f)))
    .sort((a, b) => (fieldOf(a, "date") < fieldOf(b, "date") ? 1 : -1))[0]!;
}

function fieldOf(rel: string, field: string): string {
  return /^(\w+): (.*)$/m.exec(read(rel).split("\n").find((l) => l.startsWith(`${field}:`)) ?? "")?.[2] ?? "";
}

/**
 * The incremental output must equal a fresh full build of the same content, file for file, and
 * the rebuild must have written exactly the files that changed and deleted exactly those gone.
 */
async function expectSameAsFullBuild(report: RebuildReport): Promise<void> {
  const fresh = path.join(tempDir("xnews-inc-full-"), "dist");
  await buildProject(project, fresh);
  const dev = path.join(project, "dist");
  const files = listTree(fresh);
  expect(listTree(dev)).toEqual(files);
  const differing = files.filter((f) => !fs.readFileSync(path.join(dev, f)).equals(fs.readFileSync(path.join(fresh, f))));
  expect(differing).toEqual([]);
  const changed = files.filter((f) => !before.get(f)?.equals(fs.readFileSync(path.join(fresh, f))));
  expect(report.written).toEqual(changed);
  expect(report.deleted).toEqual([...before.keys()].filter((f) => !files.includes(f)));
  before = snapshot();
}

describe("an incremental rebuild", () => {
  it("of a body-only edit writes the story's page and the few pages that show its lead", async () => {
    const story = aStory();
    write(story, read(story).replace(/\n\n([^\n#][^\n]*)/, "\n\n新的导语,记者现场报道。$1"));
    const report = session.apply([change(story)]);
    expect(report.problems).toEqual([]);
    await expectSameAsFullBuild(report);
    expect(report.written.some((r) => r.endsWith(`_${path.basename(story, ".md")}.html`))).toBe(true);
    expect(report.written.length).toBeLessThanOrEqual(30);
  });

  it("of an edit deep in the body writes only the story's own page, and its search file and index", async () => {
    const story = aStory();
    write(story, `${read(story)}\n最后一段新增的内容。\n`);
    const report = session.apply([change(story)]);
    await expectSameAsFullBuild(report);
    const [pages, search] = [report.written.filter((r) => !r.startsWith("search/")), report.written.filter((r) => r.startsWith("search/"))];
    expect(pages).toHaveLength(1);
    // The search file with its text, and the files of its year's text index that hold the new words.
    expect(search.filter((r) => /^search\/\d{4}\/\d\d\/\d+\.js$/.test(r))).toHaveLength(1);
    expect(search.filter((r) => !/^search\/\d{4}\/(\d\d\/)?\d+\.js$/.test(r))).toEqual([]);
  });

  it("of a title change writes every page that shows the title, and matches a full build", async () => {
    const story = aStory();
    write(story, read(story).replace(/^title: .*$/m, 'title: "改过的标题"'));
    const report = session.apply([change(story)]);
    await expectSameAsFullBuild(report);
    expect(report.written.length).toBeGreaterThan(1);
  });

  it("of the newest story's title rewrites the shared 最新 script, not every page's sidebar", async () => {
    const story = newestStory();
    write(story, read(story).replace(/^title: .*$/m, 'title: "最新的标题"'));
    const report = session.apply([change(story)]);
    await expectSameAsFullBuild(report);
    expect(report.written).toContain("latest.js");
    // Its page and the pages listing it (home, channel, reporters', tags', month, others' 相关新闻),
    // the feeds and the search files of its title: under 50 of the site's 570 files, not all of them.
    expect(report.written.length).toBeLessThan(50);
  });

  it("of the newest story's byline re-renders its page and the feed, which shows bylines", async () => {
    const story = newestStory();
    const text = read(story);
    write(story, /^byline: /m.test(text) ? text.replace(/^byline: .*$/m, "byline: 记者 新名字") : text.replace(/^channel: /m, "byline: 记者 新名字\nchannel: "));
    const report = session.apply([change(story)]);
    await expectSameAsFullBuild(report);
    expect(report.written).toContain("index.xml");
  });

  it("of a stand-alone page's title re-renders every page whose footer links it", async () => {
    write("content/pages/about.md", read("content/pages/about.md").replace("关于我们", "关于本网"));
    const report = session.apply([change("content/pages/about.md")]);
    await expectSameAsFullBuild(report);
    expect(report.written.length).toBeGreaterThan(150);
  });

  it("of a deleted and a renamed snippet matches a full build", async () => {
    const snippets = listTree(file("content/snippets")).map((f) => `content/snippets/${f}`);
    fs.rmSync(file(snippets[0]!));
    fs.renameSync(file(snippets[1]!), file("content/snippets/renamed-snippet.md"));
    const report = session.apply([change(snippets[0]!, "unlink"), change(snippets[1]!, "unlink"), change("content/snippets/renamed-snippet.md", "add")]);
    await expectSameAsFullBuild(report);
  });

  it("after a story leaves a folder and comes back, writes into the folder again", async () => {
    const story = newestStory();
    const text = read(story);
    const date = fieldOf(story, "date");
    write(story, text.replace(/^date: .*$/m, "date: 2024-06-01T08:00:00+08:00"));
    let report = session.apply([change(story)]);
    await expectSameAsFullBuild(report);
    write(story, text.replace(/^date: .*$/m, `date: ${date}`));
    report = session.apply([change(story)]);
    await expectSameAsFullBuild(report);
    // The 2024/06 folder was deleted when it emptied; the story goes back into it.
    write(story, text.replace(/^date: .*$/m, "date: 2024-06-01T08:00:00+08:00"));
    report = session.apply([change(story)]);
    expect(report.problems).toEqual([]);
    await expectSameAsFullBuild(report);
  });

  it("of a date change that moves a story between neighbours matches a full build", async () => {
    const story = aStory();
    write(story, read(story).replace(/^date: .*$/m, "date: 2022-06-15T12:00:00+08:00"));
    const report = session.apply([change(story)]);
    expect(report.deleted.filter((r) => !r.startsWith("search/"))).toHaveLength(1); // the old URL had the old date
    await expectSameAsFullBuild(report);
  });

  it.each([
    ["channel", (t: string) => t.replace(/^channel: .*$/m, "channel: tiyu")],
    ["tags", (t: string) => t.replace(/^tags: .*$/m, 'tags: ["质量强市", "赤壁", "标准化"]')],
    ["related", (t: string) => t.replace(/^related: .*$/m, "related: []")],
    ["draft", (t: string) => t.replace(/^channel: /m, "draft: true\nchannel: ")],
    ["featured", (t: string) => t.replace(/^channel: /m, "featured: true\nchannel: ")],
  ])("of a %s change matches a full build", async (_, edit) => {
    const story = aStory();
    write(story, edit(read(story)));
    const report = session.apply([change(story)]);
    expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
    await expectSameAsFullBuild(report);
    expect(report.written.length).toBeLessThan(listTree(file("dist")).length);
  });

  it("of a deleted story removes its page and matches a full build", async () => {
    const story = aStory();
    fs.rmSync(file(story));
    const report = session.apply([change(story, "unlink")]);
    expect(report.deleted.some((r) => r.endsWith(`_${path.basename(story, ".md")}.html`))).toBe(true);
    await expectSameAsFullBuild(report);
  });

  it("of an added story and snippet, and of a renamed story, matches a full build", async () => {
    write("content/articles/2023/12/new-story.md", '---\ntitle: "新稿件"\ndate: 2023-12-31T20:00:00+08:00\nchannel: chibi\ntags: ["赤壁"]\n---\n\n新稿件的导语。\n');
    write("content/snippets/new-snippet.md", '---\ntitle: "新快讯"\ndate: 2023-12-30\n---\n快讯正文。\n');
    let report = session.apply([change("content/articles/2023/12/new-story.md", "add"), change("content/snippets/new-snippet.md", "add")]);
    expect(report.written).toContain("chibi/202312/t20231231_new-story.html");
    await expectSameAsFullBuild(report);
    const story = aStory();
    const renamed = story.replace(/[^/]+\.md$/, "renamed-story.md");
    fs.renameSync(file(story), file(renamed));
    report = session.apply([change(story, "unlink"), change(renamed, "add")]);
    await expectSameAsFullBuild(report);
  });

  it("of a template change re-renders the pages that use it, through extends and include", async () => {
    write("templates/partials/footer.njk", fs.readFileSync(path.join(REPO, "templates/partials/footer.njk"), "utf8").replace("版权所有", "版权所有 · 测试"));
    let report = session.apply([change("templates/partials/footer.njk", "add")]);
    expect(report.written.length).toBe(listTree(file("dist")).filter((f) => f.endsWith(".html")).length);
    await expectSameAsFullBuild(report);
    write("templates/404.njk", fs.readFileSync(path.join(REPO, "templates/404.njk"), "utf8").replace("页面未找到", "找不到页面"));
    report = session.apply([change("templates/404.njk", "add")]);
    expect(report.written).toEqual(["404.html"]);
    await expectSameAsFullBuild(report);
    fs.rmSync(file("templates/404.njk"));
    report = session.apply([change("templates/404.njk", "unlink")]);
    expect(report.written).toEqual(["404.html"]);
    await expectSameAsFullBuild(report);
  });

  it("copies a changed public file alone, and deletes a removed one", async () => {
    write("public/img/logo.png", "png");
    let report = session.apply([change("public/img/logo.png", "add")]);
    expect(report.written).toEqual(["img/logo.png"]);
    await expectSameAsFullBuild(report);
    fs.rmSync(file("public/img/logo.png"));
    report = session.apply([change("public/img/logo.png", "unlink")]);
    expect(report.deleted).toEqual(["img/logo.png"]);
    await expectSameAsFullBuild(report);
  });

  it("of site.yml rebuilds everything and matches a full build", async () => {
    write("content/site.yml", read("content/site.yml").replace("pageSize: 20", "pageSize: 7"));
    const report = session.apply([change("content/site.yml")]);
    expect(report.written.length).toBeGreaterThan(10);
    await expectSameAsFullBuild(report);
  });

  it("keeps showing a site.yml warning after story edits, as build does", async () => {
    write("content/site.yml", `${read("content/site.yml")}colour: red\n`);
    const first = session.apply([change("content/site.yml")]);
    const warning = expect.objectContaining({ severity: "warning", message: expect.stringContaining("colour") });
    expect(first.problems).toEqual([warning]);
    const story = aStory();
    write(story, read(story).replace(/^title: .*$/m, 'title: "再改一次"'));
    const edited = session.apply([change(story)]);
    expect(edited.problems).toEqual([warning]);
    expect(session.problems).toEqual([warning]);
  });

  it("keeps the last good site while a file is broken, and recovers when it is fixed", async () => {
    const story = aStory();
    const good = read(story);
    const before = listTree(file("dist")).map((f) => fs.readFileSync(file(`dist/${f}`), "utf8"));
    write(story, good.replace(/^channel: .*$/m, "channel: nowhere"));
    let report = session.apply([change(story)]);
    expect(report.problems.map((p) => p.message)).toContain('channel "nowhere" is not a channel in site.yml');
    expect(report.written).toEqual([]);
    expect(listTree(file("dist")).map((f) => fs.readFileSync(file(`dist/${f}`), "utf8"))).toEqual(before);
    write(story, good.replace(/^title: .*$/m, 'title: "修好了"'));
    report = session.apply([change(story)]);
    expect(report.problems).toEqual([]);
    await expectSameAsFullBuild(report);
  });

  it("reads a burst of changes to many files as one rebuild", async () => {
    const many = articles().filter((f) => !/^draft: true$/m.test(read(f))).slice(0, 60);
    for (const f of many) write(f, `${read(f)}\n补充一句。\n`);
    const report = session.apply(many.map((f) => change(f)));
    // 60 pages, the search files of their stories (STORIES_PER_FILE a file), and the text index's files that hold the new words.
    expect(report.written.filter((r) => !r.startsWith("search/")).length).toBe(60);
    expect(report.written.filter((r) => /^search\/\d{4}\/\d\d\/\d+\.js$/.test(r)).length).toBeGreaterThanOrEqual(Math.ceil(60 / STORIES_PER_FILE));
    // A sentence added at the end changes no title or summary: no file of cards is written again.
    expect(report.written.filter((r) => /\/c\d+\.js$/.test(r))).toEqual([]);
    await expectSameAsFullBuild(report);
  });
});

describe("a dev session started on a broken site", () => {
  it("reports the problem, writes nothing, and builds the whole site once the file is fixed", async () => {
    const story = aStory();
    const good = read(story);
    write(story, good.replace(/^date: .*$/m, "date: 2018-02-30"));
    const stale = path.join(project, "dist", "stale.html");
    fs.writeFileSync(stale, "left by an older build");
    const broken = new DevSession(pathsOf(project));
    const first = broken.start();
    expect(first.problems.filter((p) => p.severity === "error").map((p) => p.message)).toEqual([expect.stringContaining("not a real date")]);
    expect(fs.existsSync(stale)).toBe(true);
    write(story, good);
    const report = broken.apply([change(story)]);
    expect(report.problems).toEqual([]);
    expect(fs.existsSync(stale)).toBe(false);
    const fresh = path.join(tempDir("xnews-inc-full-"), "dist");
    await buildProject(project, fresh);
    expect(listTree(path.join(project, "dist"))).toEqual(listTree(fresh));
  });
});
