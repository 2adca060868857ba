// Automatic 相关新闻: the stories most like a story in what they say. Each story's words
// (content/keywords.ts) are weighted again by how rare they are on this site (TF-IDF); two
// stories score, over the words they share, the product of their weights, more for the same
// channel and for nearby dates. Near-linear: a story is compared only with the stories nearest
// it in time among those sharing each of its words (WINDOW of them a word), found in lists of
// each word's stories by date. Deterministic: ties go to the nearer in time, then the newer.

/** What the ranker reads of a story. */
export interface SimilarStory {
  keywords: string;
  instant: number;
  channel?: string;
}

/** How many stories sharing a word are looked at, nearest in time first, half on each side. */
const WINDOW = 64;
/** A story in the same channel scores this much more. */
const SAME_CHANNEL = 1.25;
/** A story this many days away scores half as much. */
const HALF_DAYS = 365;
const DAY_MS = 86_400_000;
/** A word on at least this share of the stories tells none of them apart. */
const COMMON = 0.9;

/**
 * Indexes the stories once; the function it returns ranks the stories most like one of them.
 * @param stories in any order; a story is named by its index here
 */
export function similarRanker(stories: readonly SimilarStory[]): (self: number, wanted: number, excluded: (other: number) => boolean) => number[] {
  const n = stories.length;
  // Newest first; among stories of one instant, the earlier index first.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => stories[b]!.instant - stories[a]!.instant || a - b);
  const place = new Int32Array(n);
  order.forEach((story, p) => (place[story] = p));

  // Each story's words, as term numbers with their weights.
  const termOf = new Map<string, number>();
  const start = new Int32Array(n + 1);
  const terms: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const parts = stories[i]!.keywords.split(" ");
    for (let k = 0; k + 1 < parts.length; k += 2) {
      let t = termOf.get(parts[k]!);
      if (t === undefined) termOf.set(parts[k]!, (t = termOf.size));
      terms.push(t);
      weights.push(Number(parts[k + 1]) / 1000);
    }
    start[i + 1] = terms.length;
  }
  const termCount = termOf.size;
  const df = new Int32Array(termCount);
  for (const t of terms) df[t]!++;
  // Site IDF on top of the word's own weight (already TF-IDF against general Chinese): a word on
  // most of this site's stories (咸宁, on a 咸宁 site) says little about any of them, and one on
  // nearly all of them nothing. Each story's vector is then of length 1 (cosine), so no story
  // scores high against all others for having many words (a "hub" every list would name).
  const common = Math.max(2, COMMON * n);
  const weight = new Float32Array(terms.length);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const seen = df[terms[k]!]!;
      const w = seen >= common ? 0 : weights[k]! * Math.log((n + 1) / seen);
      weight[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = start[i]!; k < start[i + 1]!; k++) weight[k] = weight[k]! / norm;
  }

  // For each word, the places (in date order) of the stories that have it, with their weights.
  const postStart = new Int32Array(termCount + 1);
  for (const t of terms) postStart[t + 1]!++;
  for (let t = 0; t < termCount; t++) postStart[t + 1]! += postStart[t]!;
  const postPlace = new Int32Array(terms.length);
  const postWeight = new Float32Array(terms.length);
  const fill = postStart.slice(0, termCount);
  for (const story of order) {
    for (let k = start[story]!; k < start[story + 1]!; k++) {
      const at = fill[terms[k]!]!++;
      postPlace[at] = place[story]!;
      postWeight[at] = weight[k]!;
    }
  }

  const score = new Float64Array(n);
  const touched: number[] = [];
  return (self, wanted, excluded) => {
    const here = place[self]!;
    for (let k = start[self]!; k < start[self + 1]!; k++) {
      const t = terms[k]!;
      const from = postStart[t]!;
      const to = postStart[t + 1]!;
      const w = weight[k]!;
      if (to - from < 2 || w === 0) continue;
      const at = lowerBound(postPlace, from, to, here);
      for (let p = Math.max(from, at - WINDOW / 2), end = Math.min(to, at + 1 + WINDOW / 2); p < end; p++) {
        if (p === at) continue;
        const other = order[postPlace[p]!]!;
        if (score[other] === 0) touched.push(other);
        score[other] = score[other]! + w * postWeight[p]!;
      }
    }
    const me = stories[self]!;
    // The best `wanted`, kept in order as they come: a story has hundreds of candidates and wants ten.
    const best: { story: number; score: number; apart: number }[] = [];
    const before = (x: { story: number; score: number; apart: number }, y: { story: number; score: number; apart: number }) =>
      x.score > y.score || (x.score === y.score && (x.apart < y.apart || (x.apart === y.apart && place[x.story]! < place[y.story]!)));
    for (const other of touched) {
      const dot = score[other]!;
      score[other] = 0;
      if (wanted <= 0 || excluded(other)) continue;
      const them = stories[other]!;
      const apart = Math.abs(me.instant - them.instant);
      const candidate = { story: other, score: (dot * (me.channel !== undefined && me.channel === them.channel ? SAME_CHANNEL : 1)) / (1 + apart / (HALF_DAYS * DAY_MS)), apart };
      if (best.length === wanted && !before(candidate, best[wanted - 1]!)) continue;
      let at = best.length === wanted ? wanted - 1 : best.length;
      while (at > 0 && before(candidate, best[at - 1]!)) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = candidate;
    }
    touched.length = 0;
    return best.map((r) => r.story);
  };
}

/** The first position in [from, to) whose value is at least `value` (the values ascend). */
function lowerBound(values: Int32Array, from: number, to: number, value: number): number {
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (values[mid]! < value) from = mid + 1;
    else to = mid;
  }
  return from;
}
