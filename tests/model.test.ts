import { describe, expect, it } from "vitest";
import type { SiteModel } from "../src/model/site-model.js";
import { modelOf, projectWith, type StorySpec } from "./helpers/site.js";

const neighbours = (model: SiteModel, id: string) => {
  const a = model.articleById.get(id)!;
  return { prev: a.prev, next: a.next };
};
const relatedOf = (model: SiteModel, id: string) => model.articleById.get(id)?.related;

const day = (d: number) => `2021-03-${String(d).padStart(2, "0")} 09:00`;

describe("the site model", () => {
  it("orders articles newest first, ties broken by id", () => {
    const { model } = modelOf(
      projectWith([
        { id: "b", date: day(2), channel: "yaowen" },
        { id: "a", date: day(2), channel: "yaowen" },
        { id: "c", date: day(3), channel: "yaowen" },
      ]),
    );
    expect(model.articles.map((a) => a.story.id)).toEqual(["c", "a", "b"]);
  });

  it("links neighbours within the story's own channel: 上一篇 older, 下一篇 newer, none at the edges", () => {
    const { model } = modelOf(
      projectWith([
        { id: "c1", date: day(1), channel: "chibi" },
        { id: "x2", date: day(2), channel: "xianan" },
        { id: "c3", date: day(3), channel: "chibi" },
        { id: "c5", date: day(5), channel: "chibi" },
      ]),
    );
    expect(neighbours(model, "c1")).toEqual({ prev: undefined, next: "c3" });
    expect(neighbours(model, "c3")).toEqual({ prev: "c1", next: "c5" });
    expect(neighbours(model, "c5")).toEqual({ prev: "c3", next: undefined });
    expect(neighbours(model, "x2")).toEqual({ prev: undefined, next: undefined });
  });

  it("lists a parent channel's children's stories too", () => {
    const { model } = modelOf(
      projectWith([
        { id: "c1", date: day(1), channel: "chibi" },
        { id: "x2", date: day(2), channel: "xianan" },
        { id: "p3", date: day(3), channel: "xianshi" },
        { id: "y4", date: day(4), channel: "yaowen" },
      ]),
    );
    expect(model.channelArticles.get("xianshi")).toEqual(["p3", "x2", "c1"]);
    expect(model.channelArticles.get("chibi")).toEqual(["c1"]);
    expect(model.channelArticles.get("shehui")).toEqual([]);
  });

  it("paginates channel lists with TRS names and gives an empty channel one page", () => {
    const articles: StorySpec[] = Array.from({ length: 41 }, (_, i) => ({ id: `s${i}`, date: `2021-01-01T${String(i % 24).padStart(2, "0")}:${String(i).padStart(2, "0")}:00+08:00`, channel: "shehui" }));
    const { model } = modelOf(projectWith(articles));
    const shehui = model.listPages.filter((p) => p.channel === "shehui");
    expect(shehui.map((p) => [p.route, p.ids.length, p.total])).toEqual([
      ["shehui/index.html", 20, 3],
      ["shehui/index_1.html", 20, 3],
      ["shehui/index_2.html", 1, 3],
    ]);
    expect(model.listPages.filter((p) => p.channel === "yaowen").map((p) => [p.route, p.ids.length])).toEqual([["yaowen/index.html", 0]]);
  });

  it("never publishes drafts", () => {
    const { model } = modelOf(
      projectWith([
        { id: "live", date: day(1), channel: "yaowen", related: ["hidden"] },
        { id: "hidden", date: day(2), channel: "yaowen", extra: "draft: true" },
      ]),
    );
    expect(model.articles.map((a) => a.story.id)).toEqual(["live"]);
    expect(relatedOf(model, "live")).toEqual([]);
    expect(model.outputs.some((o) => o.route.includes("hidden"))).toBe(false);
  });
});

describe("相关新闻", () => {
  it("shows the named ids first, in order, then the stories sharing the most tags, then same channel, newest first", () => {
    const { model } = modelOf(
      projectWith(
        [
          { id: "me", date: day(10), channel: "chibi", tags: ["质量", "赤壁", "标准"], related: ["snip", "old-named", "nothing-here"] },
          { id: "old-named", date: day(1), channel: "yaowen" },
          { id: "two-tags-old", date: day(2), channel: "yaowen", tags: ["质量", "标准"] },
          { id: "two-tags-new", date: day(3), channel: "yaowen", tags: ["质量", "赤壁"] },
          { id: "one-tag-same-channel", date: day(4), channel: "chibi", tags: ["标准"] },
          { id: "one-tag-other", date: day(5), channel: "yaowen", tags: ["赤壁"] },
          { id: "one-tag-other-newer", date: day(6), channel: "shehui", tags: ["质量"] },
          { id: "no-tags-same-channel", date: day(7), channel: "chibi" },
          { id: "no-tags-elsewhere", date: day(8), channel: "shehui" },
        ],
        [{ id: "snip", date: day(9), channel: "yaowen" }],
      ),
    );
    expect(relatedOf(model, "me")).toEqual([
      "snip",
      "old-named",
      "two-tags-new",
      "two-tags-old",
      "one-tag-same-channel",
      "one-tag-other-newer",
      "one-tag-other",
      "no-tags-same-channel",
    ]);
  });

  it("stops at ten items", () => {
    const many: StorySpec[] = Array.from({ length: 15 }, (_, i) => ({ id: `t${i}`, date: day(i + 1), channel: "yaowen", tags: ["共同"] }));
    const { model } = modelOf(projectWith([...many, { id: "me", date: day(20), channel: "shehui", tags: ["共同"] }]));
    expect(relatedOf(model, "me")).toEqual(["t14", "t13", "t12", "t11", "t10", "t9", "t8", "t7", "t6", "t5"]);
  });

  it("leaves out ids that name nothing, with a warning naming the file", () => {
    const { model, diagnostics } = modelOf(projectWith([{ id: "me", date: day(1), channel: "yaowen", related: ["ghost"] }]));
    expect(relatedOf(model, "me")).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining('"ghost"') })]);
  });
});
