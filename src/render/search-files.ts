// The files of the site's search, all scripts (a page opened from disk may run scripts, not fetch
// files): the head index files (every title, the newest year's texts), each older year's text
// index files, and the search script itself; and the manifest search.html carries (years, months,
// how many files each index is cut into, channel names). The files of stories (what a result
// shows, the text that decides it) are render/search-docs.ts's. Layout: model/search-layout.ts.
import type { SiteModel } from "../model/site-model.js";
import { SEARCH_SCRIPT_ROUTE, STORIES_PER_CARD_FILE, STORIES_PER_FILE, searchCardRoute, searchDocRoute, searchHeadRoute, searchTextRoute, type SearchMonth, type SearchYear } from "../model/search-layout.js";
import type { IndexPart, SearchIndexes } from "./search-index.js";
import { searchEngine, type IndexFile, type IndexPostings, type SearchManifest } from "./search-engine.js";
import { searchPage } from "./search-page-script.js";
import { bucketOf, eachBigram, foldText, isSpace } from "./search-text.js";
import { jsonForScript } from "./script-json.js";
import { HUB } from "./search-docs.js";

/** Results on a page of the search page. */
export const SEARCH_PER_PAGE = 20;

/** What a search needs before it loads a file: search.html carries it (its script's data-manifest). */
export function searchManifest(model: SiteModel): SearchManifest {
  return {
    headBuckets: model.search.headBuckets,
    storiesPerFile: STORIES_PER_FILE,
    storiesPerCardFile: STORIES_PER_CARD_FILE,
    years: model.search.years.map((y) => ({ year: y.year, buckets: y.buckets, months: y.months.map((m): [string, number] => [m.key, m.articles.length]) })),
    channels: Object.fromEntries([...model.channels.bySlug.values()].map((c) => [c.slug, c.name])),
  };
}

/** The `part` postings of `months` cut into `buckets`: every bigram of each bucket with, per month, its stories in base64. */
function postingsByBucket(indexes: SearchIndexes, months: readonly SearchMonth[], part: IndexPart, buckets: number): IndexPostings[] {
  const entries: { code: number; month: string; bytes: Uint8Array }[][] = Array.from({ length: buckets }, () => []);
  for (const month of months) {
    const { codes, ends, bytes } = indexes.postings(month, part);
    for (let i = 0; i < codes.length; i++) {
      entries[bucketOf(codes[i]!, buckets)]!.push({ code: codes[i]!, month: month.key, bytes: bytes.subarray(i ? ends[i - 1]! : 0, ends[i]!) });
    }
  }
  return entries.map((list) => {
    list.sort((a, b) => a.code - b.code);
    const postings: IndexPostings = {};
    for (const { code, month, bytes } of list) {
      (postings[String.fromCharCode(code >>> 16, code & 0xffff)] ??= {})[month] = Buffer.from(bytes).toString("base64");
    }
    return postings;
  });
}

function indexFile(route: string, index: IndexFile): string {
  return `${HUB}.add(${jsonForScript(route)},${jsonForScript(index)});\n`;
}

/** The head's index files and each older year's, made once per model when first asked for. */
export class SearchFiles {
  private made = new Map<string, string[]>();

  constructor(
    private readonly model: SiteModel,
    private readonly indexes: SearchIndexes,
  ) {}

  head(bucket: number): string {
    return this.files("head", () => {
      const { years, headBuckets } = this.model.search;
      const titles = postingsByBucket(this.indexes, years.flatMap((y) => y.months), "title", headBuckets);
      const texts = postingsByBucket(this.indexes, years[0]?.months ?? [], "text", headBuckets);
      return titles.map((t, b) => indexFile(searchHeadRoute(b), { t, x: texts[b] }));
    })[bucket]!;
  }

  text(year: SearchYear, bucket: number): string {
    // One year's files at a time are held.
    return this.files(`text:${year.year}`, () => {
      for (const key of [...this.made.keys()]) if (key.startsWith("text:")) this.made.delete(key);
      return postingsByBucket(this.indexes, year.months, "text", year.buckets).map((x, b) => indexFile(searchTextRoute(year.year, b), { x }));
    })[bucket]!;
  }

  private files(key: string, make: () => string[]): string[] {
    let files = this.made.get(key);
    if (!files) this.made.set(key, (files = make()));
    return files;
  }
}

/**
 * The search script: the search (render/search-engine.ts) and the page that shows it
 * (search-page-script.ts). The manifest comes with the page, so a search's first files load at once.
 */
export function searchScript(): string {
  const routes = `{doc:${searchDocRoute},card:${searchCardRoute},head:${searchHeadRoute},text:${searchTextRoute}}`;
  return `// Search: written by xnews for search.html. It reads the index files beside it; see the README.
(function () {
"use strict";
${foldText}
${isSpace}
${eachBigram}
${bucketOf}
var script = document.currentScript;
var root = script.src.slice(0, script.src.length - ${JSON.stringify(SEARCH_SCRIPT_ROUTE)}.length);
function load(path) {
  return new Promise(function (resolve, reject) {
    var s = document.createElement("script");
    s.src = root + path;
    s.onload = function () { s.remove(); resolve(); };
    s.onerror = function () { s.remove(); reject(new Error("could not load " + path)); };
    document.head.appendChild(s);
  });
}
var manifest = script.getAttribute("data-manifest");
if (!manifest) throw new Error("search.js needs its manifest: search.html's <script> must carry data-manifest (templates/search.njk)");
var engine = (${searchEngine})({ foldText: foldText, isSpace: isSpace, eachBigram: eachBigram, bucketOf: bucketOf }, ${routes}, JSON.parse(manifest), load, ${SEARCH_PER_PAGE});
window.${HUB} = engine.hub;
(${searchPage})(engine, root, document, location);
})();
`;
}
