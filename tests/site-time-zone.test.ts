// A site whose time zone has daylight saving starting at midnight: a story dated that day is
// published on that day (its URL, its page, the sitemap), not the evening before.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SITE_YML, readPage, storyFile, writeProject, xnews } from "./helpers/site.js";

describe("a site in America/Sao_Paulo, where 2018-11-04 began at 01:00", () => {
  it("publishes a story dated 2018-11-04 on 2018-11-04", async () => {
    const project = writeProject({
      "content/site.yml": SITE_YML.replace("pageSize: 20", "pageSize: 20\ntimezone: America/Sao_Paulo"),
      "content/articles/gap.md": storyFile({ id: "gap", date: "2018-11-04", channel: "chibi" }),
      "content/articles/before.md": storyFile({ id: "before", date: "2018-11-03 23:30", channel: "chibi" }),
    });
    const r = await xnews(["build"], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = path.join(project, "dist");
    expect(fs.existsSync(path.join(out, "chibi/201811/t20181104_gap.html"))).toBe(true);
    const $ = readPage(out, "chibi/201811/t20181104_gap.html");
    expect($("time").first().attr("datetime")).toBe("2018-11-04T01:00:00-02:00");
    expect($("body").text()).toContain("2018-11-04");
    expect($("body").text()).not.toContain("2018-11-03 23:00");
    const sitemap = fs.readFileSync(path.join(out, "sitemap.xml"), "utf8");
    expect(sitemap).toContain("<lastmod>2018-11-04T01:00:00-02:00</lastmod>");
    // Order still follows the instants (sitemaps list the oldest first): the evening before comes first.
    expect(sitemap.indexOf("t20181103_before.html")).toBeLessThan(sitemap.indexOf("t20181104_gap.html"));
  });
});
