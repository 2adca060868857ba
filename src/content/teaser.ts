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
 * word is not cut in half when the cut can fall before it instead.
 */
export function cutTeaser(text: string, limit = TEASER_LENGTH): string {
  const clean = text.replace(/\s+/g, " ").trim();
  // Text that arrives already cut ("…等..." from another CMS) ends in one "..." from us, not two.
  const uncut = withoutTrailingDots(clean);
  // Only the characters that can be kept are looked at: a snippet's teaser is cut from its whole text.
  const chars: string[] = [];
  for (const ch of uncut) if (chars.push(ch) > limit) break;
  if (chars.length <= limit) return uncut === clean ? clean : `${uncut}...`;
  let end = limit;
  const wordChar = /[A-Za-z0-9\u00C0-\u024F'’-]/;
  if (wordChar.test(chars[end - 1]!) && wordChar.test(chars[end]!)) {
    let start = end;
    while (start > 0 && wordChar.test(chars[start - 1]!)) start--;
    if (start > 0) end = start;
  }
  while (end > 0 && DANGLING.test(chars[end - 1]!)) end--;
  return `${chars.slice(0, end).join("")}...`;
}

/** Punctuation and space that would dangle before the "...". */
const DANGLING = /^[\s,,、;;::]$/u;

/**
 * `text` without a final "..." (three dots or more) or "…" run. Scanned from the end: a regex
 * anchored at the end tries every dot of a long run in the middle of the text, each to the run's end.
 */
function withoutTrailingDots(text: string): string {
  const last = text[text.length - 1];
  if (last !== "." && last !== "…") return text;
  let start = text.length;
  while (start > 0 && text[start - 1] === last) start--;
  return last === "…" || text.length - start >= 3 ? text.slice(0, start) : text;
}
