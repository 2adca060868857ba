// "Did you mean …": the nearest known name to a misspelt one.
//
// A guess costs an edit distance against each candidate of about the same length, cut off as soon
// as it exceeds the best so far. A run that makes thousands of warnings against thousands of
// names (a site moved from an old CMS, its related ids all dangling) would still spend minutes
// guessing, so a `Guesser` remembers each word's answer and computes at most MAX_GUESSES per run:
// the first ones, in the order the diagnostics are made; later warnings keep their plain hint.

/** Fresh guesses one Guesser computes; later words get no guess (the same words in the same order, the same answers). */
export const MAX_GUESSES = 100;

/** Longer words are not typos of a name: guessing for them would cost their length squared. */
export const MAX_GUESS_LENGTH = 100;

/** The closest candidate by edit distance, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  return guesser(candidates, 1)(word);
}

export type Guesser = (word: string) => string | undefined;

/**
 * `nearest` over a fixed list of names, for one run: candidates indexed by length, answers
 * remembered per word, at most `maxGuesses` fresh guesses.
 */
export function guesser(candidates: Iterable<string>, maxGuesses = MAX_GUESSES): Guesser {
  const byLength = new Map<number, { name: string; lower: string }[]>();
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    let bucket = byLength.get(lower.length);
    if (!bucket) byLength.set(lower.length, (bucket = []));
    bucket.push({ name, lower });
  }
  const answers = new Map<string, string | undefined>();
  let fresh = 0;
  return (word) => {
    if (answers.has(word)) return answers.get(word);
    if (fresh >= maxGuesses || word.length > MAX_GUESS_LENGTH) return undefined;
    fresh++;
    const target = word.toLowerCase();
    let best: string | undefined;
    let bestDistance = limitFor(word);
    // Nearest lengths first: a good match found early narrows the search for the rest.
    for (let gap = 0; gap <= bestDistance; gap++) {
      for (const length of gap === 0 ? [target.length] : [target.length - gap, target.length + gap]) {
        for (const c of byLength.get(length) ?? []) {
          const d = boundedDistance(target, c.lower, bestDistance);
          if (d < bestDistance || (d === bestDistance && (best === undefined || c.name < best))) {
            best = c.name;
            bestDistance = d;
          }
        }
      }
    }
    answers.set(word, best);
    return best;
  };
}

/** How far a word may be from a name and still be a typo of it. */
function limitFor(word: string): number {
  return Math.max(2, Math.floor(word.length / 3));
}

/**
 * The edit distance between `a` and `b` when it is at most `limit`, else `limit + 1`: only the
 * diagonal band |i - j| <= limit is filled, and the rows stop once every cell exceeds the limit.
 */
export function boundedDistance(a: string, b: string, limit: number): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  if (a === b) return 0;
  const m = b.length;
  let prev = new Int32Array(m + 1);
  let row = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(m, i + limit);
    row[0] = i <= limit ? i : over;
    if (from > 1) row[from - 1] = over;
    let rowMin = row[0]!;
    const ai = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitute = prev[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1);
      const remove = prev[j]! + 1;
      const insert = row[j - 1]! + 1;
      const d = Math.min(substitute, remove, insert, over);
      row[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (to < m) row[to + 1] = over;
    if (rowMin > limit) return over;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[m]!, over);
}
