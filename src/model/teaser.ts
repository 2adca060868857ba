// Teasers: a story's lead cut to a fixed number of characters, "..." when cut.

export const TEASER_LENGTH = 60;

/**
 * Cuts `text` to at most `limit` characters (code points: a CJK character counts one). A Latin
 * word is not cut in half when the cut can fall before it instead.
 */
export function cutTeaser(text: string, limit = TEASER_LENGTH): string {
  const clean = text.replace(/\s+/g, " ").trim();
  // Text that arrives already cut ("…等..." from another CMS) ends in one "..." from us, not two.
  const uncut = clean.replace(/(?:\.{3,}|…+)$/, "");
  const chars = Array.from(uncut);
  if (chars.length <= limit) return uncut === clean ? clean : `${uncut}...`;
  let end = limit;
  const wordChar = /[A-Za-z0-9\u00C0-\u024F'’-]/;
  if (wordChar.test(chars[end - 1]!) && wordChar.test(chars[end]!)) {
    let start = end;
    while (start > 0 && wordChar.test(chars[start - 1]!)) start--;
    if (start > 0) end = start;
  }
  const kept = chars.slice(0, end).join("").replace(/[\s,,、;;::]+$/u, "");
  return `${kept}...`;
}
