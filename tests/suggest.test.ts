// "Did you mean": the same answers as a plain edit distance against every name, at a bounded cost.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_GUESSES, MAX_GUESS_LENGTH, boundedDistance, guesser, nearest } from "../src/suggest.js";

/** The textbook edit distance, every cell filled. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The rule, written the slow way: the closest name (ties: the first in code-unit order), if within a third of the word. */
function slowNearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

const letters = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "-", "赤", "壁"), maxLength: 9 });

describe("did you mean", () => {
  it("bounded distance is the edit distance when within the limit, and limit + 1 beyond it", () => {
    fc.assert(
      fc.property(letters, letters, fc.nat(6), (a, b, limit) => {
        const d = editDistance(a, b);
        expect(boundedDistance(a, b, limit)).toBe(d <= limit ? d : limit + 1);
      }),
      { numRuns: 3000, seed: 1 },
    );
  });

  it("nearest and a guesser give what a full search of every name gives", () => {
    fc.assert(
      fc.property(letters, fc.array(letters, { maxLength: 12 }), (word, names) => {
        const expected = slowNearest(word, names);
        expect(nearest(word, names)).toBe(expected);
        expect(guesser(names)(word)).toBe(expected);
      }),
      { numRuns: 3000, seed: 2 },
    );
    expect(nearest("tittle", ["title", "date", "channel"])).toBe("title");
    expect(guesser(["partials/footer.njk", "layout.njk"])("partials/byline.njk")).toBe("partials/footer.njk");
  });

  it("a guesser computes at most MAX_GUESSES fresh guesses, the first ones asked, and remembers them", () => {
    const names = Array.from({ length: 500 }, (_, i) => `story-${String(i).padStart(4, "0")}`);
    const guess = guesser(names);
    const typos = names.map((n) => `${n}x`);
    const answers = typos.map((t) => guess(t));
    expect(answers.slice(0, MAX_GUESSES)).toEqual(names.slice(0, MAX_GUESSES));
    expect(answers.slice(MAX_GUESSES).every((a) => a === undefined)).toBe(true);
    // Asked again, a remembered word keeps its answer, and a word past the cap still gets none.
    expect(guess(typos[0]!)).toBe(names[0]);
    expect(guess(typos[MAX_GUESSES]!)).toBeUndefined();
  });

  it("guesses nothing for a word too long to be a typo of a name", () => {
    const long = "a".repeat(MAX_GUESS_LENGTH + 1);
    expect(nearest(long, [`${long}b`])).toBeUndefined();
    expect(guesser([`${long}b`])(long)).toBeUndefined();
    expect(nearest("a".repeat(MAX_GUESS_LENGTH), [`${"a".repeat(MAX_GUESS_LENGTH)}b`])).toBe(`${"a".repeat(MAX_GUESS_LENGTH)}b`);
  });
});
