// The site's search as a reader's browser runs it (render/search-engine.ts), run in Node over a
// built site's files: the manifest read from search.html, each search file run as the browser
// would run it, with only the hub it calls in scope. Tests and `npm run bench:search` measure the
// search with it.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import * as cheerio from "cheerio";
import { SEARCH_PAGE_ROUTE, SEARCH_SCRIPT_ROUTE, searchCardRoute, searchDocRoute, searchHeadRoute, searchTextRoute } from "../model/search-layout.js";
import { searchEngine } from "../render/search-engine.js";
import { SEARCH_PER_PAGE } from "../render/search-files.js";
import { bucketOf, eachBigram, foldText, isSpace } from "../render/search-text.js";

export interface SiteSearch {
  engine: ReturnType<typeof searchEngine>;
  /** The files loaded so far, with their sizes in bytes. */
  loaded: Map<string, number>;
}

export function siteSearch(outDir: string): SiteSearch {
  const loaded = new Map<string, number>();
  const context = vm.createContext({ atob });
  const manifest = cheerio.load(fs.readFileSync(path.join(outDir, SEARCH_PAGE_ROUTE), "utf8"))("script[data-manifest]").attr("data-manifest");
  if (!manifest) throw new Error(`${SEARCH_PAGE_ROUTE} has no script with data-manifest`);
  // Counted with the files a search loads, as Pagefind's script and start-up files are: the manifest search.html brings, and the search script.
  loaded.set(`${SEARCH_PAGE_ROUTE} (manifest)`, Buffer.byteLength(manifest));
  loaded.set(SEARCH_SCRIPT_ROUTE, fs.statSync(path.join(outDir, SEARCH_SCRIPT_ROUTE)).size);
  const engine = searchEngine(
    { foldText, isSpace, eachBigram, bucketOf },
    { doc: searchDocRoute, card: searchCardRoute, head: searchHeadRoute, text: searchTextRoute },
    JSON.parse(manifest),
    async (route) => {
      let text: string;
      try {
        text = fs.readFileSync(path.join(outDir, route), "utf8");
      } catch {
        throw new Error(`could not load ${route}`);
      }
      loaded.set(route, Buffer.byteLength(text));
      vm.runInContext(text, context);
    },
    SEARCH_PER_PAGE,
  );
  context.xnewsSearch = engine.hub;
  return { engine, loaded };
}

/** Every result of a query, page after page, in order. */
export async function allResults(search: SiteSearch, query: string) {
  const hits = [];
  const pages = search.engine.search(query);
  for (let n = 1; ; n++) {
    const page = await pages.page(n);
    hits.push(...page.hits);
    if (!page.more) return hits;
  }
}
