// A generated 200-story site, built for real and checked page by page.
import fs from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../src/gen/corpus.js";
import { buildProject, listTree, readPage, tempDir } from "./helpers/site.js";

let corpus: string;
let out: string;
let pages: string[];

beforeAll(async () => {
  corpus = tempDir("xnews-corpus-");
  generateCorpus({ articles: 200, seed: "1", outDir: corpus });
  out = (await buildProject(corpus)).out;
  pages = listTree(out).filter((f) => f.endsWith(".html"));
});

function storyFiles(dir: string): { id: string; text: string }[] {
  return listTree(dir)
    .filter((f) => f.endsWith(".md"))
    .map((f) => ({ id: path.basename(f, ".md"), text: fs.readFileSync(path.join(dir, f), "utf8") }));
}

describe("a generated 200-story site", () => {
  it("has a page for every published story, the home page, the channel pages and a 404 page", () => {
    const published = storyFiles(path.join(corpus, "content/articles")).filter((s) => !/^draft: true$/m.test(s.text));
    const articlePages = pages.filter((p) => /\/t\d{8}_[a-z0-9-]+\.html$/.test(p));
    expect(articlePages).toHaveLength(published.length);
    expect(pages).toContain("index.html");
    expect(pages).toContain("404.html");
    expect(pages).toContain("chibi/index.html");
  });

  it("publishes no draft anywhere", () => {
    const drafts = storyFiles(path.join(corpus, "content/articles")).filter((s) => /^draft: true$/m.test(s.text));
    expect(drafts.length).toBeGreaterThan(0);
    const titles = drafts.map((d) => JSON.parse(/^title: (.*)$/m.exec(d.text)![1]!) as string);
    for (const d of drafts) expect(pages.some((p) => p.includes(`_${d.id}.html`))).toBe(false);
    // Titles are generated from a small vocabulary, so look for the draft's page link, not its title.
    for (const page of pages) {
      const html = fs.readFileSync(path.join(out, page), "utf8");
      for (const d of drafts) expect(html.includes(`_${d.id}.html`), `${page} links draft ${d.id}`).toBe(false);
    }
    expect(titles.length).toBe(drafts.length);
  });

  it("resolves every internal href and src to a written file", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const $ = readPage(out, page);
      $("a[href], link[href], img[src], script[src]").each((_, el) => {
        const url = $(el).attr("href") ?? $(el).attr("src")!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("#")) return;
        const base = page === "404.html" ? "/" : `/${page}`;
        const resolved = new URL(url, `http://site${base}`).pathname;
        const target = path.join(out, decodeURIComponent(resolved));
        checked++;
        if (!fs.existsSync(target) || !fs.statSync(target).isFile()) missing.push(`${page} → ${url}`);
      });
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(pages.length * 20);
  });

  it("paginates long channels as TRS does, with a pager on each list page", () => {
    const yaowen = pages.filter((p) => /^yaowen\/index(_\d+)?\.html$/.test(p));
    expect(yaowen.length).toBeGreaterThan(1);
    expect(yaowen).toContain("yaowen/index_1.html");
    const $ = readPage(out, "yaowen/index_1.html");
    expect($(".pager .current").text()).toBe("2");
    expect($(".story-list li").length).toBeLessThanOrEqual(20);
  });

  it("writes only valid HTML (html-validate, recommended rules)", () => {
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
    const problems: string[] = [];
    for (const page of pages) {
      const report = validator.validateStringSync(fs.readFileSync(path.join(out, page), "utf8"), page);
      for (const r of report.results) for (const m of r.messages) problems.push(`${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("builds", () => {
  it("give byte-identical output for the same input", async () => {
    const again = path.join(tempDir(), "again");
    await buildProject(corpus, again);
    const files = listTree(out);
    expect(listTree(again)).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
  });
});
