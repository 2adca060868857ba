// Messages about files: encodings named right (with a conversion line that works), the first bad
// byte located, paths shown readably, a related page named as a page, and each fault said once.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath, readTextFile } from "../src/content/files.js";
import { loadContent } from "../src/content/load-content.js";
import { SITE_YML, projectWith, storyFile, tempDir, writeProject, xnews } from "./helpers/site.js";

const TEXT = "---\ntitle: 赤壁召开质量工作会\ndate: 2021-03-02 10:00\nchannel: chibi\n---\n\n正文。\n";

function readBytes(bytes: Buffer, name = "a.md") {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, name), bytes);
  return readTextFile(dir, name);
}

/** The `iconv -f X` encoding a hint names, decoded here with the same label: the line must give back the text. */
function iconvSource(hint: string | undefined): string {
  const m = /iconv -f (\S+) -t UTF-8/.exec(hint ?? "");
  expect(m, hint).not.toBeNull();
  return m![1]!;
}

function utf16(text: string, order: "le" | "be", bom: boolean): Buffer {
  const le = Buffer.from((bom ? "\ufeff" : "") + text, "utf16le");
  return order === "le" ? le : le.swap16();
}

describe("a file that is not UTF-8", () => {
  it.each([
    ["UTF-16LE with a byte order mark", TEXT, utf16(TEXT, "le", true), "UTF-16", "this file is UTF-16 text, not UTF-8"],
    ["UTF-16BE with a byte order mark", TEXT, utf16(TEXT, "be", true), "UTF-16", "this file is UTF-16 text, not UTF-8"],
    ["UTF-16LE without one", TEXT, utf16(TEXT, "le", false), "UTF-16LE", "this file is UTF-16LE (UTF-16 without a byte order mark) text, not UTF-8"],
    ["UTF-16BE without one", TEXT, utf16(TEXT, "be", false), "UTF-16BE", "this file is UTF-16BE (UTF-16 without a byte order mark) text, not UTF-8"],
    ["UTF-16LE, ASCII only (valid UTF-8 byte for byte)", "---\ntitle: hello\n---\n", utf16("---\ntitle: hello\n---\n", "le", false), "UTF-16LE", "this file is UTF-16LE (UTF-16 without a byte order mark) text, not UTF-8"],
  ])("%s is named as UTF-16, with an iconv line that reads it", (_, text, bytes, encoding, message) => {
    const r = readBytes(bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostic.message).toBe(message);
    expect(iconvSource(r.diagnostic.hint)).toBe(encoding);
    // iconv's UTF-16 reads the byte order mark; Node's "utf-16" label is little-endian only, so read the mark here.
    const label = encoding === "UTF-16" ? (bytes[0] === 0xfe ? "utf-16be" : "utf-16le") : encoding.toLowerCase();
    expect(new TextDecoder(label, { fatal: true }).decode(bytes)).toBe(text);
  });

  it("in GBK is named as a legacy encoding at its first byte, with a GB18030 line that reads it", () => {
    const gbk = new Uint8Array([...Buffer.from("---\ntitle: "), 0xcf, 0xcc, 0xc4, 0xfe, 0x0a]); // 咸宁
    const r = readBytes(Buffer.from(gbk));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostic).toMatchObject({ line: 2, column: 8, message: expect.stringContaining("byte 0xCF here is not UTF-8 (it looks like a legacy encoding such as GBK or GB18030)") });
    expect(new TextDecoder(iconvSource(r.diagnostic.hint), { fatal: true }).decode(gbk)).toContain("咸宁");
  });

  it("in the middle of a UTF-8 file is located at its line and column, counted in characters", () => {
    const bytes = Buffer.concat([Buffer.from("---\ntitle: 标题\n---\n\n第一段。\n赤壁市"), Buffer.from([0xa1, 0xa3]), Buffer.from("后文\n")]);
    const r = readBytes(bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostic).toMatchObject({ line: 6, column: 4, message: "this file is not UTF-8 text: byte 0xA1 here is not UTF-8, in a file that is UTF-8 before it" });
    expect(r.diagnostic.hint).not.toMatch(/iconv/);
  });

  it.each([
    ["a lone continuation byte", [0x80]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a sequence cut short", [0xe8, 0xb5]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("with %s after a byte order mark is located on line 1 without counting the mark", (_, bad) => {
    const bytes = Buffer.concat([Buffer.from("\ufeff标题ab"), Buffer.from(bad), Buffer.from("\n")]);
    const r = readBytes(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic).toMatchObject({ line: 1, column: 5, message: expect.stringContaining(`byte 0x${bad[0]!.toString(16).toUpperCase()} here`) });
  });

  it("holding a NUL byte is refused at the NUL's line and column", () => {
    const r = readBytes(Buffer.from("---\ntitle: 标题\n---\n\n正文\u0000。\n"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostic).toMatchObject({ severity: "error", line: 5, column: 3, message: "this file holds a NUL byte (U+0000) here, which text never holds", hint: expect.stringContaining("delete it") });
  });

  it("as site.yml is reported at its place when a site is loaded", () => {
    const dir = writeProject({ "content/site.yml": `${SITE_YML}description: 新闻\u0000\n` });
    expect(loadContent(path.join(dir, "content")).diagnostics).toEqual([expect.objectContaining({ file: expect.stringMatching(/site\.yml$/), line: 14, column: 16 })]);
  });

  it("UTF-8 with a BOM, CRLF, and a Chinese text with no ASCII in its first bytes are still read", () => {
    expect(readBytes(Buffer.from(`\ufeff${TEXT.replace(/\n/g, "\r\n")}`)).ok).toBe(true);
    expect(readBytes(Buffer.from("赤壁市获评湖北省质量强省示范市".repeat(40))).ok).toBe(true);
  });
});

describe("paths in messages", () => {
  it("are relative below the current folder, .. just above it, and absolute anywhere else", () => {
    const here = process.cwd();
    expect(displayPath(path.join(here, "content/a.md"))).toBe("content/a.md");
    expect(displayPath(here)).toBe(".");
    expect(displayPath(path.dirname(here))).toBe("..");
    expect(displayPath("/")).toBe("/");
    expect(displayPath(path.dirname(path.dirname(here)))).toBe(path.dirname(path.dirname(here)));
    expect(displayPath(path.join(path.dirname(here), "elsewhere"))).toBe(path.join(path.dirname(here), "elsewhere"));
  });

  it("--out / is shown as /, not as a climb of ../..", async () => {
    const project = projectWith([{ id: "a", date: "2021-03-02 10:00", channel: "chibi" }]);
    const r = await xnews(["check", "--out", "/"], project);
    expect(r.stdout).toContain("/  error: refusing to write the site to /:");
    expect(r.stdout).not.toContain("../");
  });
});

describe("related ids", () => {
  it("naming a stand-alone page say so, and never suggest a page", () => {
    const dir = writeProject({
      "content/site.yml": SITE_YML,
      "content/pages/about.md": "---\ntitle: 关于我们\n---\n\n正文\n",
      "content/pages/contact.md": "---\ntitle: 联系我们\n---\n\n正文\n",
      "content/articles/a.md": storyFile({ id: "a", date: "2021-03-02 10:00", channel: "chibi", related: ["about", "contacts", "b"] }),
      "content/articles/b.md": storyFile({ id: "b", date: "2021-03-01 10:00", channel: "chibi" }),
    });
    const loaded = loadContent(path.join(dir, "content"));
    expect(loaded.diagnostics).toEqual([]);
    const model = import("../src/model/site-model.js").then((m) => m.buildSiteModel(loaded.content!));
    return model.then((m) => {
      expect(m.diagnostics.map((d) => [d.line, d.message, d.hint])).toEqual([
        [5, `related id "about" is the stand-alone page ${displayPath(path.join(dir, "content/pages/about.md"))}; it is left out, as 相关新闻 lists only articles and snippets`, 'remove "about" from related, or name an article or snippet'],
        [5, 'related id "contacts" names no article or snippet; it is left out', "check the id against the file names under content/articles and content/snippets"],
      ]);
    });
  });
});

describe("schema problems", () => {
  const errorsOf = (extra: string) => {
    const dir = writeProject({ "content/site.yml": SITE_YML + extra });
    return loadContent(path.join(dir, "content")).diagnostics.filter((d) => d.severity === "error");
  };
  const nineMaps = "[{a: 1}, {b: 2}, {c: 3}, {a: 1}, {b: 2}, {c: 3}, {a: 1}, {b: 2}, {c: 3}]";
  const nineAliases = "[*m, *m, *m, *m, *m, *m, *m, *m, *m]";

  it.each([
    ["an alias to a list of nine maps", `hosts: &x ${nineMaps}\nmarkdown:\n  iframeHosts: *x\n`, 16],
    ["an alias to a list of nine aliases to a map", `m: &m {a: 1}\nhosts: &y ${nineAliases}\nmarkdown:\n  iframeHosts: *y\n`, 17],
  ])("are reported once when they fall on one spot: %s", (_, extra, line) => {
    expect(errorsOf(extra)).toEqual([expect.objectContaining({ line, column: 3, message: "markdown.iframeHosts has the wrong form" })]);
  });

  it("are reported at each spot they are written: nine aliases in the field itself", () => {
    const errors = errorsOf(`m: &m {a: 1}\nmarkdown:\n  iframeHosts: ${nineAliases}\n`);
    expect(errors.map((d) => [d.line, d.column])).toEqual(Array.from({ length: 9 }, (_, i) => [16, 17 + 4 * i]));
  });
});

describe("an article with no body", () => {
  it("is a warning of xnews check at the line where the body should start, for nothing a reader would see; text, a picture or a gallery are a body", async () => {
    const project = projectWith([
      { id: "empty", date: "2021-03-02 10:00", channel: "chibi", body: "\n\n   \n" },
      { id: "comment-only", date: "2021-03-02 11:00", channel: "chibi", body: "<!-- 待补充 -->\n" },
      { id: "text", date: "2021-03-02 12:00", channel: "chibi" },
      { id: "gallery", date: "2021-03-02 13:00", channel: "chibi", body: "", extra: "gallery: [https://example.org/a.jpg]" },
      { id: "picture", date: "2021-03-02 14:00", channel: "chibi", body: "![桥](https://example.org/a.jpg)\n" },
    ]);
    const { code, stdout } = await xnews(["check"], project);
    expect(code).toBe(1);
    const warnings = stdout.split("\n").filter((l) => l.includes("has no body"));
    expect(warnings).toEqual([
      `${path.join("content", "articles", "empty.md")}:6:1  warning: the article has no body: its page would show only its title  (write the story's text below the closing ---, or mark it draft: true until it is written)`,
    ]);
  });
});
