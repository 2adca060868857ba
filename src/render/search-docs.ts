// The files of stories for search: each holds a few stories of a month (model/search-layout.ts),
// with what a result shows (title, address, day, channel) and the text that decides whether the
// story holds the query. Written by the workers, which read each story's text from its file; read
// back by the build to index the month (render/search-index.ts) and by the reader's browser.
// Beside them, the files of cards: what a title hit shows, its summary for a text, many a file.
import { bodySourceOf, type BodySource } from "../content/story-body.js";
import type { DatedStory } from "../content/story.js";
import { summaryOf } from "../content/teaser.js";
import { formatDay } from "../dates.js";
import type { SearchMonth } from "../model/search-layout.js";
import type { SearchDoc } from "./search-engine.js";
import { jsonForScript } from "./script-json.js";

/** The name the search files call: `xnewsSearch.add(…)`. */
export const HUB = "xnewsSearch";

/**
 * A file of stories for search, in pieces: text, then where each story's body is, whose text goes
 * there (as a JSON string) when the file is written.
 */
export function searchDocsPieces(stories: { story: DatedStory; route?: string }[], month: SearchMonth, from: number): (string | BodySource)[] {
  const pieces: (string | BodySource)[] = [`${HUB}.docs(${jsonForScript(month.key)},${from},[`];
  stories.forEach(({ story, route }, i) => {
    const doc: Omit<SearchDoc, "x"> = { u: route!, t: story.title, d: formatDay(story.date), c: story.channel! };
    pieces.push(`${i ? "," : ""}${jsonForScript(doc).slice(0, -1)},"x":`, bodySourceOf(story), "}");
  });
  pieces.push("]);\n");
  return pieces;
}

/** A file of cards: what a title hit shows of each story (its text, `x`, is the story's summary). */
export function searchCardsText(stories: { story: DatedStory; route?: string }[], month: SearchMonth, from: number): string {
  const cards = stories.map(({ story, route }): SearchDoc => ({ u: route!, t: story.title, d: formatDay(story.date), c: story.channel!, x: summaryOf(story) }));
  return `${HUB}.cards(${jsonForScript(month.key)},${from},${jsonForScript(cards)});\n`;
}

/** The stories a file of stories for search holds (as searchDocsPieces wrote it). */
export function docsInFile(text: string): SearchDoc[] {
  return JSON.parse(text.slice(text.indexOf("["), text.lastIndexOf("]") + 1)) as SearchDoc[];
}
