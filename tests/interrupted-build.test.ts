// A build killed at any moment leaves the previous site whole, byte for byte.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../src/gen/corpus.js";
import { REPO, listTree, tempDir, xnews } from "./helpers/site.js";

let project: string;
let dist: string;
let before: Map<string, string>;
let fullBuildMs: number;

function fingerprint(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((f) => [f, crypto.createHash("sha1").update(fs.readFileSync(path.join(dir, f))).digest("hex")]));
}

/** Starts `xnews build`, kills it with `signal` after `ms`, and says whether it had finished first. */
function buildKilledAfter(ms: number, signal: NodeJS.Signals): Promise<{ finished: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, "lib/cli.js"), "build"], { cwd: project, stdio: "ignore" });
    const timer = setTimeout(() => child.kill(signal), ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ finished: code === 0 });
    });
  });
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
  // The next build would change many pages: every story's title, and one story fewer.
  const articles = listTree(path.join(project, "content/articles"));
  fs.rmSync(path.join(project, "content/articles", articles[0]!));
  for (const a of articles.slice(1, 400)) {
    const file = path.join(project, "content/articles", a);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^title: "/m, 'title: "改 '));
  }
});

describe("a build of 3000 stories killed part-way", () => {
  const moments = [0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.85, 0.95];

  it.each(moments)("leaves the previous dist/ byte-identical when killed with SIGKILL at %s of a build", async (fraction) => {
    const { finished } = await buildKilledAfter(Math.round(fullBuildMs * fraction), "SIGKILL");
    if (finished) return; // it beat the kill: nothing to check at this moment on this machine
    expect(fingerprint(dist)).toEqual(before);
  });

  it("leaves the previous dist/ byte-identical when interrupted with SIGINT (Ctrl-C)", async () => {
    const { finished } = await buildKilledAfter(Math.round(fullBuildMs * 0.5), "SIGINT");
    expect(finished).toBe(false);
    expect(fingerprint(dist)).toEqual(before);
  });

  it("was killed before finishing at most moments (so the checks above checked something)", async () => {
    let killed = 0;
    for (const fraction of [0.2, 0.5, 0.8]) if (!(await buildKilledAfter(Math.round(fullBuildMs * fraction), "SIGKILL")).finished) killed++;
    expect(killed).toBeGreaterThanOrEqual(2);
    expect(fingerprint(dist)).toEqual(before);
  });

  it("is followed by a build that completes, cleans up the pieces left behind, and drops deleted stories", async () => {
    const r = await xnews(["build"], project);
    expect(r.code, r.stderr).toBe(0);
    const after = fingerprint(dist);
    expect(after).not.toEqual(before);
    expect(after.size).toBe(before.size - 1);
    expect(fs.readdirSync(project).filter((n) => n.startsWith(".dist."))).toEqual([]);
  });
});
