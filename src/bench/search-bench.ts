// npm run bench:search: the site's search measured on a generated site, beside Pagefind's on the
// same site when it is installed (a devDependency). For each size (10,000 stories unless told):
//   - the cold build's time, and the index's size (files and bytes);
//   - recall and precision on sampled queries, half crossing a word boundary, against a plain scan
//     of the story texts (src/bench/search-queries.ts) — sites of up to 20,000 stories;
//   - the bytes a first query loads (median, max): the files the search loads, run in Node
//     (src/bench/site-search.ts), its script and manifest included;
//   - the time from a query to its results on the page in Chromium with the CPU slowed 4x (median, p95).
//   node lib/bench/search-bench.js [sizes...] [--queries N] [--timed N] [--no-peer]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { BUILTIN_TEMPLATES } from "../render/environment.js";
import { BUILTIN_PUBLIC } from "../site.js";
import { launchBrowser } from "./browser.js";
import { benchCorpus, median } from "./corpus-cache.js";
import { sampleQueries, storiesHolding, storyTexts, type Query } from "./search-queries.js";
import { allResults, siteSearch } from "./site-search.js";
import { CPU_SLOWDOWN, folderSize, percentile, scoreResults, serveFolder, type SearchFigures } from "./search-measures.js";

const CLI = path.resolve(fileURLToPath(import.meta.url), "../../cli.js");
/** Recall and precision scan every story per query: up to this size. */
const MOST_SCANNED = 20_000;

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const sizes = args.filter((a, i) => /^\d+$/.test(a) && !["--queries", "--timed"].includes(args[i - 1] ?? "")).map(Number);
const queryCount = option("--queries", 300);
/** Queries whose bytes and time are measured: all of them unless told (a p95 of a few tens of queries is their second or third slowest, and moves from run to run). */
const timedCount = option("--timed", queryCount);
const withPeer = !args.includes("--no-peer");

/** `xnews build`, cold and without a cache, as a user runs it; its wall time. */
function build(corpus: string, out: string): Promise<number> {
  const started = performance.now();
  const argv = [CLI, "build", "--quiet", "--no-cache", "--content", path.join(corpus, "content"), "--templates", BUILTIN_TEMPLATES, "--public", BUILTIN_PUBLIC, "--out", out];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("close", (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`xnews build failed on ${corpus}`))));
  });
}

/** Milliseconds from each query to its results on search.html, in a fresh browser context, the CPU slowed 4x. */
async function queryTimes(browser: Browser, site: string, queries: Query[]): Promise<number[]> {
  const served = await serveFolder(site);
  const times: number[] = [];
  try {
    for (const q of queries) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
      await page.goto(`${served.url}search.html?q=${encodeURIComponent(q.text)}`);
      await page.waitForFunction(() => performance.getEntriesByName("xnews:search").length > 0, undefined, { timeout: 60_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName("xnews:search")[0]!.duration));
      await context.close();
    }
  } finally {
    await served.close();
  }
  return times;
}

async function measureOurs(corpus: string, out: string, queries: Query[], truth: Map<string, Set<string>> | undefined, timed: Query[], browser: Browser): Promise<SearchFigures> {
  const buildMs = await build(corpus, out);
  const index = folderSize(path.join(out, "search"));
  let scored: Pick<SearchFigures, "recall" | "precision"> = {};
  if (truth) {
    const search = siteSearch(out);
    const found = new Map<string, Set<string>>();
    for (const q of queries) found.set(q.text, new Set((await allResults(search, q.text)).map((h) => h.doc.u)));
    scored = scoreResults(queries, truth, found);
  }
  const bytes: number[] = [];
  for (const q of timed) {
    const fresh = siteSearch(out);
    await fresh.engine.search(q.text).page(1);
    bytes.push([...fresh.loaded.values()].reduce((a, b) => a + b, 0));
  }
  const times = await queryTimes(browser, out, timed);
  return {
    name: "xnews",
    buildMs,
    indexBytes: index.bytes,
    indexFiles: index.files,
    ...scored,
    firstQueryBytes: { median: median(bytes), max: Math.max(...bytes) },
    queryMs: { median: median(times), p95: percentile(times, 95) },
  };
}

const pct = (x: number | undefined) => (x === undefined ? "–" : `${(x * 100).toFixed(1)}%`);
const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en")} KiB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function table(size: number, rows: SearchFigures[]): string {
  const lines = [
    `### ${size.toLocaleString("en")} stories`,
    "",
    `| | ${rows.map((r) => r.name).join(" | ")} |`,
    `|---|${rows.map(() => "---").join("|")}|`,
    `| recall (crossing a word boundary / whole words) | ${rows.map((r) => `${pct(r.recall?.all)} (${pct(r.recall?.crossing)} / ${pct(r.recall?.words)})`).join(" | ")} |`,
    `| precision (crossing / whole words) | ${rows.map((r) => `${pct(r.precision?.all)} (${pct(r.precision?.crossing)} / ${pct(r.precision?.words)})`).join(" | ")} |`,
    `| bytes loaded by a first query: median / max | ${rows.map((r) => `${kb(r.firstQueryBytes.median)} / ${kb(r.firstQueryBytes.max)}`).join(" | ")} |`,
    `| index: size, files | ${rows.map((r) => `${mb(r.indexBytes)}, ${r.indexFiles.toLocaleString("en")}`).join(" | ")} |`,
    `| query to results, 4x slower CPU: median / p95 | ${rows.map((r) => `${Math.round(r.queryMs.median)} ms / ${Math.round(r.queryMs.p95)} ms`).join(" | ")} |`,
    `| build (xnews: the whole site, cold; Pagefind: its index of the built site) | ${rows.map((r) => `${(r.buildMs / 1000).toFixed(1)} s`).join(" | ")} |`,
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  const browser = await launchBrowser();
  try {
    for (const size of sizes.length ? sizes : [10_000]) {
      const corpus = benchCorpus(size);
      const out = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "xnews-search-bench-"));
      try {
        process.stderr.write(`bench:search: ${size} stories: reading the story texts…\n`);
        const texts = storyTexts(path.join(corpus, "content"));
        const queries = sampleQueries(texts, queryCount, "search-bench");
        const scanned = size <= MOST_SCANNED;
        const truth = scanned ? new Map(queries.map((q) => [q.text, storiesHolding(texts, q.text)])) : undefined;
        const timed = queries.filter((_, i) => i % Math.max(1, Math.floor(queries.length / timedCount)) === 0).slice(0, timedCount);
        process.stderr.write(`bench:search: building and searching with xnews…\n`);
        const rows = [await measureOurs(corpus, out, queries, truth, timed, browser)];
        if (withPeer && truth) {
          const peer = await loadPeer();
          if (peer) {
            process.stderr.write(`bench:search: indexing and searching with Pagefind…\n`);
            rows.push(await peer({ site: out, queries, truth, timedQueries: timed, browser, log: (line) => process.stderr.write(`  ${line}\n`) }));
          }
        }
        process.stdout.write(`${table(size, rows)}\n\n${queries.length} queries (${queries.filter((q) => q.crossing).length} crossing a word boundary); bytes and times over ${timed.length} of them.\n\n`);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
}

/** Pagefind's measure, when the pagefind package is installed. */
async function loadPeer() {
  try {
    return (await import("./search-pagefind.js")).measurePagefind;
  } catch (e) {
    process.stderr.write(`bench:search: Pagefind left out (${(e as Error).message})\n`);
    return undefined;
  }
}

await main();
