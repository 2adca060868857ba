// The xnews command as a user runs it (the compiled CLI in lib/, built by `npm test` first).
import { spawn } from "node:child_process";
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
    expect(r.stdout).toMatch(/\d+ files in .*: \d+ rendered, \d+ reused from the last build/);
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

describe("xnews messages about the user's setup", () => {
  const project = () => writeProject({ "content/site.yml": SITE_YML, "content/articles/a.md": storyFile({ id: "a", date: "2021-03-01 09:00", channel: "chibi" }) });

  it.each(["", "abc", "99999", "-1", "4000x", "1e3"])("refuses --port %j with a plain message and exit 2", async (port) => {
    const r = await xnews(["dev", "--port", port], project());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`xnews: --port must be a whole number from 0 to 65535 (0: any free port), not "${port}"\n`);
  });

  it.each([
    ["nosuch.invalid", "is not a name this machine can find"],
    ["10.255.255.1", "is not an address of this machine"],
  ])("says what to do about --host %s, with no internal error", async (host, says) => {
    const r = await xnews(["dev", "--host", host, "--port", "0"], project());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`xnews: cannot start the server: --host "${host}" ${says}`);
    expect(r.stderr).not.toContain("internal error");
  });

  it("says what to do about a port this user may not take (EACCES), and a port in use", async () => {
    const { listenProblem } = await import("../src/dev/listen-errors.js");
    expect(listenProblem(Object.assign(new Error("listen EACCES"), { code: "EACCES" }), "127.0.0.1", 80)).toBe(
      "this user may not listen on port 80 (ports below 1024 need administrator rights); use a port from 1024 up, e.g. --port 4000",
    );
    expect(listenProblem(Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" }), "127.0.0.1", 4000)).toContain("port 4000 is in use");
    expect(listenProblem(new Error("something else"), "127.0.0.1", 4000)).toBeUndefined();
  });

  it("does not speak of a previous site when xnews new cannot find the content folder", async () => {
    const r = await xnews(["new", "标题", "--channel", "chibi", "--content", "/nonexistent"], tempDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("site.yml is missing");
    expect(r.stderr).not.toContain("previous site");
  });

  it("shows an output folder above the current one as an absolute path (--out /)", async () => {
    const r = await xnews(["build", "--out", "/"], project());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\/ {2}error: refusing to write the site to \/: it holds the project folder/m);
    expect(r.stderr).not.toContain("../..");
  });
});

describe("npm run gen", () => {
  const gen = (args: string[], cwd: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO, "lib/gen/cli.js"), ...args], { cwd });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("close", (code) => resolve({ code, stderr }));
    });

  it("never replaces a real site's content/ (--out .)", async () => {
    const site = writeProject({ "content/site.yml": SITE_YML, "content/articles/a.md": storyFile({ id: "a", date: "2021-03-01 09:00", channel: "chibi" }) });
    const before = listTree(path.join(site, "content"));
    const r = await gen(["--articles", "20", "--out", "."], site);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("was not made by the generator; not replacing it");
    expect(listTree(path.join(site, "content"))).toEqual(before);
    expect(fs.readFileSync(path.join(site, "content/site.yml"), "utf8")).toBe(SITE_YML);
  });

  it("writes into an empty folder, and replaces only a corpus it made itself", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "content"));
    expect((await gen(["--articles", "20", "--out", dir], dir)).code).toBe(0);
    const first = listTree(path.join(dir, "content")).length;
    expect(first).toBeGreaterThan(20);
    const again = await gen(["--articles", "30", "--out", dir], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(listTree(path.join(dir, "content")).length).toBeGreaterThan(first);
  });
});
