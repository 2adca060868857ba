// The xnews command as a user runs it (the compiled CLI in lib/, built by `npm test` first).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, SITE_YML, listTree, storyFile, tempDir, writeProject, xnews } from "./helpers/site.js";



describe("xnews CLI", () => {
  it("prints its version and help", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    expect((await xnews(["--version"], REPO)).stdout.trim()).toBe(pkg.version);
    const help = (await xnews(["build", "--help"], REPO)).stdout;
    for (const flag of ["--content", "--templates", "--out"]) expect(help).toContain(flag);
  });

  it("builds with --content, --templates and --out, and works with default templates from any folder", async () => {
    const project = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": storyFile({ id: "a", date: "2021-03-01 09:00", channel: "chibi" }),
    });
    const out = path.join(tempDir(), "site");
    const r = await xnews(["build", "--content", path.join(project, "content"), "--out", out], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote \d+ pages/);
    expect(listTree(out)).toContain("chibi/202103/t20210301_a.html");
    expect(listTree(out)).toContain("css/site.css");
  });

  it("stops with exit 1, the file and line, no stack trace, and writes nothing on a user's mistake", async () => {
    const project = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": "---\ntitle: 标题\ndate: 2021-03-01\nchannel: chibbi\n---\n正文\n",
    });
    const r = await xnews(["build", "--out", "dist"], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("content/articles/a.md:4:1");
    expect(r.stderr).toContain('did you mean "chibi"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(project, "dist"))).toBe(false);
  });
});
