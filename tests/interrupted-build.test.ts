// A build killed at any moment leaves the previous site whole, byte for byte.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../src/gen/corpus.js";
import { REPO, fingerprint, listTree, stagedFiles, tempDir, workFolders, xnews } from "./helpers/site.js";

let project: string;
let dist: string;
/** The site before, a saved copy of it, and the site the interrupted builds would write. */
let before: Map<string, string>;
let saved: string;
let after: Map<string, string>;
let fullBuildMs: number;



/**
 * Starts `xnews build` and kills it with `signal` as soon as `when()` holds (looked at every few
 * milliseconds). Says whether the build had finished first, and whether `when` ever held.
 */
function buildKilledWhen(when: (ms: number) => boolean, signal: NodeJS.Signals): Promise<{ finished: boolean; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, "lib/cli.js"), "build"], { cwd: project, stdio: "ignore" });
    const started = performance.now();
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && when(performance.now() - started)) {
        killed = true;
        child.kill(signal);
      }
    }, 10);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ finished: code === 0, killed });
    });
  });
}

/** Each kill starts from the previous site, as it was. */
function restorePrevious(): void {
  for (const name of fs.readdirSync(project)) if (name === "dist" || name.startsWith(".dist.")) fs.rmSync(path.join(project, name), { recursive: true, force: true });
  fs.cpSync(saved, dist, { recursive: true });
}

/**
 * What a reader is served after the kill: the folder, or — killed in the microseconds between the
 * swap's two renames, with no dist/ at all — the previous site set aside, which the next run puts back.
 */
function servedAfterKill(): Map<string, string> {
  if (fs.existsSync(dist)) return fingerprint(dist);
  const aside = fs.readdirSync(project).filter((n) => n.startsWith(".dist.old-"));
  expect(aside).toHaveLength(1);
  return fingerprint(path.join(project, aside[0]!));
}

beforeAll(async () => {
  project = tempDir("xnews-kill-");
  generateCorpus({ articles: 3000, seed: "kill", outDir: project });
  const started = performance.now();
  const first = await xnews(["build"], project);
  fullBuildMs = performance.now() - started;
  expect(first.code, first.stderr).toBe(0);
  dist = path.join(project, "dist");
  before = fingerprint(dist);
  saved = path.join(tempDir("xnews-kill-saved-"), "dist");
  fs.cpSync(dist, saved, { recursive: true });
  // The next build would change many pages: every story's title, and one story fewer.
  const articles = listTree(path.join(project, "content/articles"));
  fs.rmSync(path.join(project, "content/articles", articles[0]!));
  for (const a of articles.slice(1, 400)) {
    const file = path.join(project, "content/articles", a);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^title: "/m, 'title: "改 '));
  }
  const reference = await xnews(["build", "--out", "reference"], project);
  expect(reference.code, reference.stderr).toBe(0);
  after = fingerprint(path.join(project, "reference"));
  fs.rmSync(path.join(project, "reference"), { recursive: true });
  expect(after).not.toEqual(before);
});

describe("a build of 3000 stories killed part-way", () => {
  it.each([0.05, 0.15])("leaves the previous dist/ byte-identical when killed with SIGKILL while reading (%s of a build's time)", async (fraction) => {
    restorePrevious();
    await buildKilledWhen((ms) => ms >= fullBuildMs * fraction, "SIGKILL");
    expect(servedAfterKill()).toEqual(before);
  });

  it.each([0.1, 0.3, 0.5, 0.7, 0.9, 0.99])("leaves the previous dist/ byte-identical when killed with SIGKILL while writing (%s of the files written)", async (fraction) => {
    restorePrevious();
    const { killed } = await buildKilledWhen(() => stagedFiles(project) >= before.size * fraction, "SIGKILL");
    expect(killed).toBe(true); // the kill landed mid-write: the check below checks something
    expect(servedAfterKill()).toEqual(before);
  });

  it("leaves either the previous site or the whole new one when killed at the swap", async () => {
    restorePrevious();
    await buildKilledWhen(() => fs.readdirSync(project).some((n) => n.startsWith(".dist.old-")) || stagedFiles(project) >= before.size, "SIGKILL");
    const served = servedAfterKill();
    expect(served.size === before.size ? before : after).toEqual(served);
  });

  it("leaves the previous dist/ byte-identical when interrupted with SIGINT (Ctrl-C) mid-write", async () => {
    restorePrevious();
    const { finished, killed } = await buildKilledWhen(() => stagedFiles(project) >= before.size / 2, "SIGINT");
    expect([finished, killed]).toEqual([false, true]);
    expect(fingerprint(dist)).toEqual(before);
  });

  it("is followed by a build that completes, cleans up the pieces left behind, and drops deleted stories", async () => {
    restorePrevious();
    await buildKilledWhen(() => stagedFiles(project) >= before.size / 2, "SIGKILL");
    expect(fs.readdirSync(project).filter((n) => n.startsWith(".dist.new-"))).toHaveLength(1);
    const r = await xnews(["build"], project);
    expect(r.code, r.stderr).toBe(0);
    expect(fingerprint(dist)).toEqual(after);
    expect(workFolders(project)).toEqual([]);
  });
});
