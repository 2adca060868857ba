// One small site per fault a newsroom makes (tests/fixtures/invalid/<case>/, laid over
// tests/fixtures/base-site/): `xnews check` prints exactly the expected report, and `xnews build`
// leaves the previous good site byte for byte as it was.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, listTree, tempDir, xnews } from "./helpers/site.js";

const FIXTURES = path.join(REPO, "tests/fixtures");
const CASES = fs.readdirSync(path.join(FIXTURES, "invalid")).sort();


function snapshot(dir: string): Map<string, string> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(listTree(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString("base64")]));
}

/** The base site with its good build, made once and copied for each case. */
let pristine: Promise<string> | undefined;
function goodSite(): Promise<string> {
  pristine ??= (async () => {
    const dir = tempDir("xnews-base-");
    fs.cpSync(path.join(FIXTURES, "base-site"), dir, { recursive: true });
    const good = await xnews(["build"], dir);
    expect(good.code, good.stderr).toBe(0);
    return dir;
  })();
  return pristine;
}

/** The previous good site, then the case's files laid over its sources. */
async function setUp(name: string) {
  const dir = tempDir(`xnews-${name}-`);
  fs.cpSync(await goodSite(), dir, { recursive: true });
  const caseDir = path.join(FIXTURES, "invalid", name);
  fs.cpSync(caseDir, dir, { recursive: true, filter: (src) => !["expected.txt", "case.json"].includes(path.basename(src)) });
  const config = fs.existsSync(path.join(caseDir, "case.json")) ? JSON.parse(fs.readFileSync(path.join(caseDir, "case.json"), "utf8")) : {};
  return { dir, args: (config.args ?? []) as string[], expected: fs.readFileSync(path.join(caseDir, "expected.txt"), "utf8") };
}

describe.each(CASES)("bad input: %s", (name) => {
  it("is reported by xnews check with file, line, message and fix, and exit 1", async () => {
    const { dir, args, expected } = await setUp(name);
    const r = await xnews(["check", ...args], dir);
    expect(r.stdout).toBe(expected);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("never damages the previous site", async () => {
    const { dir, args, expected } = await setUp(name);
    // The previous site, and the folder the case asks to write to when it lies in the project.
    const out = args.includes("--out") ? path.resolve(dir, args[args.indexOf("--out") + 1]!) : path.join(dir, "dist");
    const watched = [path.join(dir, "dist"), ...(out.startsWith(`${dir}${path.sep}`) && out !== path.join(dir, "dist") ? [out] : [])];
    const before = watched.map(snapshot);
    const r = await xnews(["build", ...args], dir);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (!/^0 errors, /m.test(expected)) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Nothing was written; the previous site is unchanged.");
      expect(watched.map(snapshot)).toEqual(before);
    } else {
      // Warnings are shown, and the build goes on: the new story is published.
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("warning:");
      expect(snapshot(path.join(dir, "dist"))).not.toEqual(before[0]);
    }
  });
});

it("covers at least 25 kinds of bad input", async () => {
  expect(CASES.length).toBeGreaterThanOrEqual(25);
});
