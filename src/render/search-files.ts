// The files of the site's search, all scripts (a page opened from disk may run scripts, not fetch
// files): the manifest (years, months, how many files each index is cut into, channel names), the
// index files of the titles and of each year's texts, and the search script itself. The files of
// stories (what a result shows, the text that decides it) are render/search-docs.ts's. Layout:
// model/search-layout.ts.
import type { SiteModel } from "../model/site-model.js";
import { SEARCH_MANIFEST_ROUTE, SEARCH_SCRIPT_ROUTE, STORIES_PER_FILE, searchDocRoute, searchTextRoute, searchTitleRoute, type SearchMonth, type SearchYear } from "../model/search-layout.js";
import type { IndexPart, SearchIndexes } from "./search-index.js";
import { searchEngine, type SearchManifest } from "./search-engine.js";
import { searchPage } from "./search-page-script.js";
import { bucketOf, eachBigram, foldText, isSpace } from "./search-text.js";
import { jsonForScript } from "./script-json.js";
import { HUB } from "./search-docs.js";

/** Results on a page of the search page. */
export const SEARCH_PER_PAGE = 20;

export function searchManifest(model: SiteModel): string {
  const manifest: SearchManifest = {
    titleBuckets: model.search.titleBuckets,
    storiesPerFile: STORIES_PER_FILE,
    years: model.search.years.map((y) => ({ year: y.year, buckets: y.buckets, months: y.months.map((m): [string, number] => [m.key, m.articles.length]) })),
    channels: Object.fromEntries([...model.channels.bySlug.values()].map((c) => [c.slug, c.name])),
  };
  return `${HUB}.manifest(${jsonForScript(manifest)});\n`;
}

/**
 * The index files of `months` cut into `buckets`, each file's text by bucket: every bigram of the
 * bucket with, per month, its stories as base64.
 */
export function indexFiles(indexes: SearchIndexes, months: readonly SearchMonth[], part: IndexPart, buckets: number, route: (bucket: number) => string): string[] {
  const entries: { code: number; month: string; bytes: Uint8Array }[][] = Array.from({ length: buckets }, () => []);
  for (const month of months) {
    const { codes, ends, bytes } = indexes.postings(month, part);
    for (let i = 0; i < codes.length; i++) {
      entries[bucketOf(codes[i]!, buckets)]!.push({ code: codes[i]!, month: month.key, bytes: bytes.subarray(i ? ends[i - 1]! : 0, ends[i]!) });
    }
  }
  return entries.map((list, bucket) => {
    list.sort((a, b) => a.code - b.code);
    const postings: Record<string, Record<string, string>> = {};
    for (const { code, month, bytes } of list) {
      (postings[String.fromCharCode(code >>> 16, code & 0xffff)] ??= {})[month] = Buffer.from(bytes).toString("base64");
    }
    return `${HUB}.add(${jsonForScript(route(bucket))},${jsonForScript(postings)});\n`;
  });
}

/** Each year's index files, and the title index's, made once per model when first asked for. */
export class SearchFiles {
  private made = new Map<string, string[]>();

  constructor(
    private readonly model: SiteModel,
    private readonly indexes: SearchIndexes,
  ) {}

  title(bucket: number): string {
    const { search } = this.model;
    return this.files("title", () => indexFiles(this.indexes, search.years.flatMap((y) => y.months), "title", search.titleBuckets, searchTitleRoute))[bucket]!;
  }

  text(year: SearchYear, bucket: number): string {
    // One year's files at a time are held.
    return this.files(`text:${year.year}`, () => {
      for (const key of [...this.made.keys()]) if (key.startsWith("text:")) this.made.delete(key);
      return indexFiles(this.indexes, year.months, "text", year.buckets, (b) => searchTextRoute(year.year, b));
    })[bucket]!;
  }

  private files(key: string, make: () => string[]): string[] {
    let files = this.made.get(key);
    if (!files) this.made.set(key, (files = make()));
    return files;
  }
}

/** The search script: the search (render/search-engine.ts) and the page that shows it (search-page-script.ts). */
export function searchScript(): string {
  const routes = `{manifest:${JSON.stringify(SEARCH_MANIFEST_ROUTE)},doc:${searchDocRoute},text:${searchTextRoute},title:${searchTitleRoute}}`;
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
var engine = (${searchEngine})({ foldText: foldText, isSpace: isSpace, eachBigram: eachBigram, bucketOf: bucketOf }, ${routes}, load, ${SEARCH_PER_PAGE});
window.${HUB} = engine.hub;
(${searchPage})(engine, root, document, location);
})();
`;
}
