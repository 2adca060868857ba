// Where each story sits in the search index, from the model alone: stories are grouped by the
// month of their date and numbered within it, oldest first (a new story moves no other). The
// index is cut into files by bigram: the head files hold the titles of the whole site with the
// texts of the newest year (most searches need nothing else, and each of their bigrams then costs
// one file), and each older year's texts have files of their own.
// Each month has a print that changes whenever anything its index is made from could change, so
// a build indexes again only the months whose print changed. The files themselves:
// render/search-files.ts; the search, in the reader's browser: render/search-engine.ts.
import { datePathParts } from "../dates.js";
import { hash } from "../hash.js";
import type { PublishedArticle } from "./published.js";

export interface SearchMonth {
  /** "YYYYMM". */
  key: string;
  /** Its stories, oldest first: a story's number is its place here. */
  articles: PublishedArticle[];
  /** Changes whenever the month's index could: its key, its stories' order, titles or bodies. */
  print: string;
}

export interface SearchYear {
  year: string;
  /** Its months, newest first. */
  months: SearchMonth[];
  /** Files its text index is cut into (a power of two); 0 for the newest year, whose texts are in the head files. */
  buckets: number;
  /** Changes whenever one of its months does. */
  print: string;
}

export interface SearchLayout {
  /** Newest first. */
  years: SearchYear[];
  /** Files the head of the index (every title, the newest year's texts) is cut into (a power of two). */
  headBuckets: number;
  /** Changes whenever the head's files could: their number, a month's stories or titles, the newest year. */
  headPrint: string;
}

/**
 * Stories' texts per index file, about: a file then holds some tens of KB. A reader's browser pays
 * more for each file it loads than for its size (about 10 ms for a first file, 2–3 ms for each one
 * loaded beside it, at 4x CPU slowdown), so files are few and not small.
 */
const STORIES_PER_TEXT_FILE = 24;
/** Stories' titles per index file, about: titles are short. */
const STORIES_PER_TITLE_FILE = 128;
const MOST_FILES = 1024;

/** @param articles published articles, newest first */
export function searchLayout(articles: readonly PublishedArticle[]): SearchLayout {
  const years: SearchYear[] = [];
  let month: SearchMonth | undefined;
  for (const article of articles) {
    const { yyyy, mm } = datePathParts(article.story.date);
    const key = yyyy + mm;
    if (month?.key !== key) {
      month = { key, articles: [], print: "" };
      if (years.at(-1)?.year !== yyyy) years.push({ year: yyyy, months: [], buckets: 0, print: "" });
      years.at(-1)!.months.push(month);
    }
    month.articles.push(article);
  }
  let docs = 0;
  for (const [i, year] of years.entries()) {
    let yearDocs = 0;
    for (const m of year.months) {
      m.articles.reverse();
      // What the month's index is made of: the month, its stories in order, their titles and bodies.
      m.print = hash(`${m.key}\0${m.articles.map(({ story }) => `${story.id}\0${story.title}\0${story.body.hash}`).join("\0")}`);
      yearDocs += m.articles.length;
    }
    year.buckets = i === 0 ? 0 : filesFor(yearDocs / STORIES_PER_TEXT_FILE);
    year.print = hash(`${year.buckets}\0${year.months.map((m) => m.print).join("\0")}`);
    docs += yearDocs;
  }
  const newest = years[0]?.months.reduce((n, m) => n + m.articles.length, 0) ?? 0;
  const headBuckets = filesFor(docs / STORIES_PER_TITLE_FILE + newest / STORIES_PER_TEXT_FILE);
  // The head holds every month's titles, and the newest year's texts: an older story's text is not in it.
  const titles = years.slice(1).flatMap((y) => y.months.map((m) => `${m.key}\0${m.articles.map(({ story }) => `${story.id}\0${story.title}`).join("\0")}`));
  const headPrint = hash(`${headBuckets}\0${years[0]?.print ?? ""}\0${titles.join("\0")}`);
  return { years, headBuckets, headPrint };
}

/** The power of two at or above `n`, from 1 to MOST_FILES. */
function filesFor(n: number): number {
  let files = 1;
  while (files < n && files < MOST_FILES) files *= 2;
  return files;
}

/**
 * Stories per file of stories: a search's first results, newest first, are often neighbours, and
 * a file costs a browser more than its bytes. Measured on the 300 queries of npm run bench:search at
 * 10,000 stories: files of 4 took 70 ms (median), of 8 60 ms, of 16 48 ms, of 32 47 ms, a first
 * query loading 226, 255, 258 and 371 KiB (its script not counted).
 */
export const STORIES_PER_FILE = 16;

/**
 * Stories per file of cards (what a title hit shows: title, address, day, channel, summary). A
 * search's title hits are spread over the years, so these files hold many small cards: twenty
 * title hits then load a few files, not twenty.
 */
export const STORIES_PER_CARD_FILE = 128;

/** A month's files of stories or of cards, `perFile` stories a file: each one's route and the numbers [from, to) it holds. */
export function monthFiles(month: SearchMonth, perFile: number, route: (month: string, n: number, perFile: number) => string): { from: number; to: number; route: string }[] {
  const files = [];
  for (let from = 0; from < month.articles.length; from += perFile) files.push({ from, to: Math.min(from + perFile, month.articles.length), route: route(month.key, from, perFile) });
  return files;
}

// Each route function stands alone: the search script carries their source, to find the files.

/** The file holding story number `n` of a month ("YYYYMM") with its neighbours, `perFile` a file: titles, addresses, texts. */
export function searchDocRoute(month: string, n: number, perFile: number): string {
  return `search/${month.slice(0, 4)}/${month.slice(4)}/${Math.floor(n / perFile)}.js`;
}

/** The file of cards holding story number `n` of a month ("YYYYMM") with its neighbours, `perFile` a file. */
export function searchCardRoute(month: string, n: number, perFile: number): string {
  return `search/${month.slice(0, 4)}/${month.slice(4)}/c${Math.floor(n / perFile)}.js`;
}

export function searchTextRoute(year: string, bucket: number): string {
  return `search/${year}/${bucket}.js`;
}

export function searchHeadRoute(bucket: number): string {
  return `search/h/${bucket}.js`;
}

export const SEARCH_SCRIPT_ROUTE = "search/search.js";
export const SEARCH_PAGE_ROUTE = "search.html";
