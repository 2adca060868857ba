// What a search should find, worked out without any index: every published story's title and text
// as a reader sees them (folded as search folds them), queries sampled from those texts, and for
// each query the stories that hold it, by a plain scan. Tests and `npm run bench:search` (ours
// and Pagefind's) are measured against it.
import fs from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { loadContent } from "../content/load-content.js";
import { createMarkdown } from "../content/markdown.js";
import { buildSiteModel } from "../model/site-model.js";
import { createRandom } from "../gen/random.js";
import { foldText, isSpace } from "../render/search-text.js";

export interface StoryText {
  /** The story's page, from the site root. */
  route: string;
  title: string;
  /** Title and text, folded. */
  folded: string;
}

export interface Query {
  text: string;
  /** Starts or ends inside a word (Intl.Segmenter's words): where a search by words goes wrong. */
  crossing: boolean;
}

/** Every published article of the site whose content/ is `contentDir`, as search sees it. */
export function storyTexts(contentDir: string): StoryText[] {
  const loaded = loadContent(contentDir);
  if (!loaded.content) throw new Error(loaded.diagnostics.map((d) => `${d.file}: ${d.message}`).join("\n"));
  const { model } = buildSiteModel(loaded.content);
  const markdown = createMarkdown(model.config.markdown);
  return model.articles.map(({ story, route }) => {
    const body = matter(fs.readFileSync(path.resolve(story.path), "utf8")).content;
    return { route, title: story.title, folded: foldText(`${story.title}\n${markdown.text(body)}`) };
  });
}

/**
 * `count` queries of 2 to 6 characters (as many of each length), taken from random places in
 * random stories: half crossing a word boundary, half whole words or runs of whole words.
 */
export function sampleQueries(texts: readonly StoryText[], count: number, seed: string): Query[] {
  const random = createRandom(seed);
  const words = new Intl.Segmenter("zh", { granularity: "word" });
  const queries: Query[] = [];
  const seen = new Set<string>();
  for (let tries = 0; queries.length < count && tries < count * 1000; tries++) {
    const crossing = queries.length % 2 === 0;
    const length = 2 + (Math.floor(queries.length / 2) % 5);
    const text = random.pick(texts).folded;
    const at = random.int(0, Math.max(0, text.length - length));
    const query = text.slice(at, at + length);
    if (query.length !== length || [...query].some((c) => isSpace(c.charCodeAt(0))) || seen.has(query)) continue;
    // Word boundaries around the query, from the sentence it is in.
    const from = Math.max(0, at - 20);
    const bounds = new Set([...words.segment(text.slice(from, at + length + 20))].map((s) => s.index + from));
    const aligned = bounds.has(at) && (bounds.has(at + length) || at + length === text.length);
    if (aligned === crossing) continue;
    seen.add(query);
    queries.push({ text: query, crossing });
  }
  return queries;
}

/** The routes of the stories holding `query` (folded), by a plain scan. */
export function storiesHolding(texts: readonly StoryText[], query: string): Set<string> {
  const folded = foldText(query);
  return new Set(texts.filter((t) => t.folded.includes(folded)).map((t) => t.route));
}
