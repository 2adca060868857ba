// The watcher of xnews dev: bursts gathered into batches, a stream of saves never postponing a
// batch for ever, a watched folder removed and put back still watched, and nothing left running
// once it is closed.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { watchFolders, type WatchBatch } from "../src/dev/watch.js";
import { tempDir } from "./helpers/site.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(20);
  }
}

/** File watchers the process holds (chokidar's fs.watch handles). */
function fileWatchers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "FSEventWrap").length;
}

describe("the watcher", () => {
  it("gathers a burst of 500 saves (a git checkout) into a few batches, naming every file", async () => {
    const dir = tempDir("xnews-watch-");
    const batches: WatchBatch[] = [];
    const watcher = await watchFolders([dir], (batch) => batches.push(batch));
    try {
      for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(dir, `story-${i}.md`), `第${i}篇`);
      await until(() => new Set(batches.flatMap((b) => b.files)).size >= 500);
      await sleep(200);
      expect(batches.length).toBeLessThanOrEqual(5);
      expect(new Set(batches.flatMap((b) => b.files.map((f) => path.basename(f)))).size).toBe(500);
    } finally {
      await watcher.close();
    }
  });

  it("hands batches over during a stream of saves every 10 ms, not only once it stops", async () => {
    const dir = tempDir("xnews-watch-");
    const file = path.join(dir, "story.md");
    fs.writeFileSync(file, "0");
    const batches: number[] = [];
    const watcher = await watchFolders([dir], () => batches.push(Date.now()));
    try {
      const end = Date.now() + 1500;
      for (let i = 1; Date.now() < end; i++) {
        fs.writeFileSync(file, String(i));
        await sleep(10);
      }
      const during = batches.length;
      expect(during).toBeGreaterThanOrEqual(3);
    } finally {
      await watcher.close();
    }
  });

  it("asks for a rescan when a folder comes, and keeps watching a watched folder removed and put back", async () => {
    const parent = tempDir("xnews-watch-");
    const dir = path.join(parent, "content");
    fs.mkdirSync(dir);
    const batches: WatchBatch[] = [];
    const watcher = await watchFolders([dir], (batch) => batches.push(batch));
    try {
      fs.mkdirSync(path.join(dir, "articles"));
      await until(() => batches.some((b) => b.rescan));
      fs.rmSync(dir, { recursive: true });
      await sleep(400);
      fs.mkdirSync(dir);
      await sleep(400);
      batches.length = 0;
      fs.writeFileSync(path.join(dir, "after.md"), "回来以后");
      await until(() => batches.some((b) => b.files.includes(path.join(dir, "after.md")) || b.rescan));
    } finally {
      await watcher.close();
    }
  });

  it("leaves no file watcher running when closed in the middle of a restart", async () => {
    await sleep(500); // the watchers of the tests before are let go
    const baseline = fileWatchers();
    const parent = tempDir("xnews-watch-");
    const dir = path.join(parent, "content");
    // Enough folders that starting a watcher takes a while: closing lands while one starts.
    for (let i = 0; i < 300; i++) fs.mkdirSync(path.join(dir, `f${i}`), { recursive: true });
    fs.cpSync(dir, path.join(parent, "copy"), { recursive: true });
    for (const wait of [5, 15, 30, 60]) {
      const watcher = await watchFolders([dir], () => {}, { pollMs: 5 });
      // Replaced by another folder: the next poll starts a new watcher.
      fs.renameSync(dir, path.join(parent, "old"));
      fs.renameSync(path.join(parent, "copy"), dir);
      fs.renameSync(path.join(parent, "old"), path.join(parent, "copy"));
      await sleep(wait);
      await watcher.close();
    }
    await sleep(1000);
    expect(fileWatchers()).toBeLessThanOrEqual(baseline);
  });
});
