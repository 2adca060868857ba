// A story's distinctive words, for automatic 相关新闻: its title and text cut into Chinese words by
// jieba (@node-rs/jieba: 14 M characters a second here, where Intl.Segmenter does 1.7 M), each
// weighted by TF-IDF against jieba's general dictionary, the strongest few kept. The site's own
// IDF is applied later, over the whole site (model/similar.ts). Read once per file, in the
// workers that read stories (which let the dictionaries go before rendering), and kept in the
// build cache with the story. A process that reads stories itself (`xnews dev`, --jobs 1) keeps
// them loaded: it may read more, and loading costs 0.3 s.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** How many words a story keeps: enough to find its neighbours, few enough to hold 100,000 stories' in memory. */
export const KEYWORDS_PER_STORY = 16;
/** The title counts as if written this many times: it says what the story is about. */
const TITLE_WEIGHT = 3;
/** Asked of jieba before ties are broken our way (see keywordsOf). */
const ASKED = 64;

type Jieba = import("@node-rs/jieba").Jieba;
type TfIdf = import("@node-rs/jieba").TfIdf;
let engine: { jieba: Jieba; tfidf: TfIdf } | undefined;

/** jieba with its dictionaries, loaded on first use (about 0.2 s): a site that never asks pays nothing. */
function loaded(): { jieba: Jieba; tfidf: TfIdf } {
  if (!engine) {
    const { Jieba, TfIdf } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    const { dict, idf } = require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js");
    engine = { jieba: Jieba.withDict(dict), tfidf: TfIdf.withDict(idf) };
  }
  return engine;
}

/** Lets jieba's dictionaries go (a worker that has read every story calls it); the next use loads them again. */
export function releaseKeywords(): void {
  engine = undefined;
}

/** The body's text read for its words: the title and opening paragraphs say what a story is about. */
const TEXT_READ = 800;

/**
 * The story's words with their weights, strongest first, as one string "质量 1000 赤壁 647 …"
 * (at most KEYWORDS_PER_STORY words, and the parts of the compounds among them)
 * (one string a story is far lighter than a list of them, at archive scale). Weights are scaled
 * so the strongest is 1000. Words are Chinese or Latin words of two characters or more, never
 * bare numbers. The same text gives the same string: ties are broken by the word.
 */
export function keywordsOf(title: string, text: string): string {
  const { jieba, tfidf } = loaded();
  const input = `${`${title}\n`.repeat(TITLE_WEIGHT)}${text.slice(0, TEXT_READ)}`;
  let found = tfidf.extractKeywords(jieba, input, ASKED);
  let kept = strongest(found);
  // jieba breaks ties among equal weights its own way, which may differ from run to run: when the
  // last word kept ties with the weakest jieba returned, some of its equals may be missing, so
  // every word is asked for and the tie broken here. So too when too few of those returned were words.
  if (found.length === ASKED && (kept.length < KEYWORDS_PER_STORY || kept.at(-1)!.weight === found.at(-1)!.weight)) {
    found = tfidf.extractKeywords(jieba, input, 1_000_000);
    kept = strongest(found);
  }
  // A compound holds the words other stories use alone: 产品质量 is about 质量, 标准化 about 标准.
  // Its parts count too, at half its weight (a word found both ways keeps its larger weight).
  const byWord = new Map(kept.map((k) => [k.keyword, k.weight]));
  for (const k of kept) {
    if ([...k.keyword].length < 3) continue;
    for (const part of jieba.cutForSearch(k.keyword, false)) {
      if (part !== k.keyword && WORD.test(part)) byWord.set(part, Math.max(byWord.get(part) ?? 0, k.weight * PART_WEIGHT));
    }
  }
  const words = [...byWord].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const top = words[0]?.[1] ?? 1;
  return words.map(([word, weight]) => `${word} ${Math.max(1, Math.round((weight / top) * 1000))}`).join(" ");
}

/** What the parts of a compound word weigh, against the compound. */
const PART_WEIGHT = 0.5;

function strongest(found: { keyword: string; weight: number }[]): { keyword: string; weight: number }[] {
  return found
    .filter((k) => WORD.test(k.keyword) && !/^[\d.,%]+$/.test(k.keyword) && !/\s/.test(k.keyword))
    .sort((a, b) => b.weight - a.weight || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0))
    .slice(0, KEYWORDS_PER_STORY);
}

/** Two characters or more, at least one a Han character or a Latin letter. */
const WORD = /^(?=.*[\p{Script=Han}A-Za-z]).{2,}$/u;
