import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../src/content/load-content.js";
import { createBodyReader } from "../src/content/story-body.js";
import { SITE_YML, writeProject } from "./helpers/site.js";

function load(files: Record<string, string>) {
  const dir = writeProject({ "content/site.yml": SITE_YML, ...files });
  return loadContent(path.join(dir, "content"));
}

describe("reading a story file", () => {
  it("reads every field of the content contract", () => {
    const { content, diagnostics } = load({
      "content/articles/2018/12/chibi-quality-city.md": `---
title: 赤壁市获评“湖北省质量强省示范市”
subtitle: 副题
date: 2018-12-07 09:30
channel: chibi
id: chibi-quality-city
byline: 通讯员 王红云 邵新华
editor: hushaopeng
source: 咸宁新闻网
tags: [质量强市, 赤壁]
summary: 赤壁市获评……
cover: /img/2018/chibi.jpg
related: [xn-quality-plan, chibi-land-fair]
featured: true
draft: false
---

近日,省质量强省工作委员发文命名赤壁市。

## 全盘规划大手笔
`,
    });
    expect(diagnostics).toEqual([]);
    const s = content!.stories[0]!;
    expect(s).toMatchObject({
      id: "chibi-quality-city",
      title: "赤壁市获评“湖北省质量强省示范市”",
      subtitle: "副题",
      channel: "chibi",
      byline: "通讯员 王红云 邵新华",
      editor: "hushaopeng",
      source: "咸宁新闻网",
      tags: ["质量强市", "赤壁"],
      summary: "赤壁市获评……",
      cover: "/img/2018/chibi.jpg",
      related: ["xn-quality-plan", "chibi-land-fair"],
      featured: true,
      draft: false,
    });
    expect(s.body.lead).toBe("近日,省质量强省工作委员发文命名赤壁市。");
    expect(createBodyReader({ html: false, iframeHosts: [] })({ path: s.path, file: s.file, hash: s.body.hash })).toContain("<h2>全盘规划大手笔</h2>");
  });

  it("takes the id from the file name when none is given", () => {
    const { content } = load({ "content/articles/a/b/chibi-land-fair.md": "---\ntitle: 标题\ndate: 2018-12-05\nchannel: chibi\n---\n正文\n" });
    expect(content!.stories[0]!.id).toBe("chibi-land-fair");
  });

  it("accepts a UTF-8 BOM and CRLF line endings", () => {
    const { content, diagnostics } = load({ "content/articles/bom.md": "\uFEFF---\r\ntitle: 标题\r\ndate: 2018-12-05\r\nchannel: chibi\r\n---\r\n\r\n第一段\r\n第一段续\r\n" });
    expect(diagnostics).toEqual([]);
    expect(content!.stories[0]!.title).toBe("标题");
    expect(content!.stories[0]!.body.lead).toBe("第一段第一段续");
  });

  it("reports a YAML error at its line in the Markdown file", () => {
    const { diagnostics } = load({ "content/articles/bad.md": "---\ntitle: 标题\ndate: 2018-12-05\nchannel: [chibi\n---\n正文\n" });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: "error", file: expect.stringMatching(/content\/articles\/bad\.md$/) });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(4);
    expect(diagnostics[0]!.message).toMatch(/YAML/);
  });

  it("reports a missing title and an impossible date with their lines", () => {
    const { diagnostics } = load({ "content/articles/bad.md": "---\nchannel: chibi\ndate: 2018-02-30\n---\n正文\n" });
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [2, "title is missing"],
      [3, expect.stringContaining("not a real date")],
    ]);
  });

  it("warns of an unknown field and names the nearest known one", () => {
    const { diagnostics } = load({ "content/articles/typo.md": "---\ntitle: 标题\ntittle: 标题\ndate: 2018-12-05\nchannel: chibi\n---\n正文\n" });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", line: 3, hint: 'did you mean "title"?' })]);
  });
});
