import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createStory, slugOf } from "../src/commands/new-story.js";
import { loadContent } from "../src/content/load-content.js";
import { UserError } from "../src/diagnostics.js";
import { SITE_YML, storyFile, writeProject } from "./helpers/site.js";

// 2026-11-26 23:30 in Asia/Shanghai, 15:30 UTC.
const NOW = Date.UTC(2026, 10, 26, 15, 30);

function project() {
  return path.join(writeProject({ "content/site.yml": SITE_YML, "content/articles/old.md": storyFile({ id: "old", date: "2021-03-01", channel: "chibi" }) }), "content");
}

describe("xnews new", () => {
  it("writes a story in articles/YYYY/MM/ with its front matter filled in, dated in the site's zone", () => {
    const content = project();
    const { file, id } = createStory({ contentDir: content, title: "赤壁召开质量工作会", channel: "chibi", now: NOW });
    expect(id).toBe("20261126-chibizhaokai");
    expect(path.resolve(file)).toBe(path.join(content, "articles/2026/11/20261126-chibizhaokai.md"));
    expect(fs.readFileSync(file, "utf8")).toBe('---\ntitle: "赤壁召开质量工作会"\ndate: 2026-11-26 23:30\nchannel: chibi\nbyline:\neditor:\ntags: []\n---\n\n');
    // What it writes is a valid story, with a warning until its text is written.
    const loaded = loadContent(content);
    expect(loaded.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual(["warning: the article has no body: its page would show only its title"]);
    expect(loaded.content!.stories.map((s) => s.id)).toContain(id);
  });

  it("never overwrites: a second story of the same title gets its own id", () => {
    const content = project();
    const first = createStory({ contentDir: content, title: "赤壁召开质量工作会", channel: "chibi", now: NOW });
    const second = createStory({ contentDir: content, title: "赤壁召开质量工作会", channel: "chibi", now: NOW });
    expect(second.id).toBe(`${first.id}-2`);
    expect(fs.existsSync(first.file) && fs.existsSync(second.file)).toBe(true);
  });

  it("writes snippets to snippets/", () => {
    const content = project();
    const { file } = createStory({ contentDir: content, title: "Xianning 马拉松 2026", snippet: true, now: NOW });
    expect(path.resolve(file)).toBe(path.join(content, "snippets/20261126-xianningmalasong.md"));
  });

  it("checks the channel against site.yml", () => {
    expect(() => createStory({ contentDir: project(), title: "标题", channel: "chibbi", now: NOW })).toThrow(UserError);
    try {
      createStory({ contentDir: project(), title: "标题", channel: "chibbi", now: NOW });
    } catch (e) {
      expect((e as UserError).diagnostics[0]!.hint).toBe('did you mean "chibi"?');
    }
    expect(() => createStory({ contentDir: project(), title: "标题", now: NOW })).toThrow(/needs a channel/);
  });

  it("makes ids from pinyin, Latin words and digits", () => {
    expect(slugOf("赤壁市获评“湖北省质量强省示范市”")).toBe("chibishihuo");
    expect(slugOf("2026 Xianning Marathon!")).toBe("2026xianningmarathon");
    expect(slugOf("“”")).toBe("");
  });
});
