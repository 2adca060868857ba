import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { CorpusError } from "./corpus-error.js";

// ---------------------------------------------------------------- the sample site's text

/** CJK characters count one each, as on the page. */
export const charCount = (s: string) => [...s].length;

export interface Sentence {
  text: string;
  size: number;
}

export interface SampleText {
  sentences: Sentence[];
  /** Sentences that read well right after a dateline "…讯(记者…)3月4日,". */
  openers: Sentence[];
  headings: string[];
  /** The sample snippets' bodies as written (already cut, as teasers are). */
  teasers: string[];
}

// Resolved from lib/gen/, so the generator works from any working directory.
const SAMPLE_CONTENT = new URL("../../content/", import.meta.url);
const SAMPLE_STORY = "articles/2018/12/chibi-quality-city.md";

export function readSampleText(): SampleText {
  const story = splitBody(readSample(SAMPLE_STORY));
  const snippetBodies = listSnippets().map((name) => splitBody(readSample(`snippets/${name}`)).paragraphs.join(""));
  const sentences = [
    ...story.paragraphs.flatMap(splitSentences),
    // A snippet's first sentence carries a dateline of its own; its cut-off last one ("...") is dropped below.
    ...snippetBodies.flatMap((body) => splitSentences(body).map((s, i) => (i === 0 ? stripDateline(s) : s))),
  ]
    .filter(isWholeSentence)
    .filter((s) => charCount(s) >= 8)
    .map((s) => ({ text: s, size: charCount(s) }));
  if (sentences.length === 0) throw new CorpusError(`found no sentences in ${fileURLToPath(new URL(SAMPLE_STORY, SAMPLE_CONTENT))}`);
  // A lead opens on a whole thought: not a connective, a figure or a quote, nor a clause cut at ";".
  const openers = sentences.filter((s) => !/^(?:[\d“《(]|同时|并|还|如果)/.test(s.text) && /[。!][”’」』]*$/.test(s.text));
  return {
    sentences,
    openers: openers.length ? openers : sentences,
    headings: [...new Set(story.headings)],
    teasers: snippetBodies.filter((t) => t.length > 0),
  };
}

function readSample(rel: string): string {
  const url = new URL(rel, SAMPLE_CONTENT);
  try {
    return fs.readFileSync(url, "utf8");
  } catch {
    throw new CorpusError(`cannot read the sample site's ${fileURLToPath(url)}: the generator takes its text from there`);
  }
}

function listSnippets(): string[] {
  const dir = new URL("snippets/", SAMPLE_CONTENT);
  if (!fs.existsSync(dir)) return [];
  // Sorted: the order of a directory listing differs between file systems.
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
}

/** A story file's paragraphs and `## ` headings, front matter left out. */
function splitBody(file: string): { paragraphs: string[]; headings: string[] } {
  let lines = file.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0] === "---") {
    const close = lines.indexOf("---", 1);
    if (close !== -1) lines = lines.slice(close + 1);
  }
  const paragraphs: string[] = [];
  const headings: string[] = [];
  let current = "";
  const flush = () => {
    if (current) paragraphs.push(current);
    current = "";
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith("## ")) {
      flush();
      headings.push(line.slice(3).trim());
    } else if (line === "") flush();
    else current += line; // Chinese text joins lines without a space
  }
  flush();
  return { paragraphs, headings };
}

/** Splits after 。!; (with any closing quote that follows), keeping the punctuation. */
function splitSentences(paragraph: string): string[] {
  return (paragraph.match(/[^。!;]+(?:[。!;]+[”’」』]*|$)/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

/** A sentence that ends as written, not one that a teaser cut off with "...". */
function isWholeSentence(s: string): boolean {
  return /(?:[。!;][”’」』]*|……)$/.test(s);
}

/** "咸宁网讯(香城都市报记者陈婧)11月24日,…" → "11月24日,…": generated stories write their own. */
function stripDateline(s: string): string {
  return s.replace(/^[^\s,,。(]{1,8}?讯(?:\([^)]*\)|[^“,,。]*?报道[::])?\s*/, "");
}
