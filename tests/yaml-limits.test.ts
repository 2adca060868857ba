// YAML that would cost a build all its memory or its stack (alias bombs, deep nesting, sheer
// size), and characters YAML cannot hold: each refused with a located error, quickly.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../src/content/load-content.js";
import { YAML_TEXT_LIMIT, YAML_VALUE_LIMIT, readYaml } from "../src/yaml-source.js";
import { SITE_YML, writeProject } from "./helpers/site.js";

/** Billion laughs: nine levels of ten aliases each, 10^9 values once filled in. */
function laughs(indent = ""): string[] {
  const lines = [`${indent}lol: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]`];
  for (const [prev, cur] of ["ab", "bc", "cd", "de", "ef", "fg", "gh", "hi"]) lines.push(`${indent}lol${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  return lines;
}

function load(files: Record<string, string>) {
  const dir = writeProject({ "content/site.yml": SITE_YML, ...files });
  const started = performance.now();
  const result = loadContent(path.join(dir, "content"));
  return { ...result, ms: performance.now() - started };
}

const story = (fields: string) => `---\ntitle: 标题\ndate: 2018-12-07 09:30\nchannel: chibi\n${fields}\n---\n\n正文\n`;

describe("alias bombs", () => {
  it("in site.yml's channels are refused at the alias, in well under a second", () => {
    const site = ["title: 新闻网", ...laughs(), "channels: *i", ""].join("\n");
    const { content, diagnostics, ms } = load({ "content/site.yml": site });
    expect(content).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        file: expect.stringMatching(/content\/site\.yml$/),
        line: 6,
        column: 39,
        severity: "error",
        message: "the alias *d makes this YAML too big: with its aliases filled in it holds more than 100,000 values",
        hint: expect.stringContaining("write the values out once instead"),
      },
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it("used only by channels, after the anchors, is blamed on the alias that grows past the limit", () => {
    // The anchors alone hold little; the channel list's alias is where the count passes the limit.
    const site = ["title: 新闻网", "defs:", "  a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]", "  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "channels:", "  - slug: x", "    name: 新闻", "    children: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]", ""].join("\n");
    const { diagnostics } = load({ "content/site.yml": site });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 9, message: expect.stringContaining("the alias *c makes this YAML too big") })]);
    expect(diagnostics[0]!.column).toBeGreaterThan(15);
  });

  it("in front matter are refused at the alias's line in the story file", () => {
    const { diagnostics, ms } = load({ "content/articles/bomb.md": story([...laughs(), "tags: *i"].join("\n")) });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 9, column: 39, message: expect.stringContaining("the alias *d makes this YAML too big") })]);
    expect(ms).toBeLessThan(1000);
  });

  it("of long text is refused by its size in characters", () => {
    const long = "很长的文字".repeat(2_000);
    const aliases = Array(YAML_TEXT_LIMIT / long.length + 10).fill("*t").join(", ");
    const { diagnostics } = load({ "content/articles/long.md": story(`summary: &t ${long}\ntags: [${aliases}]`) });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "error", line: 6, message: `the alias *t makes this YAML too big: with its aliases filled in it holds more than ${YAML_TEXT_LIMIT.toLocaleString("en")} characters` }),
    ]);
  });

  it("leave an alias of ordinary size working", () => {
    const { content, diagnostics } = load({ "content/articles/a.md": story("byline: &who 通讯员 王红云\nsource: *who\ntags: &t [赤壁, 质量]\nrelated: []") });
    expect(diagnostics).toEqual([]);
    expect(content!.stories[0]).toMatchObject({ byline: "通讯员 王红云", source: "通讯员 王红云", tags: ["赤壁", "质量"] });
  });
});

describe("size and depth", () => {
  it("more values than the limit, without aliases, are refused where the count passes it", () => {
    const items = Array.from({ length: YAML_VALUE_LIMIT + 1 }, (_, i) => `t${i}`).join(", ");
    const { diagnostics } = load({ "content/articles/many.md": story(`tags: [${items}]`) });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 5, message: `this YAML holds more than ${YAML_VALUE_LIMIT.toLocaleString("en")} values` })]);
  });

  it.each([
    ["flow lists", (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`, 0],
    ["flow maps", (n: number) => `${"{a: ".repeat(n)}x${"}".repeat(n)}`, 0],
    ["block lists", (n: number) => `\n  ${"- ".repeat(n)}x`, 1],
  ])("100,000 levels of %s are refused at the depth limit, in site.yml and in front matter", (_, nest, down) => {
    const inSite = load({ "content/site.yml": `${SITE_YML}extra: ${nest(100_000)}\n` });
    expect(inSite.diagnostics).toEqual([expect.objectContaining({ severity: "error", line: expect.any(Number), message: "values are nested more than 100 levels deep" })]);
    expect(inSite.diagnostics[0]!.line).toBe(14 + down);
    const inStory = load({ "content/articles/deep.md": story(`tags: ${nest(100_000)}`) });
    expect(inStory.diagnostics).toEqual([expect.objectContaining({ severity: "error", message: "values are nested more than 100 levels deep" })]);
    expect(inStory.diagnostics[0]!.line).toBe(5 + down);
  });

  it("a syntax slip before 100,000 brackets gives a few errors, not one per bracket", () => {
    const { diagnostics } = load({ "content/articles/slip.md": story(`byline: a: b\ntags: ${"[".repeat(100_000)}`) });
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.length).toBeLessThanOrEqual(10);
    expect(diagnostics[0]).toMatchObject({ severity: "error", line: 5, message: expect.stringMatching(/^YAML syntax error/) });
    expect(diagnostics.every((d) => !/call stack/i.test(d.message))).toBe(true);
  });

  it("channels nested as deep as YAML allows are read without running out of stack", () => {
    let channel = "{slug: leaf, name: 叶}";
    for (let i = 0; i < 45; i++) channel = `{slug: c${i}, name: 频道${i}, children: [${channel}]}`;
    const { content, diagnostics } = load({ "content/site.yml": `title: 新闻网\nchannels: [${channel}]\n` });
    expect(diagnostics).toEqual([]);
    expect(content!.config.channels[0]!.slug).toBe("c44");
  });
});

describe("characters YAML cannot hold", () => {
  it.each([
    ["\u000b", "an invisible control character (U+000B)"],
    ["\u0008", "an invisible control character (U+0008)"],
    ["\u001f", "an invisible control character (U+001F)"],
    ["\u0086", "an invisible control character (U+0086)"],
    ["\uffff", "a noncharacter (U+FFFF)"],
  ])("%j pasted into a title is reported at its line and column", (ch, what) => {
    const { diagnostics } = load({ "content/articles/a.md": `---\ndate: 2018-12-07\nchannel: chibi\ntitle: 赤壁召开${ch}质量工作会\n---\n\n正文\n` });
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", line: 4, column: 12, message: `${what} is written here, and YAML cannot hold it` })]);
  });

  it("half a surrogate pair is reported by readYaml where it stands", () => {
    const source = readYaml("title: ok\nsummary: a\ud800b\n", "x.yml");
    expect(source.diagnostics).toEqual([expect.objectContaining({ line: 2, column: 11, message: "half of a character (U+D800) is written here, and YAML cannot hold it" })]);
  });
});
