// What `npm run bench:search` measures of a search, ours and Pagefind's alike: the figures of a
// row of its table, recall and precision against the plain scan (search-queries.ts), sizes of
// folders, and a local server the browser loads a site from, counting the bytes it sends.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Query } from "./search-queries.js";

export interface SearchFigures {
  name: string;
  /** xnews: the whole site's cold build; a peer: its index of the built site. */
  buildMs: number;
  buildPeakMiB?: number;
  /** Every file the search needs, its script included. */
  indexBytes: number;
  indexFiles: number;
  /** Fractions over (query, story) pairs: found and expected / expected; none past the sizes scanned. */
  recall?: { all: number; crossing: number; words: number };
  /** Found and expected / found. */
  precision?: { all: number; crossing: number; words: number };
  /** Bytes a first query loads once the search page is there. */
  firstQueryBytes: { median: number; max: number };
  /** From a query to its first page of results, in a fresh context, the CPU slowed 4x. */
  queryMs: { median: number; p95: number };
}

/** The browser's CPU is slowed this much for the timings (CDP's CPU throttling rate). */
export const CPU_SLOWDOWN = 4;

/** Found against expected, micro-averaged over (query, story) pairs, for all queries and for each kind. */
export function scoreResults(queries: Query[], truth: Map<string, Set<string>>, found: Map<string, Set<string>>): Pick<SearchFigures, "recall" | "precision"> {
  const tally = (subset: Query[]) => {
    let hit = 0;
    let expected = 0;
    let returned = 0;
    for (const query of subset) {
      const want = truth.get(query.text);
      const got = found.get(query.text);
      if (!want || !got) throw new Error(`no ${want ? "results" : "truth"} for the query "${query.text}"`);
      for (const route of got) if (want.has(route)) hit++;
      expected += want.size;
      returned += got.size;
    }
    return { recall: expected ? hit / expected : 1, precision: returned ? hit / returned : 1 };
  };
  const all = tally(queries);
  const crossing = tally(queries.filter((q) => q.crossing));
  const words = tally(queries.filter((q) => !q.crossing));
  return {
    recall: { all: all.recall, crossing: crossing.recall, words: words.recall },
    precision: { all: all.precision, crossing: crossing.precision, words: words.precision },
  };
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Files and bytes under a folder. */
export function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const stat = fs.statSync(path.join(dir, rel));
    if (stat.isFile()) {
      files++;
      bytes += stat.size;
    }
  }
  return { files, bytes };
}

export interface ServedFolder {
  /** Ends with "/". */
  url: string;
  /** Bytes sent so far, all requests together. */
  bytesSent: () => number;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json", ".pagefind": "application/wasm" };

/**
 * Serves a folder on 127.0.0.1 under the path `under` (e.g. "news/"; "" for the root), with `extra`
 * pages (route → HTML) that are not files of it.
 */
export async function serveFolder(root: string, extra: Record<string, string> = {}, under = ""): Promise<ServedFolder> {
  let sent = 0;
  const server = http.createServer((req, res) => {
    const requested = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname).slice(1);
    if (!requested.startsWith(under)) return void res.writeHead(404).end();
    const route = requested.slice(under.length);
    const file = path.join(root, route.endsWith("/") || route === "" ? `${route}index.html` : route);
    let body: Buffer;
    if (extra[route] !== undefined) body = Buffer.from(extra[route]!);
    else if (file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) body = fs.readFileSync(file);
    else return void res.writeHead(404).end();
    sent += body.length;
    // Cacheable: fresh pages of one context load a search's code from the context's cache.
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "max-age=3600" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${under}`,
    bytesSent: () => sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
