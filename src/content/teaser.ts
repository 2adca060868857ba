// Teasers: a story's lead cut to a fixed number of characters, "..." when cut.

export const TEASER_LENGTH = 60;
/** How long list summaries are. */
export const SUMMARY_LENGTH = 80;

/** What channel lists show under an article's title: its summary, or its lead (already cut). */
export function summaryOf(story: { summary?: string; body: { lead: string } }): string {
  return story.summary ? cutTeaser(story.summary, SUMMARY_LENGTH) : story.body.lead;
}

/**
 * Cuts `text` to at most `limit` characters (code points: a CJK character counts one). A Latin
 * word is not cut in half when the cut can fall before it instead. Runs of white space count as
 * one space, and none is kept at either end.
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
  if (codes.length <= limit) {
    codes = new Int32Array(limit + 1);
    starts = new Int32Array(limit + 1);
  }
  let count = 0;
  /** No white space but single " " in what was read: the text is its own normalised form. */
  let plain = true;
  for (let i = from; i < end && count <= limit; ) {
    const c = text.codePointAt(i)!;
    starts[count] = i;
    if (isSpace(c)) {
      let j = i + 1;
      while (j < end && isSpace(text.charCodeAt(j))) j++;
      if (c !== 0x20 || j > i + 1) plain = false;
      codes[count++] = 0x20;
      i = j;
    } else {
      codes[count++] = c;
      i += c > 0xffff ? 2 : 1;
    }
  }
  if (count <= limit) return end < to ? detached(`${normalized(text, from, end, plain)}...`) : normalized(text, from, to, plain);
  let cut = limit;
  if (cut > 0 && isWordChar(codes[cut - 1]!) && isWordChar(codes[cut]!)) {
    let start = cut;
    while (start > 0 && isWordChar(codes[start - 1]!)) start--;
    if (start > 0) cut = start;
  }
  while (cut > 0 && isDangling(codes[cut - 1]!)) cut--;
  return detached(`${normalized(text, from, starts[cut]!, plain)}...`);
}

/** The first characters of the text, read once: code points and where each starts. */
let codes = new Int32Array(TEASER_LENGTH + 1);
let starts = new Int32Array(TEASER_LENGTH + 1);

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

/** Punctuation and space that would dangle before the "...": white space and ASCII , ; : and 、 (as before: not their full-width forms). */
function isDangling(c: number): boolean {
  return isSpace(c) || c === 0x2c || c === 0x3001 || c === 0x3b || c === 0x3a;
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
