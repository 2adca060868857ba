// 相关新闻: the ids an editor named, in order, then stories that share the most tags
// (then the same channel), newest first, up to a fixed number of items.
import type { Story } from "../content/story.js";

export const RELATED_LIMIT = 10;

/**
 * A tag on more than a quarter of the articles (and more than 1,000) is wide: a city's name, on
 * most stories. Counting shared tags through a wide tag, for every article that carries it, costs
 * its count squared (40,000 stories tagged 咸宁: half a minute). Its articles are instead read
 * newest first, only as far as a list still needs them; the result is the same. Counting is kept
 * for every other tag: it is the faster of the two wherever a tag is on a small share of the site
 * (a generated 100,000-story site, whose largest tag is on 15%, builds its model 2.5× faster so).
 */
export function wideTagSize(articles: number): number {
  return Math.max(1000, Math.ceil(articles / 4));
}

/**
 * @param articles published articles, newest first (an index is also the recency rank)
 * @param named for each article index, the ids its editor named that resolve to something shown
 * @param channelLists for each channel slug, indexes of its own articles, newest first
 * @returns for each article index, the related ids in display order
 */
export function computeRelated(
  articles: readonly Story[],
  named: readonly string[][],
  channelLists: ReadonlyMap<string, readonly number[]>,
  limit = RELATED_LIMIT,
  /** Tags on more articles than this are read lazily (tests set it low). */
  wideTag = wideTagSize(articles.length),
): string[][] {
  const { members, tagsOf } = tagIndex(articles);
  const shared = new Int32Array(articles.length);
  const taken = new Uint8Array(articles.length);
  const indexOf = new Map(articles.map((a, i) => [a.id, i]));
  const channelOf = channelNumbers(articles);
  const byChannel: number[][] = [];
  channelOf.forEach((c, i) => (byChannel[c] ??= []).push(i));
  const touched: number[] = [];
  /** Whether article `j` has tag `t`: its own few tags looked through, or the tag's list searched. */
  const carries = (j: number, t: number) => (tagsOf[j]!.length <= 16 ? tagsOf[j]!.includes(t) : holds(members[t]!, j));

  return articles.map((article, self) => {
    const chosen = named[self]!.slice(0, limit);
    const wanted = limit - chosen.length;
    if (wanted <= 0) return chosen;
    const takenNow = [self, ...chosen.map((id) => indexOf.get(id)).filter((i) => i !== undefined)];
    for (const i of takenNow) taken[i] = 1;

    const narrow: number[] = [];
    const wide: number[] = [];
    for (const t of tagsOf[self]!) (members[t]!.length > wideTag ? wide : narrow).push(t);
    for (const t of narrow) {
      for (const j of members[t]!) {
        if (shared[j] === 0) touched.push(j);
        shared[j]!++;
      }
    }
    // Articles reached through a narrow tag get their wide tags counted too: their count is whole.
    for (const j of touched) for (const t of wide) if (carries(j, t)) shared[j]!++;

    // Keep the best `wanted` candidates: more shared tags, then same channel, then newer (smaller index).
    const mine = channelOf[self]!;
    const better = (x: number, y: number) =>
      shared[x] !== shared[y] ? shared[x]! > shared[y]! : (channelOf[x] === mine) !== (channelOf[y] === mine) ? channelOf[x] === mine : x < y;
    let best: number[] = [];
    for (const j of touched) {
      if (taken[j]) continue;
      if (best.length === wanted) {
        const worst = best[wanted - 1]!;
        if (shared[j]! < shared[worst]! || !better(j, worst)) continue;
      }
      let at = best.length;
      while (at > 0 && better(j, best[at - 1]!)) at--;
      best.splice(at, 0, j);
      if (best.length > wanted) best.pop();
    }
    if (wide.length) {
      // The rest share wide tags only: read newest first, rank by rank, only as far as needed.
      const scoreOf = (j: number) => {
        let score = 0;
        for (const t of wide) if (carries(j, t)) score++;
        return score;
      };
      const group = (score: number, same: boolean) => {
        // Sharing `score` of the wide tags, an article is on at least one of the (count - score + 1) shortest lists.
        const lists = wide.slice(0, wide.length - score + 1).map((t) => members[t]!);
        const ownChannel = byChannel[mine]!;
        const source = same && ownChannel.length < lists.reduce((n, l) => n + l.length, 0) ? listSource(ownChannel) : mergedSource(lists);
        return filtered(source, (j) => !taken[j] && shared[j] === 0 && (channelOf[j] === mine) === same && scoreOf(j) === score);
      };
      wide.sort((a, b) => members[a]!.length - members[b]!.length);
      best = mergeWideOnly(best, wanted, wide.length, (x) => shared[x]!, (x) => channelOf[x] === mine, group);
    }
    for (const j of touched) shared[j] = 0;
    touched.length = 0;

    for (const j of best) chosen.push(articles[j]!.id);
    // Short of tag matches: the channel's newest stories fill the list.
    for (const j of best) taken[j] = 1;
    const sameChannel = channelLists.get(article.channel ?? "") ?? [];
    for (let k = 0; k < sameChannel.length && chosen.length < limit; k++) {
      const j = sameChannel[k]!;
      if (!taken[j]) chosen.push(articles[j]!.id);
    }
    for (const i of takenNow) taken[i] = 0;
    for (const j of best) taken[j] = 0;
    return chosen;
  });
}

/**
 * `best` (candidates reached through narrow tags, best first) merged with those that share only
 * wide tags, taken in rank order: by score (from `scores` down to 1), same channel before
 * elsewhere, newest first. Each group is read only while it can still beat the next of `best`.
 */
function mergeWideOnly(
  best: readonly number[],
  wanted: number,
  scores: number,
  scoreOf: (i: number) => number,
  isSameChannel: (i: number) => boolean,
  group: (score: number, same: boolean) => Stream,
): number[] {
  const out: number[] = [];
  let next = 0;
  for (let score = scores; score >= 1 && out.length < wanted; score--) {
    for (const same of [true, false]) {
      let stream: Stream | undefined;
      while (out.length < wanted) {
        const x = best[next];
        const xScore = x === undefined ? 0 : scoreOf(x);
        const xSame = x !== undefined && isSameChannel(x);
        // A candidate of a higher rank than this whole group goes first.
        if (x !== undefined && (xScore > score || (xScore === score && xSame && !same))) {
          out.push(x);
          next++;
          continue;
        }
        // Of the same rank, the newer goes first: the group is read only up to x.
        const tie = x !== undefined && xScore === score && xSame === same;
        stream ??= group(score, same);
        if (stream.peek(tie ? x : Infinity) !== undefined) out.push(stream.take());
        else if (tie) out.push(best[next++]!);
        else break;
      }
    }
  }
  while (out.length < wanted && next < best.length) out.push(best[next++]!);
  return out;
}

/** Article indexes in ascending order. */
interface Source {
  peek(): number | undefined;
  advance(): void;
}

function listSource(list: readonly number[]): Source {
  let at = 0;
  return { peek: () => list[at], advance: () => void at++ };
}

/** Sorted lists merged, each index once. */
function mergedSource(lists: readonly (readonly number[])[]): Source {
  const at = lists.map(() => 0);
  const peek = () => {
    let min: number | undefined;
    lists.forEach((list, k) => {
      const i = list[at[k]!];
      if (i !== undefined && (min === undefined || i < min)) min = i;
    });
    return min;
  };
  return {
    peek,
    advance: () => {
      const index = peek();
      lists.forEach((list, k) => {
        if (list[at[k]!] === index) at[k]!++;
      });
    },
  };
}

interface Stream {
  /** The next index `accept`ed, if it comes before `before`. */
  peek(before: number): number | undefined;
  take(): number;
}

function filtered(source: Source, accept: (i: number) => boolean): Stream {
  let pending: number | undefined;
  return {
    peek(before) {
      for (;;) {
        if (pending !== undefined) return pending < before ? pending : undefined;
        const i = source.peek();
        if (i === undefined || i >= before) return undefined;
        source.advance();
        if (accept(i)) pending = i;
      }
    },
    take() {
      const i = pending!;
      pending = undefined;
      return i;
    },
  };
}

/** Whether a sorted list holds `value`. */
function holds(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Each tag's articles (ascending indexes), and each article's tags as numbers, a tag written twice once. */
function tagIndex(articles: readonly Story[]): { members: number[][]; tagsOf: number[][] } {
  const ids = new Map<string, number>();
  const members: number[][] = [];
  const tagsOf = articles.map((a, i) => {
    const mine: number[] = [];
    for (const tag of a.tags) {
      let t = ids.get(tag);
      if (t === undefined) {
        ids.set(tag, (t = members.length));
        members.push([]);
      }
      if (members[t]!.at(-1) === i) continue;
      members[t]!.push(i);
      mine.push(t);
    }
    return mine;
  });
  return { members, tagsOf };
}

function channelNumbers(articles: readonly Story[]): Int32Array {
  const numbers = new Map<string | undefined, number>();
  return Int32Array.from(articles, (a) => {
    let n = numbers.get(a.channel);
    if (n === undefined) numbers.set(a.channel, (n = numbers.size));
    return n;
  });
}
