// `xnews build` with its cache renders only what changed, and its output equals a cold build of the
// same content, byte for byte, whatever happened in between: a story published, a body edited,
// nothing changed, a template or site.yml changed, a file of the site touched by hand, a cache
// truncated, garbled or foreign, a build killed part-way.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { laterInputsUnchanged, stampInputs } from "../src/build/inputs.js";
import { BuildCache } from "../src/build/cache.js";
import { generateCorpus } from "../src/gen/corpus.js";
import { REPO, fingerprint, listTree, stagedFiles, storyFile, tempDir, workFolders, xnews } from "./helpers/site.js";

let corpus: string;
/** The corpus's story files: 300 articles and their snippets. */
const STORY_FILES = 330;

beforeAll(() => {
  corpus = tempDir("xnews-cache-src-");
  generateCorpus({ articles: 300, seed: "cache", outDir: corpus });
});

/** A copy of the corpus whose files were saved a minute ago (a file saved within the last moment is read again every time). */
function project(): string {
  const dir = tempDir("xnews-cache-");
  fs.cpSync(corpus, dir, { recursive: true });
  const past = new Date(Date.now() - 60_000);
  for (const f of listTree(path.join(dir, "content"))) fs.utimesSync(path.join(dir, "content", f), past, past);
  return dir;
}


interface Counts {
  files: number;
  rendered: number;
  reused: number;
  read: number;
}

/** Builds with the cache (in the project's .xnews-cache); returns the summary's counts. */
async function build(dir: string, ...args: string[]): Promise<Counts & { stdout: string; stderr: string }> {
  const r = await xnews(["build", ...args], dir);
  expect(r.code, r.stderr).toBe(0);
  const m = /([\d,]+) files in .*: ([\d,]+) rendered, ([\d,]+) reused from the last build; ([\d,]+) story files read/.exec(r.stdout);
  expect(m, r.stdout).not.toBeNull();
  const n = (i: number) => Number(m![i]!.replace(/,/g, ""));
  return { files: n(1), rendered: n(2), reused: n(3), read: n(4), stdout: r.stdout, stderr: r.stderr };
}

/** The build's output equals a cold build of the same content into another folder. */
async function expectSameAsColdBuild(dir: string): Promise<void> {
  const cold = await xnews(["build", "--no-cache", "--out", "cold"], dir);
  expect(cold.code, cold.stderr).toBe(0);
  expect(fingerprint(path.join(dir, "dist"))).toEqual(fingerprint(path.join(dir, "cold")));
  fs.rmSync(path.join(dir, "cold"), { recursive: true });
}

const articleFiles = (dir: string) => listTree(path.join(dir, "content/articles")).map((f) => path.join(dir, "content/articles", f));

/** Dates a file a minute back: a file saved within the last moment is read again on every build. */
function age(file: string): void {
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
}

/** The output folder's identity: it changes when a build swaps a new site in. */
const folderId = (dir: string) => fs.statSync(path.join(dir, "dist")).ino;

/** A new story, the newest of the site, on the day of the newest so far (so the footer's year stays). */
function newStory(dir: string, id: string): void {
  const dates = articleFiles(dir).map((f) => /^date: "?(\d{4}-\d\d-\d\d)/m.exec(fs.readFileSync(f, "utf8"))![1]!);
  const date = `${dates.sort().at(-1)} 23:59`;
  const channel = /^channel: (.*)$/m.exec(fs.readFileSync(articleFiles(dir)[0]!, "utf8"))![1]!;
  fs.writeFileSync(path.join(dir, `content/articles/${id}.md`), storyFile({ id, title: `新发布的稿件 ${id}`, date, channel, tags: ["赤壁"], body: `刚刚发布的正文 ${id}。` }));
}

describe("a build with the cache", () => {
  it("with nothing changed renders nothing, reads no story, and writes what a cold build writes", async () => {
    const dir = project();
    const first = await build(dir);
    expect(first.rendered).toBe(first.files);
    const again = await build(dir);
    expect(again).toMatchObject({ rendered: 0, reused: first.files, read: 0 });
    await expectSameAsColdBuild(dir);
  });

  it("publishing one story reads one file and renders a few pages, not the site", async () => {
    const dir = project();
    const first = await build(dir);
    const before = new Set(listTree(path.join(dir, "dist")));
    newStory(dir, "fresh-one");
    const publish = await build(dir);
    expect(publish.read).toBe(1);
    // Its page, and search files (the story's, when it starts a new file; the index's, when the
    // index is cut into more files as it grows).
    const added = listTree(path.join(dir, "dist")).filter((f) => !before.has(f));
    expect(added.filter((f) => !f.startsWith("search/"))).toEqual([expect.stringMatching(/_fresh-one\.html$/)]);
    expect(publish.rendered).toBeGreaterThan(3);
    expect(publish.rendered).toBeLessThan(first.files / 5);
    await expectSameAsColdBuild(dir);
  });

  it("editing one story's body, title or tags matches a cold build", async () => {
    const dir = project();
    await build(dir);
    const [a, b, c] = articleFiles(dir);
    fs.appendFileSync(a!, "\n新增的一段正文。\n");
    expect((await build(dir)).read).toBe(1);
    await expectSameAsColdBuild(dir);
    fs.writeFileSync(b!, fs.readFileSync(b!, "utf8").replace(/^title: .*$/m, 'title: "改过的标题"'));
    fs.writeFileSync(c!, fs.readFileSync(c!, "utf8").replace(/^tags: .*$/m, "tags: [新标签, 赤壁]"));
    await build(dir);
    await expectSameAsColdBuild(dir);
    fs.rmSync(b!);
    await build(dir);
    await expectSameAsColdBuild(dir);
  });

  it("after a template, site.yml or public/ change matches a cold build", async () => {
    const dir = project();
    await build(dir);
    fs.mkdirSync(path.join(dir, "templates/partials"), { recursive: true });
    fs.writeFileSync(path.join(dir, "templates/partials/footer.njk"), fs.readFileSync(path.join(REPO, "templates/partials/footer.njk"), "utf8").replace("版权所有", "版权所有 · 改"));
    const templated = await build(dir);
    // The old site would be a poor spare (most of its pages stale): the spare is the new site, linked.
    const pages = listTree(path.join(dir, "dist")).filter((f) => f.endsWith(".html"));
    expect(templated.rendered).toBe(pages.length);
    const inode = (root: string, route: string) => fs.statSync(path.join(dir, root, route)).ino;
    for (const page of pages) expect(inode(".dist.spare", page)).toBe(inode("dist", page));
    await expectSameAsColdBuild(dir);
    const yml = path.join(dir, "content/site.yml");
    fs.writeFileSync(yml, fs.readFileSync(yml, "utf8").replace(/^title: .*$/m, 'title: "改名的新闻网"'));
    await build(dir);
    await expectSameAsColdBuild(dir);
    fs.mkdirSync(path.join(dir, "public/img"), { recursive: true });
    fs.writeFileSync(path.join(dir, "public/img/a.txt"), "一");
    await build(dir);
    fs.writeFileSync(path.join(dir, "public/img/a.txt"), "二");
    await build(dir);
    await expectSameAsColdBuild(dir);
  });

  it("writes again a file of the site that was changed or deleted by hand", async () => {
    const dir = project();
    await build(dir);
    const dist = path.join(dir, "dist");
    const pages = listTree(dist).filter((f) => f.endsWith(".html"));
    fs.writeFileSync(path.join(dist, pages[5]!), "changed by hand");
    fs.rmSync(path.join(dist, pages[9]!));
    const again = await build(dir);
    // The file changed in place is changed in the spare too (one inode): made again. The deleted
    // one is still in the spare as the last build wrote it: kept, not rendered.
    expect(again.rendered).toBe(1);
    await expectSameAsColdBuild(dir);
  });

  it("with no input changed leaves the site as it is, not even swapped in again, and gives the same warnings", async () => {
    const dir = project();
    const [story] = articleFiles(dir);
    fs.writeFileSync(story!, fs.readFileSync(story!, "utf8").replace(/^title: /m, "subtitel: 副题\ntitle: "));
    age(story!);
    const first = await build(dir);
    expect(first.stderr).toMatch(/unknown field "subtitel" is ignored/);
    const live = folderId(dir);
    const again = await build(dir);
    expect(again).toMatchObject({ rendered: 0, reused: first.files, read: 0, stderr: first.stderr });
    expect(folderId(dir)).toBe(live);
    // A file added to the site by hand: the site is no longer the one written, and is built again.
    fs.writeFileSync(path.join(dir, "dist/stray.html"), "added by hand");
    expect(await build(dir)).toMatchObject({ rendered: 0, read: 0 });
    expect(fs.existsSync(path.join(dir, "dist/stray.html"))).toBe(false);
    // A file saved again as it was is read again; the site is then built (and swapped) as usual.
    fs.appendFileSync(story!, "");
    fs.utimesSync(story!, new Date(), new Date(Date.now() - 30_000));
    const before = folderId(dir);
    const touched = await build(dir);
    expect(touched).toMatchObject({ rendered: 0, read: 1, stderr: first.stderr });
    expect(folderId(dir)).not.toBe(before);
    await expectSameAsColdBuild(dir);
  });

  it("trusts its inputs' key only if the templates and public/ still hold what was stamped before the stories were read", async () => {
    const dir = project();
    const paths = { contentDir: path.join(dir, "content"), templatesDir: path.join(dir, "templates"), publicDir: path.join(dir, "public"), outDir: path.join(dir, "dist") };
    fs.mkdirSync(paths.publicDir, { recursive: true });
    const inputs = stampInputs(paths);
    expect(laterInputsUnchanged(inputs)).toBe(true);
    fs.writeFileSync(path.join(paths.publicDir, "came-meanwhile.txt"), "一");
    expect(laterInputsUnchanged(inputs)).toBe(false);
    fs.rmSync(path.join(paths.publicDir, "came-meanwhile.txt"));
    expect(laterInputsUnchanged(inputs)).toBe(true);
  });

  it.each([
    ["truncated", (f: string) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ["garbled", (f: string) => {
      const bytes = fs.readFileSync(f);
      for (let i = 100; i < bytes.length; i += 997) bytes[i] = bytes[i]! ^ 0x5a;
      fs.writeFileSync(f, bytes);
    }],
    ["foreign", (f: string) => fs.writeFileSync(f, "this is not xnews's cache\n".repeat(50))],
    ["empty", (f: string) => fs.writeFileSync(f, "")],
  ])("ignores a %s cache with a one-line notice, and still writes what a cold build writes", async (_, spoil) => {
    const dir = project();
    await build(dir);
    const cacheFiles = fs.readdirSync(path.join(dir, ".xnews-cache")).map((f) => path.join(dir, ".xnews-cache", f));
    // The readings, the outputs' record, and a title and a text index per month of stories.
    expect(cacheFiles.filter((f) => !path.basename(f).startsWith("search-")).length).toBe(2);
    expect(cacheFiles.filter((f) => path.basename(f).startsWith("search-")).length).toBeGreaterThan(2);
    for (const f of cacheFiles) spoil(f);
    newStory(dir, "after-spoiling");
    const r = await build(dir);
    // One notice for each of the first two, one for all the search index's.
    expect(r.stderr.trim().split("\n")).toHaveLength(3);
    expect(r.stderr).toMatch(/note: the build cache file .* could not be used .*; it is rebuilt/);
    expect(r.read).toBe(STORY_FILES + 1);
    await expectSameAsColdBuild(dir);
    // The cache was written anew: the next build uses it.
    expect((await build(dir)).rendered).toBe(0);
  });

  it("writes over, without a notice, a cache in another format of xnews's (an older version's)", async () => {
    const dir = project();
    await build(dir);
    for (const f of fs.readdirSync(path.join(dir, ".xnews-cache"))) {
      const file = path.join(dir, ".xnews-cache", f);
      const bytes = fs.readFileSync(file);
      const firstLine = bytes.indexOf(10);
      fs.writeFileSync(file, Buffer.concat([Buffer.from("xnews-cache 3"), bytes.subarray(firstLine)]));
    }
    newStory(dir, "after-upgrade");
    const r = await build(dir);
    expect(r.stderr).toBe("");
    expect(r.read).toBe(STORY_FILES + 1);
    await expectSameAsColdBuild(dir);
    expect((await build(dir)).rendered).toBe(0);
  });

  it("renders byte-identical files with --jobs 1 and --jobs 4", async () => {
    const dir = project();
    await build(dir, "--no-cache", "--jobs", "1", "--out", "one");
    await build(dir, "--no-cache", "--jobs", "4", "--out", "four");
    expect(fingerprint(path.join(dir, "four"))).toEqual(fingerprint(path.join(dir, "one")));
    const bad = await xnews(["build", "--jobs", "0"], dir);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining("--jobs must be a whole number from 1 to 256")]);
  });

  it("refuses a cache folder where it would be published or mixed with the sources", async () => {
    const dir = project();
    for (const where of ["public", "dist/cache", "content/cache", "."]) {
      const r = await xnews(["build", "--cache", where], dir);
      expect(r.code, where).toBe(1);
      expect(r.stderr).toMatch(/^--cache {2}error: the build cache .* would be in or around the (public|output|content) folder/m);
    }
    expect(fs.existsSync(path.join(dir, "dist"))).toBe(false);
  });

  it("is dropped by xnews clean, which leaves a folder that is not a cache alone", async () => {
    const dir = project();
    await build(dir);
    const clean = await xnews(["clean"], dir);
    expect(clean.code, clean.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, ".xnews-cache"))).toBe(false);
    expect((await build(dir)).read).toBe(STORY_FILES);
    fs.mkdirSync(path.join(dir, "notes"));
    fs.writeFileSync(path.join(dir, "notes/todo.txt"), "mine");
    const refused = await xnews(["clean", "--cache", "notes"], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("not xnews's build cache");
    expect(fs.readFileSync(path.join(dir, "notes/todo.txt"), "utf8")).toBe("mine");
  });
});

describe("the spare, the site of two builds ago that the next build stages into", () => {
  const spare = (dir: string) => path.join(dir, ".dist.spare");

  it("is kept beside the site, and every build staged into it equals a cold build", async () => {
    const dir = project();
    await build(dir);
    // A first build has no old site to keep: the spare is its own files, linked, not copied.
    const inode = (root: string, route: string) => fs.statSync(path.join(root, route)).ino;
    const first = listTree(path.join(dir, "dist")).filter((f) => f !== ".xnews-output");
    expect(listTree(spare(dir)).filter((f) => f !== ".xnews-output" && f !== ".xnews-spare")).toEqual(first);
    for (const route of first) expect(inode(spare(dir), route)).toBe(inode(path.join(dir, "dist"), route));
    newStory(dir, "spare-one");
    age(path.join(dir, "content/articles/spare-one.md"));
    await build(dir);
    expect(fs.existsSync(spare(dir))).toBe(true);
    await expectSameAsColdBuild(dir);
    const [a, b] = articleFiles(dir);
    fs.appendFileSync(a!, "\n第一次补充的正文。\n");
    expect((await build(dir)).read).toBe(1);
    await expectSameAsColdBuild(dir);
    fs.writeFileSync(b!, fs.readFileSync(b!, "utf8").replace(/^title: .*$/m, 'title: "又改过的标题"'));
    await build(dir);
    await expectSameAsColdBuild(dir);
    fs.rmSync(path.join(dir, "content/articles/spare-one.md"));
    await build(dir);
    await expectSameAsColdBuild(dir);
    expect(workFolders(dir)).toEqual([]);
  });

  it("never brings into the site a file added, changed or deleted by hand in the site or in the spare", async () => {
    const dir = project();
    await build(dir);
    newStory(dir, "by-hand-one");
    await build(dir);
    const dist = path.join(dir, "dist");
    const pages = listTree(spare(dir)).filter((f) => f.endsWith(".html"));
    fs.writeFileSync(path.join(dist, "junk.html"), "added to the site by hand");
    fs.writeFileSync(path.join(spare(dir), "extra.html"), "added to the spare by hand");
    fs.rmSync(path.join(spare(dir), pages[3]!));
    fs.rmSync(path.join(spare(dir), pages[4]!));
    fs.writeFileSync(path.join(spare(dir), pages[4]!), "a new file in its place");
    fs.appendFileSync(path.join(spare(dir), pages[5]!), "changed in place, and so in the site too");
    // A page of the site replaced by a file of the same size: the spare still links the page written.
    const inSite = path.join(dist, pages[6]!);
    const size = fs.statSync(inSite).size;
    fs.rmSync(inSite);
    fs.writeFileSync(inSite, "y".repeat(size));
    // Story pages a publish leaves alone, replaced by files of the same size: only the inode tells.
    for (const page of pages.filter((p) => /\/\d{6}\/t\d{8}_/.test(p)).slice(-5)) {
      const replaced = path.join(spare(dir), page);
      const length = fs.statSync(replaced).size;
      fs.rmSync(replaced);
      fs.writeFileSync(replaced, "x".repeat(length));
    }
    for (let round = 0; round < 2; round++) {
      newStory(dir, `by-hand-${round + 2}`);
      await build(dir);
      await expectSameAsColdBuild(dir);
    }
  });

  it("that the cache does not know is deleted, not staged into", async () => {
    const dir = project();
    await build(dir);
    newStory(dir, "unknown-one");
    await build(dir);
    fs.writeFileSync(path.join(spare(dir), ".xnews-spare"), "another id");
    fs.writeFileSync(path.join(spare(dir), "extra.html"), "not in the site");
    newStory(dir, "unknown-two");
    await build(dir);
    await expectSameAsColdBuild(dir);
    // A file in the spare's place is left as it is; the old site is then deleted, not kept.
    fs.rmSync(spare(dir), { recursive: true });
    fs.writeFileSync(spare(dir), "a file of the user's");
    newStory(dir, "unknown-three");
    await build(dir);
    await expectSameAsColdBuild(dir);
    expect(fs.readFileSync(spare(dir), "utf8")).toBe("a file of the user's");
    expect(workFolders(dir)).toEqual([]);
    fs.rmSync(spare(dir));
    newStory(dir, "unknown-four");
    await build(dir);
    // And a build without the cache leaves the spare alone, for the builds that use it.
    fs.writeFileSync(path.join(spare(dir), "kept.txt"), "left alone");
    const plain = await xnews(["build", "--no-cache"], dir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(fs.readFileSync(path.join(spare(dir), "kept.txt"), "utf8")).toBe("left alone");
  });
});

/** Starts `xnews build` and kills it once `when()` holds; says whether the kill landed before the build ended. */
function buildKilledWhen(dir: string, when: () => boolean): Promise<{ killed: boolean; finished: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, "lib/cli.js"), "build", "--quiet"], { cwd: dir, stdio: "ignore" });
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && when()) {
        killed = true;
        child.kill("SIGKILL");
      }
    }, 2);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ killed, finished: code === 0 });
    });
  });
}


describe("a publish killed part-way", () => {
  it("leaves the previous site or the whole new one, and the next build equals a cold build", async () => {
    const dir = project();
    await build(dir);
    const dist = path.join(dir, "dist");
    const before = fingerprint(dist);
    newStory(dir, "killed-publish");
    await build(dir, "--out", "reference", "--no-cache");
    const after = fingerprint(path.join(dir, "reference"));
    let landed = 0;
    for (const fraction of [0.1, 0.5, 0.9, 1]) {
      const { killed, finished } = await buildKilledWhen(dir, () => stagedFiles(dir) >= before.size * fraction || fs.readdirSync(dir).some((n) => n.startsWith(".dist.old-")));
      if (killed && !finished) landed++;
      const served = fs.existsSync(dist) ? fingerprint(dist) : fingerprint(path.join(dir, fs.readdirSync(dir).find((n) => n.startsWith(".dist.old-"))!));
      expect(served.size === before.size ? before : after).toEqual(served);
      // Back to the previous site, built with the cache, for the next kill.
      fs.renameSync(path.join(dir, "content/articles/killed-publish.md"), path.join(dir, "killed-publish.md"));
      await build(dir);
      expect(fingerprint(dist)).toEqual(before);
      fs.renameSync(path.join(dir, "killed-publish.md"), path.join(dir, "content/articles/killed-publish.md"));
    }
    expect(landed).toBeGreaterThan(0);
    await build(dir);
    expect(fingerprint(dist)).toEqual(after);
    expect(workFolders(dir)).toEqual([]);
  });
});

describe("the search index of each month, kept in the cache", () => {
  it("counts a month as missing when another version of xnews wrote it, so the workers index it with the others", () => {
    const dir = tempDir();
    const index = { docs: 1, title: { codes: new Uint32Array(), ends: new Uint32Array(), bytes: new Uint8Array() }, text: { codes: new Uint32Array(), ends: new Uint32Array(), bytes: new Uint8Array() } };
    new BuildCache(dir, "1.0.0").searchMonths().save("month-a", index);
    expect(new BuildCache(dir, "1.0.0").searchMonths().has("month-a")).toBe(true);
    expect(new BuildCache(dir, "1.0.0").searchMonths().has("month-b")).toBe(false);
    expect(new BuildCache(dir, "2.0.0").searchMonths().has("month-a")).toBe(false);
  });
});
