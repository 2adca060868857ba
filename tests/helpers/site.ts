// Fixture sites written into temp folders, built for real, and read back as a reader would.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as cheerio from "cheerio";
import { build, type ProjectPaths } from "../../src/build/build.js";
import { loadContent } from "../../src/content/load-content.js";
import { generateCorpus } from "../../src/gen/corpus.js";
import { buildSiteModel } from "../../src/model/site-model.js";

export const REPO = path.resolve(import.meta.dirname, "../..");

const made: string[] = [];

/** A fresh temp folder, removed after the test file's tests have run (tests/setup/cleanup.ts). */
export function tempDir(prefix = "xnews-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const SITE_YML = `title: 测试新闻网
url: https://example.org
pageSize: 20
channels:
  - slug: yaowen
    name: 要闻
  - slug: xianshi
    name: 县市区
    children:
      - { slug: chibi, name: 赤壁 }
      - { slug: xianan, name: 咸安 }
  - slug: shehui
    name: 社会
`;

export interface StorySpec {
  id: string;
  title?: string;
  date: string;
  channel?: string;
  tags?: string[];
  related?: string[];
  body?: string;
  extra?: string;
}

export function storyFile(s: StorySpec): string {
  const lines = [`title: ${JSON.stringify(s.title ?? `标题 ${s.id}`)}`, `date: ${s.date}`];
  if (s.channel) lines.push(`channel: ${s.channel}`);
  if (s.tags) lines.push(`tags: [${s.tags.join(", ")}]`);
  if (s.related) lines.push(`related: [${s.related.join(", ")}]`);
  if (s.extra) lines.push(s.extra);
  return `---\n${lines.join("\n")}\n---\n\n${s.body ?? `正文 ${s.id}。`}\n`;
}

/** Writes a project (content/, and optionally templates/ and public/) from path → text. */
export function writeProject(files: Record<string, string | Buffer>, dir = tempDir()): string {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

export function projectWith(articles: StorySpec[], snippets: StorySpec[] = [], siteYml = SITE_YML): string {
  const files: Record<string, string> = { "content/site.yml": siteYml };
  for (const a of articles) files[`content/articles/${a.id}.md`] = storyFile(a);
  for (const s of snippets) files[`content/snippets/${s.id}.md`] = storyFile(s);
  return writeProject(files);
}

export function pathsOf(project: string, outDir = path.join(project, "dist")): ProjectPaths {
  return {
    contentDir: path.join(project, "content"),
    templatesDir: path.join(project, "templates"),
    publicDir: path.join(project, "public"),
    outDir,
  };
}

/** A cold build, in this process, rendering in the main thread (the CLI's tests cover workers and the cache). */
export async function buildProject(project: string, outDir?: string) {
  const paths = pathsOf(project, outDir);
  return { report: await build(paths, { jobs: 1, cache: false }), out: paths.outDir };
}

/** The model of a project, for tests of relations; fails the test on any error. */
export function modelOf(project: string) {
  const loaded = loadContent(path.join(project, "content"));
  if (!loaded.content) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  return buildSiteModel(loaded.content);
}


export function readPage(out: string, route: string): cheerio.CheerioAPI {
  return cheerio.load(fs.readFileSync(path.join(out, route), "utf8"));
}

/** Reading and writing a project's files by relative path; `root` is asked each time (it changes per test). */
export function projectFiles(root: () => string) {
  const file = (rel: string) => path.join(root(), rel);
  return {
    file,
    read: (rel: string) => fs.readFileSync(file(rel), "utf8"),
    write: (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.writeFileSync(file(rel), text);
    },
    /** The story files under content/articles, as "content/articles/…" paths. */
    articles: () => listTree(file("content/articles")).map((f) => `content/articles/${f}`),
  };
}

/** Every file under a folder with a hash of its bytes: two folders with equal fingerprints hold the same site. */
export function fingerprint(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((f) => [f, crypto.createHash("sha1").update(fs.readFileSync(path.join(dir, f))).digest("hex")]));
}

/** Files written so far into the staging folders (`.dist.new-…`) of builds running in `project` (0 when there are none). */
export function stagedFiles(project: string): number {
  let n = 0;
  for (const name of fs.readdirSync(project).filter((x) => x.startsWith(".dist.new-"))) {
    try {
      n += (fs.readdirSync(path.join(project, name), { recursive: true }) as string[]).length;
    } catch {
      // renamed or removed while being counted
    }
  }
  return n;
}

const generatedSites = new Map<string, string>();

/**
 * A generated site of `articles` stories (seeded by `seed`) with one stand-alone page, which every
 * page's footer links to: made once per test file, for each test to copy.
 */
export function generatedSite(seed: string, articles: number): string {
  let dir = generatedSites.get(seed);
  if (!dir) {
    dir = tempDir(`xnews-${seed}-src-`);
    generateCorpus({ articles, seed, outDir: dir });
    fs.mkdirSync(path.join(dir, "content/pages"));
    fs.writeFileSync(path.join(dir, "content/pages/about.md"), '---\ntitle: "关于我们"\n---\n\n咸宁新闻网。\n');
    generatedSites.set(seed, dir);
  }
  return dir;
}

/**
 * The work folders builds left beside `dist` in `project` (".dist.new-…", ".dist.old-…"); the
 * spare (".dist.spare"), which a build keeps on purpose for the next one, is not one of them.
 */
export function workFolders(project: string): string[] {
  return fs.readdirSync(project).filter((n) => n.startsWith(".dist.") && n !== ".dist.spare");
}

/** Every file under a folder, as sorted relative paths. */
export function listTree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((p) => fs.statSync(path.join(dir, p)).isFile())
    .map((p) => p.split(path.sep).join("/"))
    .sort();
}

/**
 * Runs the compiled CLI (lib/cli.js) as a user would; async, so the test runner stays responsive.
 * The build's clock is the machine's unless `env` sets SOURCE_DATE_EPOCH (the test runner's own is not passed on).
 */
export function xnews(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { SOURCE_DATE_EPOCH: _, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, "lib/cli.js"), ...args], { cwd, env: { ...inherited, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
