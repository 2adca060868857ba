// Pagefind (the npm package `pagefind`, a devDependency) measured on a built xnews site, so that
// `npm run bench:search` can put its figures beside ours: its index build, the index's size,
// recall and precision against the plain scan of search-queries.ts, and a first query's bytes
// and time in Chromium.
//
// Pagefind indexes a copy of the site in which each story's <article class="article"> carries
// data-pagefind-body: without it Pagefind indexes every page's whole body (lists, channels…) and
// runs out of memory at 10,000 stories. Its search runs in Chromium, as its own pagefind.js (an ES
// module, a Web Worker and wasm) runs for a reader, served over http from 127.0.0.1: running it in
// Node needs shims of document and fetch, and the browser is needed for the timings anyway.
// Importing this module fails when pagefind is not installed, which search-bench.ts takes as
// "leave Pagefind out".
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import type { Browser } from "playwright-core";
import { median } from "./corpus-cache.js";
import { CPU_SLOWDOWN, folderSize, percentile, scoreResults, serveFolder, type SearchFigures, type ServedFolder } from "./search-measures.js";
import type { Query } from "./search-queries.js";

/** The installed package (its entry is lib/index.js); throws here if it is not installed. */
const PAGEFIND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.resolve("pagefind"))), "..");
const PAGEFIND_VERSION = (JSON.parse(fs.readFileSync(path.join(PAGEFIND_DIR, "package.json"), "utf8")) as { version: string }).version;
/** The package's launcher: it runs the binary of this platform (an optional dependency, e.g. @pagefind/linux-x64). */
const PAGEFIND_CLI = path.join(PAGEFIND_DIR, "lib", "runner", "bin.cjs");
/** GNU time, for the peak memory of the index build. */
const GNU_TIME = "/usr/bin/time";

const STORY_PAGE = /\/t\d{8}_[^/]*\.html$/;
const STORY_ARTICLE = '<article class="article"';
/** The page each search runs in; not a file of the site. Pagefind picks its index by <html lang>. */
const SEARCH_PAGE = "__pagefind-search.html";
const SEARCH_PAGE_HTML = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind</title><link rel="icon" href="data:,"></head><body></body></html>';
const BUNDLE = "/pagefind/pagefind.js";
/** Results a reader sees first, whose data (url, excerpt) a timed query loads. */
const RESULTS_SHOWN = 20;

export interface PagefindOptions {
  /** A built xnews site; only read. */
  site: string;
  queries: Query[];
  /** Query text -> routes of the stories holding it. */
  truth: Map<string, Set<string>>;
  /** The queries whose bytes and time are measured. */
  timedQueries: Query[];
  browser: Browser;
  log?: (line: string) => void;
}

export async function measurePagefind(options: PagefindOptions): Promise<SearchFigures> {
  const log = options.log ?? (() => {});
  const work = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "xnews-pagefind-"));
  try {
    const copy = path.join(work, "site");
    const marked = copyMarkingStories(options.site, copy);
    log(`Pagefind ${PAGEFIND_VERSION}: indexing the site, ${marked} story pages marked…`);
    const build = await runPagefind(copy, path.join(work, "peak-kib"));
    log(`Pagefind: ${build.summary} in ${(build.ms / 1000).toFixed(1)} s${build.peakMiB === undefined ? "" : `, peak ${Math.round(build.peakMiB)} MiB`}`);
    const bundle = path.join(copy, "pagefind");
    const index = folderSize(bundle);
    const routeOf = fragmentRoutes(bundle);
    const server = await serveFolder(copy, { [SEARCH_PAGE]: SEARCH_PAGE_HTML });
    try {
      log(`Pagefind: searching ${options.queries.length} queries, all results…`);
      const found = await findAll(options.browser, server, options.queries, routeOf);
      log(`Pagefind: timing ${options.timedQueries.length} first queries at ${CPU_SLOWDOWN}x slower CPU…`);
      const firsts: FirstQuery[] = [];
      for (const query of options.timedQueries) firsts.push(await firstQuery(options.browser, server, query));
      const bytes = firsts.map((f) => f.bytes);
      const times = firsts.map((f) => f.ms);
      return {
        name: `Pagefind ${PAGEFIND_VERSION}`,
        buildMs: build.ms,
        buildPeakMiB: build.peakMiB,
        indexBytes: index.bytes,
        indexFiles: index.files,
        ...scoreResults(options.queries, options.truth, found),
        firstQueryBytes: { median: median(bytes), max: Math.max(...bytes) },
        queryMs: { median: median(times), p95: percentile(times, 95) },
      };
    } finally {
      await server.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Copies the site to `copy`, adding data-pagefind-body to each story's article; how many. */
function copyMarkingStories(site: string, copy: string): number {
  fs.cpSync(site, copy, { recursive: true });
  let marked = 0;
  for (const rel of fs.readdirSync(copy, { recursive: true, encoding: "utf8" })) {
    if (!STORY_PAGE.test(`/${rel.split(path.sep).join("/")}`)) continue;
    const file = path.join(copy, rel);
    const html = fs.readFileSync(file, "utf8");
    // Unmarked, a story would be left out of the index, and its misses counted against Pagefind.
    if (!html.includes(STORY_ARTICLE)) throw new Error(`${path.join(site, rel)} has no ${STORY_ARTICLE}>: the story template changed, and so must this benchmark`);
    fs.writeFileSync(file, html.replace(STORY_ARTICLE, '<article data-pagefind-body class="article"'));
    marked++;
  }
  if (marked === 0) throw new Error(`${site} has no story pages (…/tNNNNNNNN_….html): is it a built xnews site?`);
  return marked;
}

interface PagefindBuild {
  ms: number;
  peakMiB?: number;
  /** Pagefind's own count of what it indexed. */
  summary: string;
}

/** Runs the pagefind CLI on `site` (it writes site/pagefind/); its wall time, and peak memory where GNU time can write it to `peakFile`. */
function runPagefind(site: string, peakFile: string): Promise<PagefindBuild> {
  const pagefind = [process.execPath, PAGEFIND_CLI, "--site", site];
  const measurePeak = process.platform === "linux" && fs.existsSync(GNU_TIME);
  const [command, ...args] = measurePeak ? [GNU_TIME, "-f", "%M", "-o", peakFile, ...pagefind] : pagefind;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Run beside the site, not here: Pagefind reads a pagefind.yml (or .json, .toml) from its working folder.
    const child = spawn(command!, args, { cwd: path.dirname(site), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      // GNU time writes "Command exited with non-zero status N" first when it does.
      const peakKiB = measurePeak && fs.existsSync(peakFile) ? Number(fs.readFileSync(peakFile, "utf8").trim().split("\n").pop()) : undefined;
      if (code !== 0) return reject(new Error(`pagefind --site ${site} failed (exit ${code}${peakKiB ? `, peak ${Math.round(peakKiB / 1024)} MiB` : ""}):\n${output}`));
      const pages = /Indexed (\d+) pages/.exec(output)?.[1];
      const words = /Indexed (\d+) words/.exec(output)?.[1];
      resolve({ ms, peakMiB: peakKiB === undefined ? undefined : peakKiB / 1024, summary: `${pages ?? "?"} pages and ${words ?? "?"} words indexed` });
    });
  });
}

/**
 * Result id -> route of its page, from the fragment files, so that every result of a query counts
 * without loading each one's data in the browser. A fragment file is gzip'd "pagefind_dcd" + JSON:
 * one page's fragment ({url, …}), or, past --max-fragments pages, a group of them by id.
 */
function fragmentRoutes(bundle: string): Map<string, string> {
  const routes = new Map<string, string>();
  const dir = path.join(bundle, "fragment");
  for (const name of fs.readdirSync(dir)) {
    const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, name))).subarray("pagefind_dcd".length).toString("utf8")) as { url?: unknown };
    const id = name.replace(/\.pf_fragment$/, "");
    if (typeof json.url === "string") routes.set(id, routeOfUrl(json.url));
    else for (const [member, fragment] of Object.entries(json as Record<string, { url: string }>)) routes.set(member, routeOfUrl(fragment.url));
  }
  return routes;
}

/** "/chibi/202312/t20231205_x.html" -> "chibi/202312/t20231205_x.html", as the truth names pages. */
const routeOfUrl = (url: string) => decodeURI(url).replace(/^\//, "");

/** The part of pagefind.js's API used here. */
interface PagefindModule {
  init(): Promise<void>;
  search(term: string): Promise<{ results: { id: string; data(): Promise<{ url: string; excerpt: string }> }[] }>;
}

/**
 * The routes of every result of each query. Each query gets a fresh Pagefind (a new page), as a
 * reader's first search does: what it finds depends on the index chunks it has already loaded.
 */
async function findAll(browser: Browser, server: ServedFolder, queries: Query[], routeOf: Map<string, string>): Promise<Map<string, Set<string>>> {
  const context = await browser.newContext();
  const found = new Map<string, Set<string>>();
  try {
    for (const query of queries) {
      const page = await context.newPage();
      await page.goto(server.url + SEARCH_PAGE);
      const ids = await page.evaluate(allResultIds, { bundle: BUNDLE, term: query.text });
      await page.close();
      const routes = ids.map((id) => {
        const route = routeOf.get(id);
        if (!route) throw new Error(`Pagefind found ${id} for "${query.text}", which no fragment file names`);
        return route;
      });
      found.set(query.text, new Set(routes));
    }
  } finally {
    await context.close();
  }
  return found;
}

/** In the page: the ids of all results of `term`. */
async function allResultIds({ bundle, term }: { bundle: string; term: string }): Promise<string[]> {
  const pagefind = (await import(bundle)) as PagefindModule;
  await pagefind.init();
  return (await pagefind.search(term)).results.map((result) => result.id);
}

interface FirstQuery {
  bytes: number;
  ms: number;
}

/**
 * One query in a fresh context (nothing cached), the CPU slowed: bytes served once the page has
 * loaded, and the time from search to the shown results' data. Pagefind searches in its Worker by
 * default, and so it does here; CDP's CPU throttling does not slow a dedicated Worker, so its
 * search runs at full speed and only the page's own part is slowed.
 */
async function firstQuery(browser: Browser, server: ServedFolder, query: Query): Promise<FirstQuery> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await page.goto(server.url + SEARCH_PAGE, { waitUntil: "load" });
    const before = server.bytesSent();
    const ms = await page.evaluate(timeShownResults, { bundle: BUNDLE, term: query.text, shown: RESULTS_SHOWN });
    return { bytes: server.bytesSent() - before, ms };
  } finally {
    await context.close();
  }
}

/**
 * In the page: loads Pagefind's script, then times its start (its wasm and index metadata, as our
 * search loads its manifest), search(term) and the first `shown` results' data.
 */
async function timeShownResults({ bundle, term, shown }: { bundle: string; term: string; shown: number }): Promise<number> {
  const pagefind = (await import(bundle)) as PagefindModule;
  const started = performance.now();
  await pagefind.init();
  const { results } = await pagefind.search(term);
  await Promise.all(results.slice(0, shown).map((result) => result.data()));
  return performance.now() - started;
}
