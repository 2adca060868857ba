// Teasers: a story's lead cut to a fixed number of characters, "..." when cut, or its summary.

export const TEASER_LENGTH = 60;
/** How long list summaries are. */
export const SUMMARY_LENGTH = 80;

/** What channel lists show under an article's title: its summary, or its lead (already cut). */
export function summaryOf(story: { summary?: string; body: { lead: string } }): string {
  return story.summary ? cutTeaser(story.summary, SUMMARY_LENGTH) : story.body.lead;
}

/** What 相关新闻 shows under a story's title: its summary, as lists show it, or its teaser (already cut). */
export function teaserOf(story: { summary?: string; body: { teaser: string } }): string {
  return story.summary ? cutTeaser(story.summary, TEASER_LENGTH) : story.body.teaser;
}

/**
 * A snippet's teaser. A snippet's text that ends in an ellipsis ("...", "…" or "……") was cut by
 * its editor (often copied from the page it links to, as the sample's are from the seed) and is
 * shown as written: cutting it again would cut at another place. Other text is cut like any lead.
 */
export function snippetTeaser(text: string): string {
  const trimmed = text.trim();
  // An editor's cut is about a teaser long (the seed's run 57 to 61); a whole story pasted with "……" at its end is not one.
  return endsInEllipsis(trimmed) && trimmed.length <= EDITORS_CUT_MOST ? detached(trimmed) : cutTeaser(trimmed, TEASER_LENGTH);
}

/** The longest text (in UTF-16 units, the ellipsis included) taken as an editor's cut. */
const EDITORS_CUT_MOST = TEASER_LENGTH + 20;

/** Whether `text` ends in "...", "…" or "……": a longer run of dots is no editor's cut, and is cut as one "...". */
function endsInEllipsis(text: string): boolean {
  const last = text[text.length - 1];
  if (last !== "." && last !== "…") return false;
  const run = text.length - withoutTrailingDots(text, 0, text.length);
  return last === "." ? run === 3 : run <= 2;
}

/**
 * Cuts `text` to at most `limit` characters, a character being what a reader sees as one (a
 * grapheme: a CJK character, 👨‍👩‍👧, 🇨🇳 and e + U+0301 each count one, and none is split). What
 * reads as one piece is not cut in half when the cut can fall before it instead: a Latin word, a
 * number with its unit (12.5万元, 8.8%, 2018年) and a 《title》. Runs of white space count as one
 * space, and none is kept at either end; the text never ends on an opening mark, a comma or a
 * stop before the "...".
 *
 * One pass over the characters that can be kept, wherever they are in the text: a snippet's
 * teaser is cut from its whole text, and a lead is cut twice (teaser and summary) for every story.
 */
export function cutTeaser(text: string, limit = TEASER_LENGTH): string {
  let from = 0;
  let to = text.length;
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  // Text that arrives already cut ("…等..." from another CMS) ends in one "..." from us, not two.
  const end = withoutTrailingDots(text, from, to);
  if (codes.length < limit + 2) {
    codes = new Int32Array(limit + 2);
    starts = new Int32Array(limit + 2);
  }
  if (!readCodePoints(text, from, end, limit + 2)) readGraphemes(text, from, end, limit + 2);
  if (count <= limit) return end < to ? detached(`${kept(read.end)}...`) : kept(read.end);
  let cut = beforeTitle(beforeNumber(beforeWord(limit)));
  // Keeping a word, a number or a title whole must not leave the teaser a stub: past half of it, the plain cut.
  if (cut < limit / 2) cut = limit;
  while (cut > 0 && is(codes[cut - 1]!, DANGLING)) cut--;
  return detached(`${kept(starts[cut]!)}...`);
}

// The first characters of the text being cut, read once: the first code point of each (a white
// space run reads as one " "), and where each starts in `read.source`. Kept between calls, so that
// a cut allocates only its result.
let codes = new Int32Array(TEASER_LENGTH + 2);
let starts = new Int32Array(TEASER_LENGTH + 2);
/** How many characters were read: the limit and two more at most (one past the cut, to look ahead). */
let count = 0;
/** Where the first 《 read is, or -1: most text has no title to keep whole, and need not look for one. */
let firstTitle = -1;
/**
 * What was read: the text itself, or (when graphemes were read) its start with white space runs
 * made single spaces. `plain`: no white space but single " " in what was read.
 */
const read = { source: "", from: 0, end: 0, plain: true };

/** What is kept of the text read, up to `to` in `read.source`, white space runs as single spaces. */
function kept(to: number): string {
  return normalized(read.source, read.from, to, read.plain);
}

/**
 * Reads up to `max` characters of `text[from, end)` a code point each, the fast way. Gives up (false)
 * at a code point that may join a neighbour into one character, and then graphemes are read.
 */
function readCodePoints(text: string, from: number, end: number, max: number): boolean {
  let plain = true;
  let n = 0;
  firstTitle = -1;
  for (let i = from; i < end && n < max; ) {
    const c = text.charCodeAt(i);
    // A CJK character of planes 2 and 3 (rare names: 𬌗, U+20000–U+3FFFF) is one character, joining nothing.
    if (c >= 0xd840 && c <= 0xd8bf && i + 1 < end) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        starts[n] = i;
        codes[n++] = text.codePointAt(i)!;
        i += 2;
        continue;
      }
    }
    if (c >= 0x300) {
      if (mayJoin(c)) return false;
      if (c === TITLE_OPEN && firstTitle < 0) firstTitle = n;
    }
    starts[n] = i;
    if (isSpace(c)) {
      let j = i + 1;
      while (j < end && isSpace(text.charCodeAt(j))) j++;
      if (c !== 0x20 || j > i + 1) plain = false;
      codes[n++] = 0x20;
      i = j;
    } else {
      codes[n++] = c;
      i++;
    }
  }
  count = n;
  read.source = text;
  read.from = from;
  read.end = end;
  read.plain = plain;
  return true;
}

/**
 * Reads up to `max` graphemes of `text[from, end)`. The segmenter is slow (about 1.7 M characters a
 * second), so it reads a window of the text, as long as needed: a grapheme that starts inside the
 * window starts there in the whole text too, as break rules look only one code point ahead.
 */
function readGraphemes(text: string, from: number, end: number, max: number): void {
  for (let size = max * 4 + 16; ; size *= 2) {
    const stop = Math.min(end, from + size);
    const window = normalized(text, from, stop, false);
    let n = 0;
    firstTitle = -1;
    for (const { segment, index } of graphemes().segment(window)) {
      if (n === max) break;
      const c = segment.codePointAt(0)!;
      if (c === TITLE_OPEN && firstTitle < 0) firstTitle = n;
      starts[n] = index;
      codes[n++] = c;
    }
    if (n === max || stop === end) {
      count = n;
      read.source = window;
      read.from = 0;
      read.end = window.length;
      read.plain = true;
      return;
    }
  }
}

let segmenter: Intl.Segmenter | undefined;
function graphemes(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" }));
}

/**
 * Whether `c` (a UTF-16 unit from U+0300 up) may join the code point before or after it into one
 * grapheme: a combining mark, a joiner, a variation selector, a Hangul jamo, a prepended sign, or
 * half of a surrogate pair (regional indicators, emoji and their modifiers). CJK text and its
 * punctuation answer from the range tests; other scripts ask the regular expression.
 */
function mayJoin(c: number): boolean {
  if (c >= 0x3400 && c <= 0x9fff) return false;
  if (c >= 0x3000 && c < 0x3400) return (c >= 0x302a && c <= 0x302f) || c === 0x3099 || c === 0x309a;
  if (c >= 0xff00 && c <= 0xffef) return c === 0xff9e || c === 0xff9f;
  if (c >= 0x2000 && c <= 0x206f) return c === 0x200c || c === 0x200d;
  if (c >= 0xd800 && c <= 0xdfff) return true;
  if (c >= 0xac00 && c <= 0xd7a3) return false;
  return JOINING.test(String.fromCharCode(c));
}

// Grapheme_Cluster_Break Extend, ZWJ, SpacingMark, Prepend and the jamo L, V and T, in the BMP.
// Hangul syllables join only the jamo around them, which are here.
const JOINING = /[\p{M}\p{Grapheme_Extend}\u200d\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u0e33\u0eb3]/u;

/** The code of character `i`, or -1 past what was read. */
function codeAt(i: number): number {
  return i < count ? codes[i]! : -1;
}

/** Where a cut at `cut` falls, moved before the Latin word it would split (unless the word starts the text). */
function beforeWord(cut: number): number {
  if (cut === 0 || !isWordChar(codes[cut - 1]!) || !isWordChar(codeAt(cut))) return cut;
  let start = cut;
  while (start > 0 && isWordChar(codes[start - 1]!)) start--;
  return start > 0 ? start : cut;
}

/**
 * Where a cut at `cut` falls, moved before the number it would split: digits with the decimal
 * points and separators between them (12.5, 12,345, 10:30), then a percent sign or units
 * (8.8%, 2018年, 3000余万元). A unit ends a number: 2018年12月 is two, and may be cut between.
 */
function beforeNumber(cut: number): number {
  if (cut === 0 || !is(codes[cut - 1]!, NUMBER_PART) || !is(codeAt(cut), NUMBER_PART)) return cut;
  let i = cut;
  while (i > 0 && is(codes[i - 1]!, NUMBER_PART)) i--;
  while (i < cut) {
    if (!is(codes[i]!, DIGIT)) {
      i++;
      continue;
    }
    const start = i;
    i = numberEnd(i);
    if (i > cut) return start > 0 ? start : cut;
  }
  return cut;
}

/** Where the number whose first digit is character `i` ends. */
function numberEnd(i: number): number {
  while (is(codeAt(i), DIGIT)) i++;
  while (is(codeAt(i), SEPARATOR) && is(codeAt(i + 1), DIGIT)) {
    i++;
    while (is(codeAt(i), DIGIT)) i++;
  }
  if (is(codeAt(i), PERCENT)) return i + 1;
  while (is(codeAt(i), UNIT)) i++;
  return i;
}

/** Where a cut at `cut` falls, moved before a 《title》 still open there (unless the title starts the text). */
function beforeTitle(cut: number): number {
  if (firstTitle < 0 || firstTitle >= cut) return cut;
  for (let i = cut - 1; i > 0; i--) {
    if (codes[i] === TITLE_CLOSE) return cut;
    if (codes[i] === TITLE_OPEN) return i;
  }
  return cut;
}

const TITLE_OPEN = 0x300a; // 《
const TITLE_CLOSE = 0x300b; // 》

// What the cut rules ask of a character, as bits in a table over the BMP: a lookup per question.
const DIGIT = 1;
const SEPARATOR = 2;
const PERCENT = 4;
/** What follows a number as its unit: counters, measures, amounts, dates and times. */
const UNIT = 8;
const NUMBER_PART = DIGIT | SEPARATOR | PERCENT | UNIT;
/** What would dangle before the "...": white space (read as " "), a comma or stop, an opening mark. */
const DANGLING = 16;
const classes = new Uint8Array(0x10000);
const mark = (chars: string, bit: number) => {
  for (const ch of chars) classes[ch.charCodeAt(0)]! |= bit;
};
mark("0123456789０１２３４５６７８９", DIGIT);
mark(".,:．，：", SEPARATOR);
mark("%％‰", PERCENT);
mark("年月日号时分秒点钟天周岁个名人位户家所座条项件台辆套宗亩顷米里吨斤克升度季倍元角块万亿千百十余多几次届期批场栋层间张本篇股只头棵株例起处枚平方立公厘毫℃°", UNIT);
mark(" ,.;:。、，；：．《“‘(（[【「『〈{〔［〖｛\"'", DANGLING);

/** Whether character code `c` has one of `bits` (-1 and code points past the BMP have none). */
function is(c: number, bits: number): boolean {
  return c >= 0 && c < 0x10000 && (classes[c]! & bits) !== 0;
}

/** `text[from, to)` with its white space runs as single spaces. */
function normalized(text: string, from: number, to: number, plain: boolean): string {
  const part = text.slice(from, to);
  return plain ? part : part.replace(/\s+/g, " ");
}

/**
 * `s` copied out of the text it was sliced from: a slice of a long text keeps the whole text
 * alive (V8's slices point into their parent), and teasers and fields are kept for every story.
 */
export function detached(s: string): string {
  return (" " + s).slice(1);
}

/** What `\s` matches. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** Letters, digits and the marks inside a Latin word (A-Z, a-z, 0-9, À-ɏ, ' ’ -). */
function isWordChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f) || c === 0x27 || c === 0x2019 || c === 0x2d;
}

/**
 * Where `text[from, to)` ends without a final "..." (three dots or more) or "…" run. Scanned from
 * the end: a regex anchored at the end tries every dot of a long run in the middle of the text,
 * each to the run's end.
 */
function withoutTrailingDots(text: string, from: number, to: number): number {
  const last = text[to - 1];
  if (to === from || (last !== "." && last !== "…")) return to;
  let start = to;
  while (start > from && text[start - 1] === last) start--;
  return last === "…" || to - start >= 3 ? start : to;
}
