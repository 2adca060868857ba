// The xnews command as a user runs it (the compiled CLI in lib/, built by `npm test` first).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, SITE_YML, listTree, storyFile, tempDir, writeProject } from "./helpers/site.js";

const CLI = path.join(REPO, "lib/cli.js");

function xnews(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("xnews CLI", () => {
  it("prints its version and help", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    expect(xnews(["--version"]).stdout.trim()).toBe(pkg.version);
    const help = xnews(["build", "--help"]).stdout;
    for (const flag of ["--content", "--templates", "--out"]) expect(help).toContain(flag);
  });

  it("builds with --content, --templates and --out, and works with default templates from any folder", () => {
    const project = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": storyFile({ id: "a", date: "2021-03-01 09:00", channel: "chibi" }),
    });
    const out = path.join(tempDir(), "site");
    const r = xnews(["build", "--content", path.join(project, "content"), "--out", out], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote \d+ pages/);
    expect(listTree(out)).toContain("chibi/202103/t20210301_a.html");
    expect(listTree(out)).toContain("css/site.css");
  });

  it("stops with exit 1, the file and line, no stack trace, and writes nothing on a user's mistake", () => {
    const project = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": "---\ntitle: 标题\ndate: 2021-03-01\nchannel: chibbi\n---\n正文\n",
    });
    const r = xnews(["build", "--out", "dist"], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("content/articles/a.md:4:1");
    expect(r.stderr).toContain('did you mean "chibi"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(project, "dist"))).toBe(false);
  });
});
