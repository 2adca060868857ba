// The search index of every month of the site (render/search-postings.ts), kept across builds: a
// build indexes only the months it has no index for (model/search-layout.ts gives each month a
// print), on the workers, from the search files of stories it has just written (their titles and
// texts, so no story is read twice); the index files (the head's: every title and the newest
// year's texts; each older year's) are then made from the months' indexes. `xnews dev` keeps them
// in memory; `xnews build` keeps them in its cache (build/cache.ts), two files a month, so a
// publish loads the title indexes of all months, the text indexes of the newest year and of the
// year it changed, no more.
import fs from "node:fs";
import path from "node:path";
import { bodySourceOf, createBodyReader } from "../content/story-body.js";
import type { MarkdownOptions } from "../content/markdown.js";
import { STORIES_PER_FILE, monthFiles, searchDocRoute, type SearchLayout, type SearchMonth } from "../model/search-layout.js";
import { docsInFile } from "./search-docs.js";
import { indexMonth, type MonthIndex, type Postings } from "./search-postings.js";

export type IndexPart = "title" | "text";

/** Where month indexes outlive a build. */
export interface MonthStore {
  has(print: string): boolean;
  load(print: string, part: IndexPart): Postings | undefined;
  save(print: string, index: MonthIndex): void;
  /** Forgets every month but these. */
  keepOnly(prints: ReadonlySet<string>): void;
}

/** A month whose search files a build has written (render/search-files.ts): their paths, in order. */
export interface WrittenMonth {
  print: string;
  files: string[];
}

/** Indexes a month from the stories' titles and texts in its search files: no story file is read again. */
export function indexWrittenMonth(work: WrittenMonth): MonthIndex {
  const docs = work.files.flatMap((file) => docsInFile(fs.readFileSync(file, "utf8")));
  return indexMonth(docs.map((d) => ({ title: d.t, text: d.x })));
}

/** Months as the search files of their stories under `root` (a build's stage). */
export function writtenMonths(months: readonly SearchMonth[], root: string): WrittenMonth[] {
  return months.map((month) => ({ print: month.print, files: monthFiles(month, STORIES_PER_FILE, searchDocRoute).map((file) => path.join(root, file.route)) }));
}

/** Indexing in this thread, from the story files, their bodies read as text with these settings. */
export function indexInThisThread(markdown: MarkdownOptions): (month: SearchMonth) => MonthIndex {
  const readText = createBodyReader(markdown, "text");
  return (month) => indexMonth(month.articles.map(({ story }) => ({ title: story.title, text: readText(bodySourceOf(story)) })));
}

export class SearchIndexes {
  /** Indexes in memory, by month print: all of them without a store, else those made by this process. */
  private readonly held = new Map<string, MonthIndex>();

  /** @param indexNow indexes a month in this thread, when neither memory nor the store has it */
  constructor(
    private readonly indexNow: (month: SearchMonth) => MonthIndex,
    private readonly store?: MonthStore,
  ) {}

  /** The months of `layout` with no index in memory or in the store. */
  missing(layout: SearchLayout): SearchMonth[] {
    return layout.years.flatMap((year) => year.months.filter((month) => !this.held.has(month.print) && !this.store?.has(month.print)));
  }

  /** Indexes the missing months here, in this thread, from the story files (`xnews dev`, which has no pool). */
  indexMissing(layout: SearchLayout): void {
    for (const month of this.missing(layout)) this.put(month.print, this.indexNow(month));
  }

  put(print: string, index: MonthIndex): void {
    this.held.set(print, index);
    this.store?.save(print, index);
  }

  postings(month: SearchMonth, part: IndexPart): Postings {
    const held = this.held.get(month.print);
    if (held) return held[part];
    const stored = this.store?.load(month.print, part);
    if (stored) return stored;
    const index = this.indexNow(month);
    this.put(month.print, index);
    return index[part];
  }

  /** Lets go of every month `layout` no longer has. */
  retain(layout: SearchLayout): void {
    const prints = new Set(layout.years.flatMap((y) => y.months.map((m) => m.print)));
    for (const print of [...this.held.keys()]) if (!prints.has(print)) this.held.delete(print);
    this.store?.keepOnly(prints);
  }
}
