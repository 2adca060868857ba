// The output folder as a web server sees it: modes a server running as another user can read, a
// mount point or a symbolic link kept in place and still updated, folders beside it that xnews did
// not make left alone, and builds that meet each other or a killed build's leftovers.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { stageOutput } from "../src/output/staged-output.js";
import { LiveFolder, MARKER_FILE } from "../src/output/writer.js";
import { REPO, SITE_YML, fingerprint, listTree, storyFile, tempDir, workFolders, writeProject, xnews } from "./helpers/site.js";

function project(extra: Record<string, string> = {}): string {
  return writeProject({
    "content/site.yml": SITE_YML,
    "content/articles/a.md": storyFile({ id: "a", title: "第一篇", date: "2021-03-01 09:00", channel: "chibi" }),
    "content/articles/b.md": storyFile({ id: "b", title: "第二篇", date: "2021-03-02 09:00", channel: "yaowen" }),
    ...extra,
  });
}


/** Every folder and file under `dir` (itself included) with its permission bits. */
function modes(dir: string): Map<string, number> {
  const out = new Map<string, number>([[".", fs.statSync(dir).mode & 0o777]]);
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) out.set(rel, fs.statSync(path.join(dir, rel)).mode & 0o777);
  return out;
}

/** Runs the CLI from a shell with the given umask, as a user's terminal would. */
function buildWithUmask(cwd: string, umask: string): string {
  return execFileSync("sh", ["-c", `umask ${umask} && "${process.execPath}" "${path.join(REPO, "lib/cli.js")}" build`], { cwd, encoding: "utf8" });
}

describe("modes of the output", () => {
  it.each([
    ["022", 0o755, 0o644],
    ["027", 0o750, 0o640],
    ["002", 0o775, 0o664],
  ])("under umask %s are what mkdir and writeFile give, on the first build and after a swap", (umask, dirMode, fileMode) => {
    const dir = project({ "public/img/private.png": "png" });
    // A public/ file kept private by its owner is still published readable: it is the site's.
    fs.chmodSync(path.join(dir, "public/img/private.png"), 0o600);
    for (let run = 0; run < 2; run++) {
      buildWithUmask(dir, umask);
      const dist = path.join(dir, "dist");
      for (const [rel, mode] of modes(dist)) {
        const isDir = fs.statSync(path.join(dist, rel)).isDirectory();
        expect([rel, mode.toString(8)]).toEqual([rel, (isDir ? dirMode : fileMode).toString(8)]);
      }
    }
  });
});

describe("an output folder that is a symbolic link", () => {
  it("stays a link; the folder it leads to is updated in place, and the build says so once", async () => {
    const dir = project();
    const served = path.join(tempDir("xnews-www-"), "site");
    fs.mkdirSync(served);
    fs.symlinkSync(served, path.join(dir, "dist"));
    const inode = fs.statSync(served).ino;
    let r = await xnews(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/note: .*symbolic link.*contents were swapped/g)).toHaveLength(1);
    expect(fs.readFileSync(path.join(served, "chibi/202103/t20210301_a.html"), "utf8")).toContain("第一篇");
    fs.writeFileSync(path.join(dir, "content/articles/c.md"), storyFile({ id: "c", title: "第三篇", date: "2021-03-03 09:00", channel: "chibi" }));
    fs.rmSync(path.join(dir, "content/articles/a.md"));
    r = await xnews(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.lstatSync(path.join(dir, "dist")).isSymbolicLink()).toBe(true);
    expect(fs.statSync(served).ino).toBe(inode);
    expect(fs.existsSync(path.join(served, "chibi/202103/t20210303_c.html"))).toBe(true);
    expect(fs.existsSync(path.join(served, "chibi/202103/t20210301_a.html"))).toBe(false);
    // Exactly what a build into a plain folder writes, and no work folder left inside.
    const plain = await xnews(["build", "--out", "plain"], dir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(fingerprint(served)).toEqual(fingerprint(path.join(dir, "plain")));
    expect(fs.readdirSync(served).filter((n) => n.startsWith(".") && n !== ".xnews-output")).toEqual([]);
  });

  it("that leads nowhere is refused with a located error, and nothing is made", async () => {
    const dir = project();
    fs.symlinkSync(path.join(dir, "nowhere"), path.join(dir, "dist"));
    const r = await xnews(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("dist  error: dist is a symbolic link to");
    expect(r.stderr).toContain("which does not exist");
    expect(fs.existsSync(path.join(dir, "nowhere"))).toBe(false);
  });

  it("that leads to the project's own sources is refused", async () => {
    const dir = project();
    fs.symlinkSync(path.join(dir, "content"), path.join(dir, "dist"));
    const r = await xnews(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("refusing to write the site into the content folder");
    expect(fs.existsSync(path.join(dir, "content/site.yml"))).toBe(true);
  });
});

describe("an output folder that is a mount point (a Docker volume)", () => {
  it("is built into, twice, its contents swapped and the mount kept, and the build says so", () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "dist"));
    const cli = `"${process.execPath}" "${path.join(REPO, "lib/cli.js")}"`;
    // In a mount namespace of its own (no root needed), dist/ gets a tmpfs of its own; what the
    // builds leave there is copied out before the namespace, and the mount, go away.
    const script = [
      "set -e",
      "mount -t tmpfs xnews-test dist",
      `${cli} build > first.log 2>&1`,
      "printf '%s\\n' --- 'title: 第三篇' 'date: 2021-03-03 09:00' 'channel: chibi' --- '' '正文。' > content/articles/c.md",
      `${cli} build > second.log 2>&1`,
      "if mountpoint -q dist; then echo mounted > mount.log; fi",
      "stat -c %a dist > mode.log",
      "cp -r dist seen",
    ].join("\n");
    execFileSync("unshare", ["-rm", "sh", "-c", script], { cwd: dir, encoding: "utf8" });
    for (const log of ["first.log", "second.log"]) {
      const text = fs.readFileSync(path.join(dir, log), "utf8");
      expect(text).toMatch(/note: dist is a mount point, so its contents were swapped entry by entry/);
      expect(text).not.toContain("internal error");
    }
    expect(fs.readFileSync(path.join(dir, "mount.log"), "utf8").trim()).toBe("mounted");
    fs.rmSync(path.join(dir, "dist"), { recursive: true, force: true });
    execFileSync(process.execPath, [path.join(REPO, "lib/cli.js"), "build", "--out", "plain"], { cwd: dir });
    expect(fingerprint(path.join(dir, "seen"))).toEqual(fingerprint(path.join(dir, "plain")));
    expect(fs.readdirSync(path.join(dir, "seen")).filter((n) => n.startsWith(".xnews-") && n !== ".xnews-output")).toEqual([]);
  });
});

describe("folders beside the output", () => {
  it("that xnews did not make are never deleted, emptied or put in the output's place", async () => {
    const dir = project();
    const theirs = [".dist.old-12345", ".dist.old-999999-0", ".dist.new-999999-abcdef", ".dist.new-notes"];
    for (const name of theirs) writeProject({ [`${name}/keep.txt`]: `mine: ${name}` }, dir);
    const r = await xnews(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    for (const name of theirs) expect(fs.readFileSync(path.join(dir, name, "keep.txt"), "utf8")).toBe(`mine: ${name}`);
    expect(fs.existsSync(path.join(dir, "dist/keep.txt"))).toBe(false);
    // With no dist/ at all, a look-alike of a set-aside site is still not taken for one.
    fs.rmSync(path.join(dir, "dist"), { recursive: true });
    const again = await xnews(["build"], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, "dist/keep.txt"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, ".dist.old-999999-0/keep.txt"), "utf8")).toBe("mine: .dist.old-999999-0");
  });
});

describe("cleaning up beside the output", () => {
  it("never follows a link that merely has the name of a leftover", async () => {
    const dir = project();
    const backup = path.join(tempDir("xnews-backup-"), "site");
    writeProject({ [`${MARKER_FILE}`]: "x", "index.html": "备份", "chibi/index.html": "备份" }, backup);
    fs.symlinkSync(backup, path.join(dir, ".dist.old-999999-0"));
    fs.symlinkSync(backup, path.join(dir, ".dist.new-999999-abc"));
    const r = await xnews(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(listTree(backup)).toEqual([MARKER_FILE, "chibi/index.html", "index.html"]);
    expect(fs.lstatSync(path.join(dir, ".dist.old-999999-0")).isSymbolicLink()).toBe(true);
  });
});

describe("a swap that meets another build's", () => {
  /** Runs `commit` while another build's site lands at `target` just before our rename into it. */
  function commitMeeting(commit: () => void, isOurRenameInto: (from: string, to: string) => boolean, landThere: () => void): number {
    const rename = fs.renameSync;
    let met = 0;
    const spy = vi.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (met === 0 && isOurRenameInto(String(from), String(to))) {
        met++;
        landThere();
      }
      return rename(from, to);
    });
    try {
      commit();
    } finally {
      spy.mockRestore();
    }
    return met;
  }

  it("sets the other site aside too and puts its own in place (folder swapped whole)", () => {
    const base = tempDir("xnews-race-");
    const out = path.join(base, "dist");
    writeProject({ [MARKER_FILE]: "x", "index.html": "旧" }, out);
    const staged = stageOutput(out);
    staged.writer.write("index.html", "我的");
    const met = commitMeeting(
      () => staged.commit(),
      (from, to) => from.includes(".dist.new-") && to === out,
      () => writeProject({ [MARKER_FILE]: "x", "index.html": "别人的", "chibi/index.html": "别人的" }, out),
    );
    expect(met).toBe(1);
    expect(listTree(out)).toEqual([MARKER_FILE, "index.html"]);
    expect(fs.readFileSync(path.join(out, "index.html"), "utf8")).toBe("我的");
    expect(fs.readdirSync(base)).toEqual(["dist"]);
  });

  it("sets the other entry aside too and puts its own in place (contents swapped, through a link)", () => {
    const base = tempDir("xnews-race-");
    const real = path.join(base, "www");
    writeProject({ [MARKER_FILE]: "x", "index.html": "旧", "chibi/index.html": "旧" }, real);
    fs.symlinkSync(real, path.join(base, "dist"));
    const staged = stageOutput(path.join(base, "dist"));
    staged.writer.write("index.html", "我的");
    staged.writer.write("chibi/index.html", "我的");
    const met = commitMeeting(
      () => staged.commit(),
      (from, to) => from.includes(".xnews-new-") && to === path.join(real, "chibi"),
      () => writeProject({ "chibi/other.html": "别人的" }, real),
    );
    expect(met).toBe(1);
    expect(listTree(real)).toEqual([MARKER_FILE, "chibi/index.html", "index.html"]);
    expect(fs.readFileSync(path.join(real, "chibi/index.html"), "utf8")).toBe("我的");
    expect(fs.readdirSync(real).sort()).toEqual([MARKER_FILE, "chibi", "index.html"]);
  });
});

describe("a build after one killed between its two renames", () => {
  it("puts the previous site back first, so that a build stopped by a content error tells the truth", async () => {
    const dir = project();
    expect((await xnews(["build"], dir)).code).toBe(0);
    const before = fingerprint(path.join(dir, "dist"));
    // What a build killed between `dist → .dist.old-PID-0` and `staging → dist` leaves.
    fs.renameSync(path.join(dir, "dist"), path.join(dir, ".dist.old-999999-0"));
    fs.writeFileSync(path.join(dir, "content/articles/a.md"), "---\ntitle: 坏稿\ndate: 2021-02-30\nchannel: chibi\n---\n");
    const r = await xnews(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Nothing was written; the previous site is unchanged.");
    expect(fingerprint(path.join(dir, "dist"))).toEqual(before);
    expect(workFolders(dir)).toEqual([]);
  });
});

describe("builds that run at the same time", () => {
  it("all succeed and leave one whole site, with nothing left beside it", async () => {
    const dir = project();
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [path.join(REPO, "lib/cli.js"), "build"], { cwd: dir });
          let stderr = "";
          child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
          child.on("close", (code) => resolve({ code, stderr }));
        }),
      ),
    );
    for (const r of runs) expect(r, r.stderr).toEqual({ code: 0, stderr: "" });
    const plain = await xnews(["build", "--out", "plain"], dir);
    expect(plain.code).toBe(0);
    expect(fingerprint(path.join(dir, "dist"))).toEqual(fingerprint(path.join(dir, "plain")));
    expect(workFolders(dir)).toEqual([]);
  });
});

describe("a public/ file larger than 2 GiB (a video)", () => {
  it("is copied without being read into memory", async () => {
    const dir = project();
    const video = path.join(dir, "public/video/big.mp4");
    fs.mkdirSync(path.dirname(video), { recursive: true });
    const size = 2 * 1024 ** 3 + 4096; // past what one readFile can hold
    const fd = fs.openSync(video, "w");
    fs.writeSync(fd, "head");
    fs.ftruncateSync(fd, size - 4);
    fs.writeSync(fd, "tail", size - 4);
    fs.closeSync(fd);
    try {
      const r = await xnews(["build"], dir);
      expect(r.code, r.stderr).toBe(0);
      const copy = path.join(dir, "dist/video/big.mp4");
      expect(fs.statSync(copy).size).toBe(size);
      const tail = Buffer.alloc(4);
      const cfd = fs.openSync(copy, "r");
      fs.readSync(cfd, tail, 0, 4, size - 4);
      fs.closeSync(cfd);
      expect(tail.toString()).toBe("tail");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("xnews dev's writer in its live output folder", () => {
  function setUp() {
    const base = tempDir("xnews-live-");
    const root = path.join(base, "dist");
    const outside = path.join(base, "outside");
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, "page.html"), "not the site's");
    return { root, outside, writer: new LiveFolder(root) };
  }

  it("replaces a folder link instead of writing through it", () => {
    const { root, outside, writer } = setUp();
    fs.symlinkSync(outside, path.join(root, "chibi"));
    writer.write("chibi/page.html", "the site's page");
    expect(fs.readFileSync(path.join(outside, "page.html"), "utf8")).toBe("not the site's");
    expect(fs.lstatSync(path.join(root, "chibi")).isDirectory()).toBe(true);
    expect(fs.readFileSync(path.join(root, "chibi/page.html"), "utf8")).toBe("the site's page");
  });

  it("replaces a file link instead of writing through it", () => {
    const { root, outside, writer } = setUp();
    fs.symlinkSync(path.join(outside, "page.html"), path.join(root, "page.html"));
    writer.write("page.html", "the site's page");
    expect(fs.readFileSync(path.join(outside, "page.html"), "utf8")).toBe("not the site's");
    expect(fs.lstatSync(path.join(root, "page.html")).isFile()).toBe(true);
  });

  it("deletes nothing through a link, and prunes only the folders it empties", () => {
    const { root, outside, writer } = setUp();
    fs.symlinkSync(outside, path.join(root, "chibi"));
    writer.remove("chibi/page.html");
    expect(fs.existsSync(path.join(outside, "page.html"))).toBe(true);
    writer.write("a/b/c.html", "x");
    writer.write("a/d.html", "y");
    writer.remove("a/b/c.html");
    expect(fs.existsSync(path.join(root, "a/b"))).toBe(false);
    expect(fs.existsSync(path.join(root, "a/d.html"))).toBe(true);
  });
});
