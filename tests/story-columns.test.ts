// The build cache stores story readings as columns (build/story-columns.ts) and makes the stories
// again on load: each must come back as readStory gave it, every field, every key in its order,
// whatever the story holds — so a field added to stories but not to the columns fails here.
import path from "node:path";
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { fromColumns, toColumns, type StoryEntry } from "../src/build/story-columns.js";
import { createStoryReader, listStoryFiles, loadSiteConfig } from "../src/content/load-content.js";
import { generateCorpus } from "../src/gen/corpus.js";
import { REPO, SITE_YML, storyFile, tempDir, writeProject } from "./helpers/site.js";

/** Every story file of a content folder, read as a build reads it, by place key. */
function readingsOf(contentDir: string): Map<string, StoryEntry> {
  const { config } = loadSiteConfig(contentDir);
  const read = createStoryReader(config!);
  return new Map(listStoryFiles(contentDir).places.map((place, i) => [place.key, { stamp: `file:${i}:1.5:2.25:${i}`, result: read(place) }]));
}

/** A value's text with undefined kept and keys in their order: equal texts are equal values, shaped alike. */
function shape(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v === undefined ? "<undefined>" : v));
}

function roundTrip(entries: Map<string, StoryEntry>): Map<string, StoryEntry> {
  return fromColumns(v8.deserialize(v8.serialize(toColumns(entries))) as ReturnType<typeof toColumns>);
}

describe("story readings stored as columns", () => {
  it("come back as read: every kind, every optional field set or not, warnings and readings that failed", () => {
    const dir = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/full.md": `---
title: "全部字段"
subtitle: 副题
date: 2021-03-04 05:06:07
channel: yaowen
id: quan-bu
byline: 通讯员 王红云 邵新华
authors: [{ name: 王红云, role: 咸宁日报记者 }, { name: 邵新华 }]
editor: 张三
source: 咸宁日报
tags: [赤壁, 质量, 赤壁]
summary: 一段摘要
cover: /img/a.jpg
related: [plain, link-only]
featured: true
draft: true
url: https://example.org/a.html
updated: 2021-03-09 10:00
expires: 2030-01-01
correction: [{ date: 2021-03-08, text: 更正一 }, { date: 2021-03-07 12:00, text: 更正二 }]
retracted: true
retraction: 撤稿
aliases: [/old/a.shtml, /old/b/]
---

正文第一段。

第二段。
`,
      "content/articles/plain.md": storyFile({ id: "plain", date: "2021-03-05", channel: "yaowen" }),
      "content/articles/corrected.md": storyFile({ id: "corrected", date: "2021-03-05", channel: "yaowen", extra: "correction: 一段更正" }),
      "content/articles/warned.md": storyFile({ id: "warned", date: "2021-03-06 10:00", channel: "yaowen", extra: "colour: red" }),
      "content/articles/broken.md": storyFile({ id: "broken", date: "2021-02-30", channel: "yaowen" }),
      "content/articles/no-front-matter.md": "只有正文\n",
      "content/snippets/link-only.md": "---\ntitle: 只有链接\ndate: 2020-12-31 23:59\nurl: https://example.org/b.html\n---\n\n一句导语。\n",
      "content/pages/about.md": "---\ntitle: 关于我们\n---\n\n关于本站。\n",
    });
    const entries = readingsOf(path.join(dir, "content"));
    const kinds = [...entries.values()].map((e) => e.result.story?.kind ?? "none");
    expect(kinds.sort()).toEqual(["article", "article", "article", "article", "none", "none", "snippet", "standalone"]);
    expect([...entries.values()].some((e) => e.result.story && e.result.diagnostics.length > 0)).toBe(true);
    const back = roundTrip(entries);
    expect(back).toStrictEqual(entries);
    expect(shape([...back])).toBe(shape([...entries]));
  });

  it("come back as read for a generated site and the sample site", () => {
    const corpus = tempDir("xnews-columns-");
    generateCorpus({ articles: 200, seed: "columns", outDir: corpus });
    for (const contentDir of [path.join(corpus, "content"), path.join(REPO, "content")]) {
      const entries = readingsOf(contentDir);
      expect(entries.size).toBeGreaterThan(0);
      const back = roundTrip(entries);
      expect(back).toStrictEqual(entries);
      expect(shape([...back])).toBe(shape([...entries]));
    }
  });

  it("keep an empty set of readings empty", () => {
    expect(roundTrip(new Map())).toEqual(new Map());
  });
});
