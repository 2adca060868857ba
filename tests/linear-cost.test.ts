// Inputs whose cost used to grow with the square of their size, at sizes where xnews took minutes
// (or crashed): each now finishes, with the right result. Times are measured by npm run
// bench:inputs, not here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSiteConfig } from "../src/config.js";
import { readFrontMatter } from "../src/content/front-matter.js";
import { createMarkdown } from "../src/content/markdown.js";
import type { Story } from "../src/content/story.js";
import { computeRelated } from "../src/model/related.js";
import { cutTeaser } from "../src/content/teaser.js";
import { displayPath } from "../src/content/files.js";
import { loadContent } from "../src/content/load-content.js";
import { buildSiteModel } from "../src/model/site-model.js";
import { basePathOf } from "../src/render/links.js";
import { MAX_GUESSES } from "../src/suggest.js";
import { SITE_YML, buildProject, modelOf, projectWith, readPage, storyFile, writeProject, xnews } from "./helpers/site.js";

const LEAD = "咸宁新闻网讯 日前,市政府办印发《咸宁市重点产品质量提升工作方案》,明确了全市重点产品质量提升的目标、任务和保障措施,to be read in full.";

describe("did you mean, for thousands of dangling related ids", () => {
  it("reports all 10,000 through xnews check, guessing for the first ones only", async () => {
    // A site moved from an old CMS: every story names one story that was not moved, a near miss of one that was.
    const files: Record<string, string> = { "content/site.yml": SITE_YML };
    for (let i = 0; i < 10_000; i++) {
      const id = `story-${String(i).padStart(5, "0")}`;
      files[`content/articles/${id}.md`] = storyFile({ id, date: "2021-03-04 09:00", channel: "yaowen", related: [`${id}x`] });
    }
    const r = await xnews(["check"], writeProject(files));
    const warnings = r.stdout.split("\n").filter((l) => l.includes("names no article or snippet"));
    expect(warnings).toHaveLength(10_000);
    // Guesses are made in the order the warnings are found (file order) and stop after MAX_GUESSES.
    const guessed = warnings.filter((l) => l.includes("did you mean"));
    expect(guessed).toHaveLength(MAX_GUESSES);
    expect(guessed[0]).toContain('related id "story-00000x" names no article or snippet; it is left out  (did you mean "story-00000"?)');
    expect(warnings.at(-1)).toContain("check the id against the file names under content/articles and content/snippets");
    expect(r.stdout).toMatch(/\n0 errors, 10000 warnings\n$/);
    expect(r.code).toBe(1);
  });
});

describe("long bodies", () => {
  it("builds a 4 MB body, its last sentence on the page", async () => {
    const paragraph = `${LEAD}\n第二行没有空格。\nLatin words on a third line.\n\n`;
    const last = "全文完:this is the body's last sentence.";
    const paragraphs = Math.ceil((4 * 1024 * 1024) / Buffer.byteLength(paragraph));
    const body = `${paragraph.repeat(paragraphs)}${last}`;
    const project = projectWith([{ id: "long", date: "2021-03-04 09:00", channel: "yaowen", body }]);
    const { out } = await buildProject(project);
    const page = readPage(out, "yaowen/202103/t20210304_long.html");
    expect(page(".article-body").text()).toContain(last);
    expect(page(".article-body p").length).toBe(paragraphs + 1);
  });

  it("joins a body's text in one pass, Chinese lines without a space and Latin ones with one", () => {
    const render = createMarkdown({ html: false, iframeHosts: [] });
    const lines = Array.from({ length: 300_000 }, (_, i) => [`第${i}行`, `line ${i}`, `word ${i}`][i % 3]);
    const snippet = render.digest(lines.join("\n"), "snippet");
    expect(snippet.teaser).toBe("第0行line 1 word 2第3行line 4 word 5第6行line 7 word 8第9行line 10...");
    expect(render.digest(lines.join("\n"), "article").lead.startsWith("第0行line 1 word 2第3行line 4 word 5第6行")).toBe(true);
  });
});

describe("teasers of text ending in dots", () => {
  it("ends a snippet's teaser with one ... after 100,000 dots and after 1,000,000 followed by a quote", async () => {
    const project = projectWith(
      [{ id: "names-them", date: "2021-03-05 09:00", channel: "yaowen", related: ["dots", "dots-quote"] }],
      [
        { id: "dots", date: "2021-03-04 09:00", body: `咸宁新闻网讯 市政府印发方案${".".repeat(100_000)}` },
        { id: "dots-quote", date: "2021-03-03 09:00", body: `${LEAD}${".".repeat(1_000_000)}”` },
      ],
    );
    const { model } = modelOf(project);
    expect(model.snippets.get("dots")!.body.teaser).toBe("咸宁新闻网讯 市政府印发方案...");
    const cut = model.snippets.get("dots-quote")!.body.teaser;
    expect(cut).toMatch(/[^.]\.\.\.$/);
    expect(Array.from(cut).length).toBeLessThanOrEqual(63);
    const { out } = await buildProject(project);
    const teasers = readPage(out, "yaowen/202103/t20210305_names-them.html")(".related .teaser").map((_, e) => e.children.map((c) => ("data" in c ? c.data : "")).join("")).get();
    expect(teasers).toEqual(["咸宁新闻网讯 市政府印发方案...", cut]);
  });

  it("cuts text with a long run of ellipses inside, and drops the commas left before the cut", () => {
    expect(cutTeaser(`${LEAD}${"…".repeat(1_000_000)}完`)).toBe(cutTeaser(LEAD));
    expect(cutTeaser(`${"赤".repeat(59)}${",".repeat(500_000)}${"壁".repeat(10)}`)).toBe(`${"赤".repeat(59)}...`);
  });
});

describe("regular expressions on long runs", () => {
  it("finds the line of a front matter key written with 1,000,000 spaces inside it", () => {
    const text = `---\ntitle: 标题\nold${" ".repeat(1_000_000)}field: x\ndate: 2021-03-04\n---\n正文\n`;
    const read = readFrontMatter(text, "a.md");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.source.positionOf([`old${" ".repeat(1_000_000)}field`])).toEqual({ line: 3, column: 1 });
    expect(read.value.source.positionOf(["date"])).toEqual({ line: 4, column: 1 });
  });

  it("refuses a front matter of 1,000,000 blank lines at once, with a located error", () => {
    const text = `---\ntitle: 标题${"\n".repeat(1_000_000)}date: 2021-03-04\n---\n正文\n`;
    const read = readFrontMatter(text, "a.md");
    expect(read.ok ? [] : read.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(["1:1 the front matter runs 1,000,002 lines (at most 10,000)"]);
  });

  it("reads a front matter of 4,000 blank lines", () => {
    const text = `---\ntitle: 标题${"\n".repeat(4_000)}date: 2021-03-04\n---\n正文\n`;
    const read = readFrontMatter(text, "a.md");
    expect(read.ok && read.value.data).toEqual({ title: "标题", date: "2021-03-04" });
    expect(read.ok && read.value.bodyLine).toBe(4_004);
  });

  it("reads a site url and a permalink with 1,000,000 slashes or braces in them", () => {
    const url = `https://example.org${"/".repeat(1_000_000)}news`;
    const base = basePathOf(url);
    expect([base.length, base.endsWith("//news/")]).toEqual([1_000_005, true]);
    const slashes = readSiteConfig(`${SITE_YML.replace("https://example.org", `${url}${"/".repeat(1_000)}`)}`, "site.yml");
    expect(slashes.config?.url === url).toBe(true);
    const permalink = `/{channel}/{id}${"{".repeat(1_000_000)}.html`;
    const braces = readSiteConfig(`${SITE_YML}permalink: "${permalink}"\n`, "site.yml");
    expect(braces.diagnostics).toEqual([]);
    expect(braces.config?.permalink === permalink).toBe(true);
  });
});

describe("routes many folders deep", () => {
  it("refuses a permalink 20,000 folders deep with a located error on each story, at once", () => {
    const deep = "d/".repeat(20_000);
    const project = writeProject({
      "content/site.yml": `${SITE_YML}permalink: "/${deep}{id}.html"\n`,
      "content/articles/a.md": storyFile({ id: "a", date: "2021-03-04 09:00", channel: "yaowen" }),
      "content/articles/b.md": storyFile({ id: "b", date: "2021-03-04 09:00", channel: "yaowen" }),
    });
    const loaded = loadContent(path.join(project, "content"));
    const { diagnostics } = buildSiteModel(loaded.content!);
    expect(diagnostics.map((d) => `${path.basename(d.file)} ${d.message}`)).toEqual([
      'a.md story "a" would be written to a path 40006 bytes long (at most 1024 are written, so the site can live in any folder)',
      'b.md story "b" would be written to a path 40006 bytes long (at most 1024 are written, so the site can live in any folder)',
    ]);
  });

  it("finds a file where a folder is needed, hundreds of folders deep", () => {
    const deep = "d/".repeat(400);
    const project = writeProject({
      "content/site.yml": `${SITE_YML}permalink: "/${deep}{id}.html"\n`,
      "content/articles/a.md": storyFile({ id: "a", date: "2021-03-04 09:00", channel: "yaowen" }),
    });
    const loaded = loadContent(path.join(project, "content"));
    const { diagnostics } = buildSiteModel(loaded.content!, { publicFiles: new Map([`${deep}a.html/x.txt`, `${deep}c.html`].map((f) => [f, `/nowhere/${f}`])) });
    expect(diagnostics.map((d) => d.message)).toEqual([
      `public file ${deep}a.html/x.txt would be written to ${deep}a.html/x.txt, but story "a" (content/articles/a.md) writes a file at ${deep}a.html`.replace("content/articles/a.md", displayPath(path.join(project, "content/articles/a.md"))),
      `story "a" would be written to ${deep}a.html, which public file ${deep}a.html/x.txt (public/${deep}a.html/x.txt) needs as a folder`,
    ]);
  });
});

describe("more than 130,000 problems", () => {
  it("are all reported by xnews check, and counted", async () => {
    const files: Record<string, string> = { "content/site.yml": SITE_YML };
    const many = (n: number, make: (j: number) => string) => Array.from({ length: n }, (_, j) => make(j));
    for (let i = 0; i < 10; i++) {
      // Below the YAML limit of 100,000 values a file: the problems come from many files.
      files[`content/articles/gone-${i}.md`] = storyFile({ id: `gone-${i}`, date: "2021-03-04 09:00", channel: "yaowen", related: many(6_500, (j) => `gone-${i}-${j}`) });
      files[`content/articles/fields-${i}.md`] = storyFile({ id: `fields-${i}`, date: "2021-03-04 09:00", channel: "yaowen", extra: many(6_500, (j) => `old_field_${j}: x`).join("\n") });
    }
    const r = await xnews(["check"], writeProject(files));
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/\n0 errors, 130000 warnings\n$/);
    expect(r.stdout.split("\n").filter((l) => / {2}warning: /.test(l))).toHaveLength(130_000);
    expect(r.code).toBe(1);
  });
});

describe("相关新闻 on a site whose stories share a tag", () => {
  /** The rule, the slow way, for one article: every other article ranked by shared tags, same channel, newer. */
  function slowRelated(articles: readonly Story[], named: readonly string[][], limit: number, self: number): string[] {
    const a = articles[self]!;
    const chosen = named[self]!.slice(0, limit);
    const taken = new Set([a.id, ...chosen]);
    const ranked = articles
      .map((b, i) => ({ b, i, shared: b.tags.filter((t) => a.tags.includes(t)).length, same: b.channel === a.channel }))
      .filter((c) => !taken.has(c.b.id) && c.shared > 0)
      .sort((x, y) => y.shared - x.shared || Number(y.same) - Number(x.same) || x.i - y.i);
    for (const c of ranked) if (chosen.length < limit) chosen.push(c.b.id);
    for (const b of articles) if (chosen.length < limit && b.channel === a.channel && !chosen.includes(b.id)) chosen.push(b.id);
    return chosen;
  }

  function site(n: number, seed: number): { articles: Story[]; named: string[][]; lists: Map<string, number[]> } {
    let x = seed;
    const rnd = (k: number) => {
      x = (x ^ (x << 13)) >>> 0;
      x = (x ^ (x >>> 17)) >>> 0;
      x = (x ^ (x << 5)) >>> 0;
      return x % k;
    };
    const articles = Array.from({ length: n }, (_, i) => {
      const tags = new Set<string>();
      if (rnd(10) < 8) tags.add("咸宁");
      if (rnd(10) < 3) tags.add("湖北");
      tags.add(`县${rnd(6)}`);
      for (let t = rnd(3); t > 0; t--) tags.add(`话题${rnd(Math.max(2, n >> 4))}`);
      return { id: `a${i}`, tags: [...tags], channel: `c${rnd(7)}`, relatedExclude: [] } as unknown as Story;
    });
    const named = articles.map((a, i) => (rnd(6) === 0 ? [...new Set(Array.from({ length: rnd(12) }, () => `a${rnd(n)}`))].filter((id) => id !== a.id) : []));
    const lists = new Map<string, number[]>();
    articles.forEach((a, i) => (lists.get(a.channel!) ?? lists.set(a.channel!, []).get(a.channel!)!).push(i));
    return { articles, named, lists };
  }

  it("ranks as counting every shared tag would, whichever tags are read lazily", () => {
    for (const [n, seed] of [[300, 1], [700, 2], [1500, 3]] as const) {
      const { articles, named, lists } = site(n, seed);
      for (const limit of [1, 10]) {
        const expected = articles.map((_, self) => slowRelated(articles, named, limit, self));
        for (const wide of [0, 3, 40, 1000]) expect(computeRelated(articles, named, lists, limit, wide)).toEqual(expected);
        // Articles with more tags than are indexed are counted; the others are read through the subset index.
        for (const indexed of [0, 1, 2, 3]) expect(computeRelated(articles, named, lists, limit, 40, indexed)).toEqual(expected);
      }
    }
  });

  // Counting through 咸宁 on 32,000 of them took ~30 s before; tags on a sixth of the site (the
  // counties) are still counted, which costs their size squared (noted for the 100,000-story work).
  it("lists 相关新闻 for 40,000 articles, most of them tagged 咸宁", () => {
    const { articles, named, lists } = site(40_000, 7);
    const related = computeRelated(articles, named, lists);
    expect(related).toHaveLength(40_000);
    for (let self = 0; self < 40_000; self += 1_999) expect(related[self]).toEqual(slowRelated(articles, named, 10, self));
  });
});
