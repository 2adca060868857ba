import { describe, expect, it } from "vitest";
import { parseStoryDate } from "../src/dates.js";
import { DEFAULT_PERMALINK } from "../src/config.js";
import { articleRoute } from "../src/model/routes.js";
import { safeRoute } from "../src/paths.js";
import { absoluteUrl, basePathOf, linksFrom, linksWithPrefix } from "../src/render/links.js";
import { ROOT_MARKER } from "../src/content/markdown.js";

const date = (text: string) => {
  const r = parseStoryDate(text, "Asia/Shanghai");
  if (!r.ok) throw new Error(r.problem);
  return r.date;
};

describe("permalinks", () => {
  it("follow 咸宁新闻网's own pattern by default", () => {
    expect(articleRoute(DEFAULT_PERMALINK, { id: "chibi-quality-city", channel: "chibi", date: date("2018-12-07 09:30") })).toBe(
      "chibi/201812/t20181207_chibi-quality-city.html",
    );
  });

  it("use the site's local day, not UTC's", () => {
    expect(articleRoute(DEFAULT_PERMALINK, { id: "a", channel: "yaowen", date: date("2018-12-31T23:30:00+08:00") })).toBe("yaowen/201812/t20181231_a.html");
  });

  it("take a pattern from site.yml, with a folder pattern ending in index.html", () => {
    expect(articleRoute("/{yyyy}/{mm}/{id}/", { id: "a", channel: "c", date: date("2021-03-04") })).toBe("2021/03/a/index.html");
  });

  it.each(["../x.html", "a/../../x.html", "a\\b.html", "%2e%2e/x.html", "a/\0.html", "C:/x.html", "a//b.html", "./a.html"])(
    "refuse a path that could leave the output folder: %s",
    (route) => {
      expect(safeRoute(route)).toBeUndefined();
    },
  );
});

describe("links between pages", () => {
  it("are relative, so a site opened from disk works", () => {
    const links = linksFrom("chibi/201812/t20181207_a.html");
    expect(links.to("index.html")).toBe("../../index.html");
    expect(links.to("chibi/index.html")).toBe("../../chibi/index.html");
    expect(linksFrom("index.html").to("chibi/index.html")).toBe("chibi/index.html");
  });

  it("keep the same relative form under a server root and a sub-path", () => {
    // One dist/ for all three: from /news/chibi/index.html, ../index.html is /news/index.html.
    const href = linksFrom("chibi/index.html").to("index.html");
    expect(new URL(href, "https://example.org/news/chibi/index.html").pathname).toBe("/news/index.html");
    expect(new URL(href, "https://example.org/chibi/index.html").pathname).toBe("/index.html");
    expect(new URL(href, "file:///home/u/dist/chibi/index.html").pathname).toBe("/home/u/dist/index.html");
  });

  it("turn covers and body links under public/ into relative ones, leave full URLs", () => {
    const links = linksFrom("chibi/201812/a.html");
    expect(links.asset("/img/a.jpg")).toBe("../../img/a.jpg");
    expect(links.asset("https://cdn.example.org/a.jpg")).toBe("https://cdn.example.org/a.jpg");
    expect(links.body(`<img src="${ROOT_MARKER}img/a.jpg">`)).toBe('<img src="../../img/a.jpg">');
  });

  it("start the 404 page's links from the site's base path", () => {
    expect(basePathOf("https://example.org/news")).toBe("/news/");
    expect(basePathOf("")).toBe("/");
    expect(linksWithPrefix("/news/").to("chibi/index.html")).toBe("/news/chibi/index.html");
  });

  it("make absolute URLs for canonical links under a sub-path", () => {
    expect(absoluteUrl("https://example.org/news", "chibi/index.html")).toBe("https://example.org/news/chibi/index.html");
    expect(absoluteUrl("https://example.org/news", "index.html")).toBe("https://example.org/news/");
    expect(absoluteUrl("", "index.html")).toBeUndefined();
  });
});
