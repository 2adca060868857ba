// Script payloads in every field a user writes and in bodies: none reaches an executable place.
// The pages are parsed as HTML (as a browser would), not grepped.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import * as cheerio from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../src/diagnostics.js";
import { REPO, buildProject, listTree, writeProject } from "./helpers/site.js";
import { putPicture } from "./helpers/pictures.js";

const PAYLOADS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  "</script><script>alert(1)</script>",
  "javascript:alert(1)",
  "{{ 7 * 7 }}{% raw %}",
  "\u2028\u2029</title><script>alert(1)</script>",
];
const yaml = (s: string) => JSON.stringify(s);
const body = (p: string) => `${p}

[点我](javascript:alert(1)) [也点我](JAVASCRIPT:alert(1)) [再点](vbscript:msgbox(1)) [数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![图](javascript:alert(1))

<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil.example/"></iframe><a href="javascript:alert(1)">x</a>
<iframe src="https://player.example.com/v/1"></iframe>
`;

/** The cover's public/ path, the payload in its name: the picture is put there, and must be a picture. */
const coverOf = (payload: string) => `/img/${payload.replace(/[\s.]/g, "")}.jpg`;

function siteFiles(payload: string, allowHtml: boolean): Record<string, string> {
  return {
    "content/site.yml": `title: ${yaml(`测试${payload}`)}
url: https://example.org
markdown: { html: ${allowHtml}, iframeHosts: [player.example.com] }
channels:
  - slug: chibi
    name: ${yaml(`赤壁${payload}`)}
`,
    "content/articles/a.md": `---
title: ${yaml(`标题${payload}`)}
subtitle: ${yaml(payload)}
date: 2021-03-02 10:00
channel: chibi
byline: ${yaml(payload)}
editor: ${yaml(payload)}
source: ${yaml(payload)}
tags: [${yaml(payload)}, ${yaml(`t${payload}`)}]
summary: ${yaml(payload)}
cover: ${yaml(coverOf(payload))}
related: [b, s]
featured: true
---

${body(payload)}`,
    "content/articles/b.md": `---\ntitle: ${yaml(payload)}\ndate: 2021-03-01 10:00\nchannel: chibi\n---\n\n${body(payload)}`,
    "content/snippets/s.md": `---\ntitle: ${yaml(payload)}\ndate: 2021-02-01\nurl: "https://example.org/?q=${encodeURIComponent(payload)}"\n---\n${payload}\n`,
    "content/pages/about.md": `---\ntitle: ${yaml(payload)}\n---\n\n${body(payload)}`,
  };
}

/** The inline scripts of the templates that print nothing into them. */
const TEMPLATE_SCRIPTS = new Set(
  listTree(path.join(REPO, "templates")).flatMap((f) => [...fs.readFileSync(path.join(REPO, "templates", f), "utf8").matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((s) => !s.includes("{{") && !s.includes("{%"))),
);

const EXECUTABLE_URL = /^\s*(javascript|vbscript|data\s*:\s*text)/i;

function unsafeThings(html: string): string[] {
  const $ = cheerio.load(html);
  const found: string[] = [];
  $("script").each((_, el) => {
    // The scripts xnews writes: by address with nothing inline (the shared 最新 list, and search),
    // or inline as a template holds them, word for word, with nothing of a story in them (打印).
    const inline = $(el).html() ?? "";
    const ours = inline ? TEMPLATE_SCRIPTS.has(inline) : /(^|\/)(latest|search\/search)\.js$/.test($(el).attr("src") ?? "");
    if ($(el).attr("type") === "application/ld+json") JSON.parse($(el).html()!); // stays data
    else if (!ours) found.push(`<script> ${$(el).html()}`);
  });
  $("*").each((_, node) => {
    const el = node as unknown as { tagName: string; attribs: Record<string, string> };
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) found.push(`${el.tagName} ${name}=${value}`);
      if (["href", "src", "action", "formaction", "srcdoc", "poster", "xlink:href"].includes(name) && EXECUTABLE_URL.test(value)) found.push(`${el.tagName} ${name}=${value}`);
    }
  });
  $("iframe").each((_, el) => {
    if (!($(el).attr("src") ?? "").startsWith("https://player.example.com/")) found.push(`iframe ${$(el).attr("src")}`);
  });
  // The search box: a form to the site's search page, in the masthead and on the search page.
  $("form").each((_, el) => {
    const ours = $(el).is("header form.search-form, main > form.search-form") && /(^|\/)search\.html$/.test($(el).attr("action") ?? "");
    if (!ours) found.push(`<form action=${$(el).attr("action")}>`);
  });
  $("object, embed, base, meta[http-equiv]").each((_, el) => {
    found.push(`<${(el as unknown as { tagName: string }).tagName}>`);
  });
  return found;
}

describe.each([false, true])("payloads in every field and body (raw HTML allowed: %s)", (allowHtml) => {
  const outs: string[] = [];
  beforeAll(async () => {
    for (const payload of PAYLOADS) {
      const project = writeProject(siteFiles(payload, allowHtml));
      putPicture(project, coverOf(payload));
      outs.push((await buildProject(project)).out);
    }
  });

  it("never become script, event handlers or javascript: links in any page", () => {
    let pages = 0;
    for (const out of outs) {
      for (const page of listTree(out).filter((f) => f.endsWith(".html"))) {
        pages++;
        expect(unsafeThings(fs.readFileSync(path.join(out, page), "utf8")), `${out}/${page}`).toEqual([]);
      }
    }
    expect(pages).toBeGreaterThan(PAYLOADS.length * 4);
  });

  it("stay data in the shared 最新 script, which builds its list with textContent only", () => {
    outs.forEach((out, i) => {
      const script = fs.readFileSync(path.join(out, "latest.js"), "utf8");
      const data = /var items = (.*);\n/.exec(script)![1]!;
      expect(data).not.toMatch(/[<>&\u2028\u2029]/);
      const titles = (JSON.parse(data) as string[][]).map((item) => item[0]!);
      expect(titles.some((t) => t.includes(PAYLOADS[i]!.trim().slice(0, 8))), PAYLOADS[i]).toBe(true);
      expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    });
  });

  it("stay data in the search files, which hand the hub strings and nothing else; the search script writes with textContent only", () => {
    outs.forEach((out, i) => {
      const docs: { t: string; x: string }[] = [];
      const cards: { t: string; x: string }[] = [];
      const hub = { add: () => {}, docs: (_: string, __: number, list: { t: string; x: string }[]) => docs.push(...list), cards: (_: string, __: number, list: { t: string; x: string }[]) => cards.push(...list) };
      for (const file of listTree(path.join(out, "search")).filter((f) => f !== "search.js")) {
        const text = fs.readFileSync(path.join(out, "search", file), "utf8");
        expect(text, file).not.toMatch(/[<>\u2028\u2029]/);
        const context = vm.createContext({ xnewsSearch: hub });
        vm.runInContext(text, context);
        expect(Object.keys(context), file).toEqual(["xnewsSearch"]);
      }
      for (const list of [docs, cards]) expect(list.some((d) => d.t.includes(PAYLOADS[i]!.trim().slice(0, 8))), PAYLOADS[i]).toBe(true);
      expect(fs.readFileSync(path.join(out, "search/search.js"), "utf8")).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    });
  });

  it("stay text in the RSS feed, whose descriptions feed readers show as HTML", () => {
    outs.forEach((out, i) => {
      const $feed = cheerio.load(fs.readFileSync(path.join(out, "index.xml"), "utf8"), { xml: true });
      const titles = $feed("item title").map((_, t) => cheerio.load($feed(t).text()).text()).get();
      expect(titles).toContain(`标题${PAYLOADS[i]}`); // shown as HTML, it reads as the title
      expect($feed("item category").map((_, c) => $feed(c).text()).get()).toContain(PAYLOADS[i]!.trim().replace(/</g, "＜").replace(/>/g, "＞")); // text, brackets made harmless
    });
    for (const out of outs) {
      const $ = cheerio.load(fs.readFileSync(path.join(out, "index.xml"), "utf8"), { xml: true });
      expect($("item").length).toBe(2);
      $("item").each((_, item) => {
        for (const field of ["title", "description", "author", "category"]) {
          const text = $(item).find(field).text();
          expect(unsafeThings(text), `${out} ${field}`).toEqual([]);
          expect(cheerio.load(text)("body *").length, `${field}: ${text}`).toBe(0);
        }
      });
    }
  });

  it("are shown to the reader as text", () => {
    const $ = cheerio.load(fs.readFileSync(path.join(outs[0]!, "chibi/202103/t20210302_a.html"), "utf8"));
    expect($("h1").text()).toBe(`标题${PAYLOADS[0]}`);
    expect($(".byline").text()).toBe(PAYLOADS[0]);
    expect($(".editor").text()).toBe(`编辑:${PAYLOADS[0]}`);
  });
});

it("keeps an allowed host's iframe when the site allows raw HTML, and drops others", async () => {
  const project = writeProject(siteFiles("x", true));
  putPicture(project, coverOf("x"));
  const { out } = await buildProject(project);
  const $ = cheerio.load(fs.readFileSync(path.join(out, "chibi/202103/t20210302_a.html"), "utf8"));
  expect($(".article-body iframe").map((_, el) => $(el).attr("src")).get()).toEqual(["https://player.example.com/v/1"]);
});

it("refuses a javascript: url or cover instead of linking it", async () => {
  const files = siteFiles("x", false);
  files["content/snippets/s.md"] = "---\ntitle: t\ndate: 2021-02-01\nurl: javascript:alert(1)\n---\nx\n";
  files["content/articles/b.md"] = files["content/articles/b.md"]!.replace("channel: chibi", "channel: chibi\ncover: javascript:alert(1)");
  const project = writeProject(files);
  let error: unknown;
  try {
    await buildProject(project);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UserError);
  const messages = (error as UserError).diagnostics.map((d) => d.message);
  expect(messages).toContain('url "javascript:alert(1)" is not a web address');
  expect(messages).toContain('cover "javascript:alert(1)" is neither a path under public/ nor a web address');
});
