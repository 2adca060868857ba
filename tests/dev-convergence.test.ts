// xnews dev, through its real watcher, under what file systems do to it: a checkout of hundreds of
// stories in new folders, content/ removed and put back, the output deleted, a file rewritten
// every 10 ms, moves, links, named pipes. Whatever happens in between, once the files stop
// changing dev's output must equal a fresh `xnews build` of them, file for file, and dev must
// report the same problems `xnews check` does.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectProject } from "../src/build/build.js";
import { formatDiagnostic, sortDiagnostics } from "../src/diagnostics.js";
import { startDev, type DevHandle } from "../src/dev/dev.js";
import { generateCorpus } from "../src/gen/corpus.js";
import { buildProject, listTree, pathsOf, projectFiles, storyFile, tempDir } from "./helpers/site.js";

let corpusSource: string | undefined;
let project: string;
let dev: DevHandle;
let log: string[];

function corpus(): string {
  if (!corpusSource) {
    corpusSource = tempDir("xnews-conv-src-");
    generateCorpus({ articles: 150, seed: "converge", outDir: corpusSource });
  }
  return corpusSource;
}

beforeEach(async () => {
  project = tempDir("xnews-conv-");
  fs.cpSync(corpus(), project, { recursive: true });
  log = [];
  dev = await startDev(pathsOf(project), { host: "127.0.0.1", port: 0, log: (line) => log.push(line) });
  // Past dev's first look at everything: what each test does must be caught by the watcher.
  await dev.settled();
});
afterEach(() => dev.close());

const { file, read, write, articles } = projectFiles(() => project);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const published = () => articles().filter((f) => !/^draft: true$/m.test(read(f)));

/** Once dev has settled, its output is a fresh build's, byte for byte, and so are its problems. */
async function expectConverged(): Promise<void> {
  await dev.settled();
  const fresh = path.join(tempDir("xnews-conv-full-"), "dist");
  await buildProject(project, fresh);
  const out = file("dist");
  const files = listTree(fresh);
  expect(listTree(out)).toEqual(files);
  expect(files.filter((f) => !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(fresh, f))))).toEqual([]);
  const shown = (ds: Parameters<typeof sortDiagnostics>[0]) => sortDiagnostics(ds).map(formatDiagnostic);
  expect(shown(dev.session.problems)).toEqual(shown(inspectProject(pathsOf(project)).diagnostics));
}

function errorsLogged(): string[] {
  return log.filter((l) => /  error: /.test(l));
}

describe("xnews dev converges on what xnews build writes", () => {
  it("after checkouts that add 600 stories in new folders while a rebuild is running", async () => {
    for (const round of [1, 2, 3]) {
      // A story edit starts a rebuild; the checkout lands while it runs.
      const story = published()[round]!;
      write(story, read(story).replace(/^title: .*$/m, `title: "第${round}次检出"`));
      await sleep(35);
      for (let i = 0; i < 600; i++) {
        const month = String((i % 6) + 1).padStart(2, "0");
        write(`content/articles/20${10 + round}/${month}/batch-${i % 3}/c${round}-${i}.md`, storyFile({ id: `c${round}-${i}`, date: `20${10 + round}-${month}-0${(i % 9) + 1} 08:00`, channel: i % 2 ? "chibi" : "yaowen", tags: ["检出"] }));
      }
    }
    await expectConverged();
    expect(listTree(file("dist")).filter((f) => /_c\d-\d+\.html$/.test(f))).toHaveLength(1800);
  });

  it("after stories and a snippet are deleted (the watcher passes deletions on)", async () => {
    const gone = published().slice(0, 5);
    for (const f of gone) fs.rmSync(file(f));
    fs.rmSync(file(`content/snippets/${listTree(file("content/snippets"))[0]}`));
    await expectConverged();
    for (const f of gone) expect(listTree(file("dist")).some((p) => p.endsWith(`_${path.basename(f, ".md")}.html`))).toBe(false);
  });

  it("after content/ is removed and put back, moved away and back, and edited meanwhile", async () => {
    const saved = path.join(tempDir("xnews-conv-saved-"), "content");
    fs.cpSync(file("content"), saved, { recursive: true });
    fs.rmSync(file("content"), { recursive: true });
    await dev.settled();
    expect(log.some((l) => l.includes("site.yml is missing"))).toBe(true);
    fs.cpSync(saved, file("content"), { recursive: true });
    await expectConverged();

    fs.renameSync(file("content"), file("elsewhere"));
    fs.renameSync(file("elsewhere"), file("content"));
    const story = published()[0]!;
    write(story, read(story).replace(/^title: .*$/m, 'title: "搬回来以后改的"'));
    await expectConverged();

    fs.renameSync(file("content"), file("elsewhere"));
    await sleep(400);
    const inside = path.join("elsewhere", story.slice("content/".length));
    fs.writeFileSync(file(inside), read(inside).replace(/^title: .*$/m, 'title: "不在原处时改的"'));
    fs.renameSync(file("elsewhere"), file("content"));
    await expectConverged();
    const again = published()[2]!;
    write(again, read(again).replace(/^title: .*$/m, 'title: "之后又改的"'));
    await expectConverged();
  });

  it.each([
    ["its contents (rm -rf dist/*)", () => fs.readdirSync(file("dist")).filter((n) => !n.startsWith(".")).forEach((n) => fs.rmSync(file(`dist/${n}`), { recursive: true }))],
    ["one channel's folder", () => fs.rmSync(file("dist/chibi"), { recursive: true })],
    ["one story's month, deep down", () => fs.rmSync(path.dirname(file(`dist/${listTree(file("dist")).find((f) => /^chibi\/\d{6}\//.test(f))}`)), { recursive: true })],
  ])("after %s is deleted from the output folder: written again", async (_, remove) => {
    remove();
    await expectConverged();
  });

  it("after the output folder is deleted while the site has an error: no rebuild loop, and whole again once fixed", async () => {
    const story = published()[0]!;
    const good = read(story);
    write(story, good.replace(/^channel: .*$/m, "channel: nowhere"));
    await dev.settled();
    fs.rmSync(file("dist"), { recursive: true });
    const before = log.length;
    await sleep(1500);
    await dev.settled();
    expect(log.slice(before).filter((l) => l.startsWith("xnews: ")).length).toBeLessThanOrEqual(1);
    write(story, good);
    await expectConverged();
  });

  it("after the output folder is deleted: written again whole, and a later build accepts it", async () => {
    fs.rmSync(file("dist"), { recursive: true });
    await expectConverged();
    expect(fs.existsSync(file("dist/css/site.css"))).toBe(true);
    expect(fs.existsSync(file("dist/.xnews-output"))).toBe(true);
    const story = published()[0]!;
    write(story, read(story).replace(/^title: .*$/m, 'title: "删了输出以后改的"'));
    await expectConverged();
    await expect(buildProject(project)).resolves.toBeDefined();
  });

  it("after a file is rewritten in place every 10 ms, with no false error on the way", async () => {
    const story = published()[3]!;
    const text = read(story);
    for (let i = 0; i < 150; i++) {
      fs.writeFileSync(file(story), text.replace(/^title: .*$/m, `title: "第${i}次保存"`));
      await sleep(10);
    }
    await expectConverged();
    expect(errorsLogged()).toEqual([]);
    expect(listTree(file("dist")).some((f) => fs.readFileSync(file(`dist/${f}`), "utf8").includes("第149次保存"))).toBe(true);
  });

  it("after a half-written file is completed within the moment it is given to settle", async () => {
    const story = published()[4]!;
    const text = read(story);
    for (const wait of [60, 120, 185]) {
      fs.writeFileSync(file(story), text.slice(0, 12)); // an editor half-way through saving
      await sleep(wait);
      fs.writeFileSync(file(story), text.replace(/^title: .*$/m, `title: "等了${wait}毫秒"`));
      const until = Date.now() + 80;
      while (Date.now() < until); // the event loop busy, as during a rebuild
      await expectConverged();
    }
    expect(errorsLogged()).toEqual([]);
  });

  it("with content/ a symbolic link to the real folder: edits through either name are seen", async () => {
    await dev.close();
    const real = path.join(tempDir("xnews-conv-real-"), "content");
    fs.renameSync(file("content"), real);
    fs.symlinkSync(real, file("content"));
    dev = await startDev(pathsOf(project), { host: "127.0.0.1", port: 0, log: (line) => log.push(line) });
    await dev.settled();
    const story = published()[1]!;
    fs.writeFileSync(path.join(real, story.slice("content/".length)), read(story).replace(/^title: .*$/m, 'title: "经由真实目录改的"'));
    await expectConverged();
    expect(listTree(file("dist")).some((f) => fs.readFileSync(file(`dist/${f}`), "utf8").includes("经由真实目录改的"))).toBe(true);
  });

  it("after a story is moved to another folder, with no false duplicate-id error", async () => {
    for (const [i, story] of published().slice(0, 4).entries()) {
      fs.mkdirSync(file(`content/articles/moved-${i}`));
      fs.renameSync(file(story), file(`content/articles/moved-${i}/${path.basename(story)}`));
      await sleep(60);
    }
    await expectConverged();
    expect(errorsLogged()).toEqual([]);
  });

  it("with a linked story, a link loop and a named pipe: skipped by both, with the same warnings", async () => {
    const story = published()[0]!; // listed before the loop exists (the test's own listing follows links)
    const outside = path.join(tempDir("xnews-conv-out-"), "linked.md");
    fs.writeFileSync(outside, storyFile({ id: "linked", date: "2024-01-01 08:00", channel: "chibi" }));
    fs.symlinkSync(outside, file("content/articles/linked.md"));
    fs.symlinkSync(file("content/articles"), file("content/articles/loop"));
    execFileSync("mkfifo", [file("content/articles/pipe.md")]);
    await sleep(100);
    write(story, read(story).replace(/^title: .*$/m, 'title: "管道之后改的"'));
    await expectConverged();
    expect(dev.session.problems.map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("symbolic link"), expect.stringContaining("not a regular file")]),
    );
    expect(errorsLogged()).toEqual([]);
  });
});
