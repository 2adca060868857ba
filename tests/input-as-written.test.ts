// Text fields are shown exactly as written: YAML's number forms stay the text the editor typed.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../src/content/load-content.js";
import { FEED_ROUTE } from "../src/model/outputs.js";
import { SITE_YML, buildProject, readPage, writeProject } from "./helpers/site.js";

const NUMBERS = ["3.10", "0012", "12345678901234567890", ".inf", "-.INF", ".nan", "0x1F", "1e3", "+12", "0o17", "1_000", "5.20", "2018.10", "-0", "1:20"];

function load(files: Record<string, string>) {
  const dir = writeProject({ "content/site.yml": SITE_YML, ...files });
  return loadContent(path.join(dir, "content"));
}

const article = (fields: string) => `---\ndate: 2018-12-07 09:30\nchannel: chibi\n${fields}\n---\n\n正文\n`;

describe("numbers in front matter", () => {
  it.each(NUMBERS)("%s stays as written in every text field and list", (written) => {
    const { content, diagnostics } = load({
      "content/articles/a.md": article(`title: ${written}\nsubtitle: ${written}\nbyline: ${written}\neditor: ${written}\nsource: ${written}\nsummary: ${written}\ntags: [${written}, 赤壁]\nrelated: [${written}]`),
    });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(content!.stories[0]).toMatchObject({
      title: written,
      subtitle: written,
      byline: written,
      editor: written,
      source: written,
      summary: written,
      tags: [written, "赤壁"],
      related: [written],
    });
  });

  it.each(["0012", "1e3", "0o17", "2018", "0x1f"])("id %s stays as written", (written) => {
    const { content, diagnostics } = load({ "content/articles/a.md": article(`title: 标题\nid: ${written}`) });
    expect(diagnostics).toEqual([]);
    expect(content!.stories[0]!.id).toBe(written);
  });

  it.each(["+12", ".inf", "1_000"])("id %s is refused for its characters, as written", (written) => {
    const { diagnostics } = load({ "content/articles/a.md": article(`title: 标题\nid: ${written}`) });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 5, message: `id "${written}" may hold only a-z, 0-9 and single hyphens` })]);
  });

  it("reaches the pages, the URL and the feed as written", async () => {
    const project = writeProject({
      "content/site.yml": SITE_YML.replace("title: 测试新闻网", "title: 2024"),
      "content/articles/a.md": article("title: 3.10\nid: 0012\ntags: [5.20, 2018.10]\nbyline: 12345678901234567890"),
    });
    const { out } = await buildProject(project);
    const $ = readPage(out, "chibi/201812/t20181207_0012.html");
    expect($("h1").first().text()).toContain("3.10");
    expect($("title").text()).toBe("3.10 - 2024");
    expect($.html()).toContain("12345678901234567890");
    expect($.html()).toContain("5.20");
    expect($.html()).toContain("2018.10");
    const feed = fs.readFileSync(path.join(out, FEED_ROUTE), "utf8");
    expect(feed).toContain("<title><![CDATA[3.10]]></title>");
    expect(feed).toContain("<category>5.20</category>");
    expect(feed).toContain("<category>2018.10</category>");
    // Digits are no one's name: the byline shows as written, and the feed names nobody.
    expect(feed).not.toMatch(/<author>|<dc:creator>/);
  });

  it("still reads true, false and empty as flags", () => {
    const { content, diagnostics } = load({ "content/articles/a.md": article("title: 标题\nfeatured: True\ndraft:") });
    expect(diagnostics).toEqual([]);
    expect(content!.stories[0]).toMatchObject({ featured: true, draft: false });
  });

  it("refuses true or false in a text field, at its line, saying how to keep the word", () => {
    const { diagnostics } = load({ "content/articles/a.md": article("title: true\nbyline: FALSE") });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", line: 4, message: 'title reads as true, not as text: put it in quotes, e.g. title: "true"' }),
      expect.objectContaining({ severity: "error", line: 5, message: 'byline reads as false, not as text: put it in quotes, e.g. byline: "false"' }),
    ]);
    const quoted = load({ "content/articles/a.md": article('title: "true"\ntags: ["false", 赤壁]') });
    expect(quoted.diagnostics).toEqual([]);
    expect(quoted.content!.stories[0]).toMatchObject({ title: "true", tags: ["false", "赤壁"] });
  });

  it("refuses true or false in a list, and leaves out empty items", () => {
    const refused = load({ "content/articles/a.md": article("title: 标题\ntags: [赤壁, true]") });
    expect(refused.diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 5, message: expect.stringContaining("each item of tags must be text") })]);
    const empty = load({ "content/articles/a.md": article("title: 标题\ntags:\n  - 赤壁\n  -\n  - ~") });
    expect(empty.diagnostics).toEqual([]);
    expect(empty.content!.stories[0]!.tags).toEqual(["赤壁"]);
  });
});

describe("numbers in site.yml", () => {
  const site = (pageSize: string) => SITE_YML.replace("pageSize: 20", `pageSize: ${pageSize}`);

  it.each([["3", 3], ["003", 3], ['"3"', 3], ["!!int 3", 3]])("pageSize %s is the number %d", (written, expected) => {
    const dir = writeProject({ "content/site.yml": site(written) });
    const { content, diagnostics } = loadContent(path.join(dir, "content"));
    expect(diagnostics).toEqual([]);
    expect(content!.config.pageSize).toBe(expected);
  });

  it.each(["0", "-1", "2.5", "0x10", "1e3", ".inf", "twenty", "true", "[20]"])("pageSize %s is refused at its line", (written) => {
    const dir = writeProject({ "content/site.yml": site(written) });
    const { content, diagnostics } = loadContent(path.join(dir, "content"));
    expect(content).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 3, column: 1, message: "pageSize must be a whole number above 0, e.g. 20" })]);
  });

  it("builds list pages of the size written", async () => {
    const files: Record<string, string> = { "content/site.yml": site('"2"') };
    for (const n of [1, 2, 3, 4, 5]) files[`content/articles/a${n}.md`] = article(`title: 标题${n}`).replace("09:30", `09:3${n}`);
    const { out } = await buildProject(writeProject(files));
    // Five stories, two a page: three list pages, the oldest story on the last.
    expect(fs.existsSync(path.join(out, "chibi/index_2.html"))).toBe(true);
    expect(fs.existsSync(path.join(out, "chibi/index_3.html"))).toBe(false);
    expect(readPage(out, "chibi/index_2.html")("body").text()).toContain("标题1");
  });

  it("keeps channel names and slugs written as numbers, and refuses true as a name", () => {
    const numbered = writeProject({ "content/site.yml": "title: 2024\nchannels:\n  - slug: 0012\n    name: 110\n" });
    const ok = loadContent(path.join(numbered, "content"));
    expect(ok.diagnostics).toEqual([]);
    expect(ok.content!.config).toMatchObject({ title: "2024", channels: [{ slug: "0012", name: "110" }] });
    const flagged = writeProject({ "content/site.yml": "title: 新闻网\nchannels:\n  - slug: a\n    name: true\n" });
    const bad = loadContent(path.join(flagged, "content"));
    expect(bad.diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 4, message: expect.stringContaining("a channel's name reads as true, not as text") })]);
  });
});
