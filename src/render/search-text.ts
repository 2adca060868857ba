// What search compares: text folded (full-width letters and digits as half-width, Latin in lower
// case) and cut into bigrams, pairs of adjacent UTF-16 units with no space in them. A story holds
// a query as a substring only if it holds every bigram of it, so the bigrams find every candidate
// and the story's own text then decides (render/search-engine.ts). The same functions index the
// site here and read queries in the reader's browser: the search script carries their source
// (Function.prototype.toString), so each function stands alone, using nothing from outside.

/**
 * `text` with full-width ASCII forms (ＡＢＣ１２３) as ASCII, the ideographic space as a space and
 * letters in lower case: one UTF-16 unit for one, so a position in the folded text is the same
 * position in the text as written (where a hit is marked).
 */
export function foldText(text: string): string {
  // Most Chinese text has nothing to fold: one native scan says so.
  if (!/[A-Z\u00c0-\u024f\u0370-\u04ff\u3000\uff01-\uff5e]/.test(text)) return text;
  let folded = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let to = c;
    if (c >= 0x41 && c <= 0x5a) to = c + 32;
    else if (c >= 0xff01 && c <= 0xff5e) {
      to = c - 0xfee0;
      if (to >= 0x41 && to <= 0x5a) to += 32;
    } else if (c === 0x3000) to = 0x20;
    else if ((c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x4ff)) {
      // Latin, Greek and Cyrillic letters, whose cases every browser's Unicode has long agreed on.
      const lower = text.charAt(i).toLowerCase();
      if (lower.length === 1) to = lower.charCodeAt(0);
    }
    if (to !== c) {
      folded += text.slice(from, i) + String.fromCharCode(to);
      from = i + 1;
    }
  }
  return from === 0 ? text : folded + text.slice(from);
}

/** Whether a UTF-16 unit is a space of any kind: queries are split there, and no bigram holds one. */
export function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Calls `visit` with each bigram of folded text, as a number (first unit × 65536 + second), in the text's order. */
export function eachBigram(folded: string, visit: (code: number) => void): void {
  let a = folded.charCodeAt(0);
  let aSpace = isSpace(a);
  for (let i = 1; i < folded.length; i++) {
    const b = folded.charCodeAt(i);
    const bSpace = isSpace(b);
    if (!aSpace && !bSpace) visit(((a << 16) | b) >>> 0);
    a = b;
    aSpace = bSpace;
  }
}

/** Which of `buckets` (a power of two) files holds a bigram's postings. */
export function bucketOf(code: number, buckets: number): number {
  return (Math.imul(code ^ (code >>> 13), 0x5bd1e995) >>> 7) & (buckets - 1);
}
