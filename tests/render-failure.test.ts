// A template that passes every check but throws while one page renders — after hundreds of pages
// have been written — must leave the previous site byte for byte as it was, in a build and in dev.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DevSession } from "../src/dev/session.js";
import { generateCorpus } from "../src/gen/corpus.js";
import { REPO, fingerprint, pathsOf, tempDir, xnews } from "./helpers/site.js";

let project: string;
let before: Map<string, string>;
let faultyTemplate: string;


beforeAll(async () => {
  project = tempDir("xnews-render-fault-");
  generateCorpus({ articles: 120, seed: "fault", outDir: project });
  const good = await xnews(["build"], project);
  expect(good.code, good.stderr).toBe(0);
  before = fingerprint(path.join(project, "dist"));
  // The oldest story's page is rendered last of the articles: home, channel lists and every newer
  // story are written before it.
  const oldest = [...before.keys()].filter((f) => /\/t\d{8}_/.test(f)).sort((a, b) => (/t(\d{8})_/.exec(a)![1]! < /t(\d{8})_/.exec(b)![1]! ? -1 : 1))[0]!;
  const builtIn = fs.readFileSync(path.join(REPO, "templates/article.njk"), "utf8");
  faultyTemplate = builtIn.replace("{% block main %}", `{% block main %}\n{% if "${oldest}" in head.canonical %}{{ nothing() }}{% endif %}`);
  expect(faultyTemplate).not.toBe(builtIn);
});

describe("a template that throws while rendering one page", () => {
  it("passes xnews check (nothing in it is wrong until that page renders)", async () => {
    fs.mkdirSync(path.join(project, "templates"), { recursive: true });
    fs.writeFileSync(path.join(project, "templates/article.njk"), faultyTemplate);
    try {
      const r = await xnews(["check"], project);
      expect(r.stdout).toBe("xnews: no problems found\n");
    } finally {
      fs.rmSync(path.join(project, "templates"), { recursive: true });
    }
  });

  it.each(["1", "4"])("stops xnews build --jobs %s (in the main thread, in workers) with a located error and leaves the previous site byte-identical", async (jobs) => {
    fs.mkdirSync(path.join(project, "templates"), { recursive: true });
    fs.writeFileSync(path.join(project, "templates/article.njk"), faultyTemplate);
    try {
      const r = await xnews(["build", "--jobs", jobs], project);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^templates\/article\.njk:\d+:\d+ {2}error: template error: .*nothing/m);
      expect(r.stderr).toContain("Nothing was written; the previous site is unchanged.");
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fingerprint(path.join(project, "dist"))).toEqual(before);
      expect(fs.readdirSync(project).filter((n) => n.startsWith(".dist."))).toEqual([]);
    } finally {
      fs.rmSync(path.join(project, "templates"), { recursive: true });
    }
  });

  it("stops a build whose template throws on every article, with many batches in flight on the workers", async () => {
    const large = tempDir("xnews-render-fault-many-");
    generateCorpus({ articles: 2000, seed: "fault-many", outDir: large });
    fs.mkdirSync(path.join(large, "templates"));
    const builtIn = fs.readFileSync(path.join(REPO, "templates/article.njk"), "utf8");
    fs.writeFileSync(path.join(large, "templates/article.njk"), builtIn.replace("{% block main %}", "{% block main %}\n{{ nothing() }}"));
    const r = await xnews(["build", "--jobs", "4"], large);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^templates\/article\.njk:\d+:\d+ {2}error: template error: .*nothing/m);
    expect(r.stderr).not.toMatch(/\n\s+at |Terminating worker/);
    expect(fs.readdirSync(large).filter((n) => n === "dist" || n.startsWith(".dist."))).toEqual([]);
  });

  it("keeps xnews dev's last good site while the template is broken, and recovers when it is fixed", () => {
    const session = new DevSession(pathsOf(project));
    session.start();
    const served = fingerprint(path.join(project, "dist"));
    const template = path.join(project, "templates/article.njk");
    fs.mkdirSync(path.dirname(template), { recursive: true });
    fs.writeFileSync(template, faultyTemplate);
    const broken = session.apply([{ kind: "add", file: template }]);
    expect(broken.problems.map((d) => `${d.file} ${d.message}`)).toEqual([expect.stringMatching(/templates\/article\.njk template error: .*nothing/)]);
    expect(broken.written).toEqual([]);
    expect(fingerprint(path.join(project, "dist"))).toEqual(served);
    fs.rmSync(template);
    const fixed = session.apply([{ kind: "unlink", file: template }]);
    expect(fixed.problems).toEqual([]);
    expect(fingerprint(path.join(project, "dist"))).toEqual(served);
  });
});
