// Where each story sits in the search index, from the model alone: stories are grouped by the
// month of their date and numbered within it, oldest first (a new story moves no other); the
// text index is cut by year into files by bigram, the title index into files for the whole site.
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
  /** Files its text index is cut into (a power of two). */
  buckets: number;
  /** Changes whenever one of its months does. */
  print: string;
}

export interface SearchLayout {
  /** Newest first. */
  years: SearchYear[];
  /** Files the title index is cut into (a power of two). */
  titleBuckets: number;
  /** Changes whenever any month does. */
  print: string;
}

/** Stories per text index file of a year, about: a file of a year's index then holds some tens of KB. */
const STORIES_PER_TEXT_FILE = 24;
/** Stories per title index file: titles are short. */
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
  for (const year of years) {
    let yearDocs = 0;
    for (const m of year.months) {
      m.articles.reverse();
      // What the month's index is made of: the month, its stories in order, their titles and bodies.
      m.print = hash(`${m.key}\0${m.articles.map(({ story }) => `${story.id}\0${story.title}\0${story.body.hash}`).join("\0")}`);
      yearDocs += m.articles.length;
    }
    year.buckets = filesFor(yearDocs / STORIES_PER_TEXT_FILE);
    year.print = hash(`${year.buckets}\0${year.months.map((m) => m.print).join("\0")}`);
    docs += yearDocs;
  }
  const titleBuckets = filesFor(docs / STORIES_PER_TITLE_FILE);
  return { years, titleBuckets, print: hash(`${titleBuckets}\0${years.map((y) => y.print).join("\0")}`) };
}

/** The power of two at or above `n`, from 1 to MOST_FILES. */
function filesFor(n: number): number {
  let files = 1;
  while (files < n && files < MOST_FILES) files *= 2;
  return files;
}

/** Stories per file of stories: a search's first results, newest first, are often neighbours. */
export const STORIES_PER_FILE = 4;

// Each route function stands alone: the search script carries their source, to find the files.

/** The file holding story number `n` of a month ("YYYYMM") with its neighbours, `perFile` a file: titles, addresses, texts. */
export function searchDocRoute(month: string, n: number, perFile: number): string {
  return `search/${month.slice(0, 4)}/${month.slice(4)}/${Math.floor(n / perFile)}.js`;
}

export function searchTextRoute(year: string, bucket: number): string {
  return `search/${year}/${bucket}.js`;
}

export function searchTitleRoute(bucket: number): string {
  return `search/t/${bucket}.js`;
}

export const SEARCH_MANIFEST_ROUTE = "search/index.js";
export const SEARCH_SCRIPT_ROUTE = "search/search.js";
export const SEARCH_PAGE_ROUTE = "search.html";
