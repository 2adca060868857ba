// Characters XML 1.0 cannot hold (control characters pasted from Word, U+FFFE/U+FFFF, half a
// surrogate pair) written into every field a user fills: the feeds and the sitemaps stay XML.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FEED_ROUTE, SITEMAP_ROUTE } from "../src/model/outputs.js";
import { withoutNonXmlCharacters, xmlDocument } from "../src/render/feeds.js";
import { buildProject, listTree, writeProject } from "./helpers/site.js";

/** Every character outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
const FORBIDDEN = [
  ...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).filter((c) => !"\t\n\r".includes(c)),
  "\ufffe",
  "\uffff",
  // Halves of surrogate pairs, lows first so that no two next to each other make a pair.
  "\udc00",
  "\udfff",
  "\ud800",
  "\udbff",
];

/** Code points of a decoded document that XML 1.0 refuses (a lone surrogate counts as one). */
function nonXmlCharacters(text: string): string[] {
  const bad: string[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    if (!ok) bad.push(`U+${c.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return bad;
}

/** A file's bytes as strict UTF-8 (a replacement character would mean a lone surrogate got through the writer). */
function readStrict(file: string): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
}

/** A YAML double-quoted string: JSON escapes control characters and surrogates; U+FFFE/U+FFFF are escaped by hand (written raw, YAML refuses the file). */
const yaml = (s: string) => JSON.stringify(s).replace(/[\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
const dirty = FORBIDDEN.join("");

describe("XML outputs", () => {
  it("hold no character XML 1.0 refuses, whatever the front matter and bodies carry", async () => {
    const project = writeProject({
      "content/site.yml": `title: ${yaml(`测试${dirty}新闻网`)}\nurl: https://example.org\nchannels:\n  - slug: chibi\n    name: ${yaml(`赤壁${dirty}`)}\n`,
      "content/articles/a.md": `---
title: ${yaml(`标题${dirty}甲`)}
subtitle: ${yaml(dirty)}
date: 2021-03-02 10:00
channel: chibi
byline: ${yaml(`通讯员${dirty}王红云`)}
tags: [${yaml(`质量${dirty}强市`)}, ${yaml(dirty + "赤壁")}]
summary: ${yaml(`摘要${dirty}文字`)}
---

正文
`,
      // No summary: the feed's description is the body's lead, where a raw control character can sit.
      "content/articles/b.md": `---\ntitle: 标题乙\ndate: 2021-03-01 10:00\nchannel: chibi\n---\n\n导语\u000b文字\u0008结束\u0001。\n`,
      "content/pages/about.md": `---\ntitle: ${yaml(`关于${dirty}我们`)}\n---\n\n正文\n`,
    });
    const { report, out } = await buildProject(project);
    expect(report.diagnostics).toEqual([]);
    const feed = readStrict(path.join(out, FEED_ROUTE));
    const map = readStrict(path.join(out, SITEMAP_ROUTE));
    // Every XML file: the site's feed, each channel's, the sitemap and the news sitemap.
    const documents = listTree(out).filter((f) => f.endsWith(".xml"));
    expect(documents).toEqual(expect.arrayContaining([FEED_ROUTE, "chibi/index.xml", SITEMAP_ROUTE, "news-sitemap.xml"]));
    for (const doc of documents.map((f) => readStrict(path.join(out, f)))) {
      expect(nonXmlCharacters(doc)).toEqual([]);
      expect(doc).not.toContain("\ufffd");
      expect(doc.startsWith('<?xml version="1.0" encoding="utf-8"?>') || doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    }
    // What can be shown still is: the text around the dropped characters, in order.
    expect(feed).toContain("标题甲");
    expect(feed).toContain("<dc:creator>王红云</dc:creator>");
    expect(feed).toContain("质量强市");
    // Summaries are cut and spaced by the model, which reads \v and \f as spaces.
    expect(feed).toMatch(/摘要 ?文字/);
    expect(feed).toMatch(/导语 ?文字结束。/);
    expect(feed).toContain("<title>测试新闻网</title>");
    expect(map).toContain("<loc>https://example.org/about.html</loc>");
  });

  it("are all made through xmlDocument, which drops exactly the refused characters", () => {
    const write = xmlDocument((title: string) => `<?xml version="1.0"?><t a="${title}">${title}</t>`);
    expect(write(`a${dirty}b\t\n\r\u{1F600}\ud7ff\ue000\ufffd`)).toBe(`<?xml version="1.0"?><t a="ab\t\n\r\u{1F600}\ud7ff\ue000\ufffd">ab\t\n\r\u{1F600}\ud7ff\ue000\ufffd</t>`);
    for (const ch of FORBIDDEN) expect(withoutNonXmlCharacters(`x${ch}y`)).toBe("xy");
    // A surrogate pair is one character, kept whole.
    expect(withoutNonXmlCharacters("\ud83d\ude00")).toBe("\u{1F600}");
  });
});
