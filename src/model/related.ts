// 相关新闻: the ids an editor named, in order, then stories that share the most tags (then the
// same channel), newest first, then the stories most like it in what they say (model/similar.ts),
// then its channel's newest, up to a fixed number of items. Ids in a story's related_exclude are
// never added by any automatic step.
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
  /** Articles with at most this many tags are ranked through the subset index (tests set it to 0). */
  indexedTags = MAX_INDEXED_TAGS,
  /** The article index of each named id, -1 for one that is not an article, when the caller knows them. */
  namedAt?: readonly (readonly number[])[],
  /**
   * Stories like an article in what they say: `rank(i, wanted, excluded)` ranks stories by their
   * numbers in `ids`, where article i is number i (model/similar.ts).
   */
  similar?: { ids: readonly string[]; rank: (self: number, wanted: number, excluded: (other: number) => boolean) => number[] },
): string[][] {
  const { idOf, channelOf, members, tagStart, tagList } = readArticles(articles);
  let indexOf: Map<string, number> | undefined;
  const byChannel: number[][] = [];
  channelOf.forEach((c, i) => (byChannel[c] ??= []).push(i));
  const taken = new Uint8Array(articles.length);
  const viaSubsets = subsetRanker(members.length, tagStart, tagList, channelOf, byChannel, taken, indexedTags);
  let viaCounting: ((self: number, wanted: number) => number[]) | undefined;
  const fills: (readonly number[])[] = [];
  const takenNow: number[] = [];

  return articles.map((article, self) => {
    const chosen = named[self]!.slice(0, limit);
    const wanted = limit - chosen.length;
    if (wanted <= 0) return chosen;
    takenNow.length = 0;
    takenNow.push(self);
    for (let k = 0; k < chosen.length; k++) {
      const i = namedAt ? namedAt[self]![k]! : (indexOf ??= new Map(idOf.map((id, i) => [id, i]))).get(chosen[k]!);
      if (i !== undefined && i >= 0) takenNow.push(i);
    }
    // Kept out by its editor (related_exclude): taken, for the automatic steps.
    const keptOut = article.relatedExclude;
    for (const id of keptOut) {
      const i = (indexOf ??= new Map(idOf.map((id, i) => [id, i]))).get(id);
      if (i !== undefined) takenNow.push(i);
    }
    for (const i of takenNow) taken[i] = 1;
    let best = viaSubsets(self, wanted);
    if (!best) {
      viaCounting ??= countingRanker(articles, members, tagsByArticle(tagStart, tagList), channelOf, byChannel, taken, wideTag);
      best = viaCounting(self, wanted);
    }

    for (const j of best) chosen.push(idOf[j]!);
    for (const j of best) taken[j] = 1;
    // Short of tag matches: the stories most like it in what they say.
    if (similar && chosen.length < limit) {
      const listed = new Set(chosen);
      const excluded = (other: number) => (other < taken.length ? taken[other] === 1 : listed.has(similar.ids[other]!) || keptOut.includes(similar.ids[other]!));
      for (const other of similar.rank(self, limit - chosen.length, excluded)) {
        const id = similar.ids[other]!;
        chosen.push(id);
        if (other < taken.length) {
          taken[other] = 1;
          takenNow.push(other);
        }
      }
    }
    // Still short: the channel's newest stories fill the list.
    const sameChannel = (fills[channelOf[self]!] ??= channelLists.get(article.channel ?? "") ?? []);
    for (let k = 0; k < sameChannel.length && chosen.length < limit; k++) {
      const j = sameChannel[k]!;
      if (!taken[j]) chosen.push(idOf[j]!);
    }
    for (const i of takenNow) taken[i] = 0;
    for (const j of best) taken[j] = 0;
    return chosen;
  });
}

/**
 * An article's tags are few: every subset of them is indexed, with the articles that carry all of
 * it (newest first, and again grouped by channel). Those sharing exactly `s` of an article's tags
 * carry exactly one of its `s`-subsets, so each rank (shared tags, then same channel) is read from
 * those lists newest first, only as far as the list still needs: every article passed over on the
 * way is one of higher rank (already taken, fewer than `limit`) or one named or itself. The cost
 * is about `limit` × 2^tags an article, whatever the size of its tags.
 */
export const MAX_INDEXED_TAGS = 6;

/** Ranks the best `wanted` tag matches of an article, or undefined when it has too many tags to be indexed. */
function subsetRanker(
  tagCount: number,
  tagStart: Int32Array,
  tagList: Int32Array,
  channelOf: Int32Array,
  byChannel: readonly number[][],
  taken: Uint8Array,
  indexedTags: number,
): (self: number, wanted: number) => number[] | undefined {
  const n = channelOf.length;
  const tagsIn = (j: number) => tagStart[j + 1]! - tagStart[j]!;
  const indexed = (j: number) => tagsIn(j) > 0 && tagsIn(j) <= indexedTags;
  // A subset's id: its parent (the subset without its largest tag; the root is 0) and that tag.
  const ids = new Map<number, number>();
  let subsets = 0;
  // Each indexed article's subsets by bit mask over its (ascending) tags: 2^tags ids from ownStart[j].
  const ownStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) ownStart[j + 1] = ownStart[j]! + (indexed(j) ? 1 << tagsIn(j) : 0);
  const own = new Int32Array(ownStart[n]!);
  for (let j = 0; j < n; j++) {
    if (!indexed(j)) continue;
    const base = ownStart[j]!;
    const tags = tagStart[j]!;
    for (let m = 1; m < 1 << tagsIn(j); m++) {
      const high = 31 - Math.clz32(m);
      const key = own[base + (m ^ (1 << high))]! * tagCount + tagList[tags + high]!;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ++subsets));
      own[base + m] = id;
    }
  }
  // An article with more tags is listed under the indexed subsets of its tags all the same.
  const extra: (number[] | undefined)[] = [];
  for (let j = 0; j < n; j++) {
    if (indexed(j) || tagsIn(j) === 0 || !subsets) continue;
    const found: number[] = (extra[j] = []);
    const visit = (parent: number, from: number) => {
      for (let p = from; p < tagStart[j + 1]!; p++) {
        const id = ids.get(parent * tagCount + tagList[p]!);
        if (id === undefined) continue;
        found.push(id);
        visit(id, p + 1);
      }
    };
    visit(0, tagStart[j]!);
  }
  // Which subsets each article is listed under: from heldStart[j] to heldStart[j + 1] in held.
  const heldStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) heldStart[j + 1] = heldStart[j]! + (indexed(j) ? (1 << tagsIn(j)) - 1 : (extra[j]?.length ?? 0));
  const held = new Int32Array(heldStart[n]!);
  for (let j = 0; j < n; j++) {
    let at = heldStart[j]!;
    if (indexed(j)) for (let h = ownStart[j]! + 1; h < ownStart[j + 1]!; h++) held[at++] = own[h]!;
    else for (const id of extra[j] ?? []) held[at++] = id;
  }
  const offset = new Int32Array(subsets + 2);
  for (const id of held) offset[id + 1]!++;
  for (let id = 1; id <= subsets + 1; id++) offset[id]! += offset[id - 1]!;
  const total = offset[subsets + 1]!;
  /** Each subset's articles, newest first. */
  const newest = new Int32Array(total);
  const fill = offset.slice();
  for (let j = 0; j < n; j++) for (let h = heldStart[j]!; h < heldStart[j + 1]!; h++) newest[fill[held[h]!]!++] = j;
  /** Each subset's articles again, by channel number, then newest first (with the channels alongside). */
  const grouped = new Int32Array(total);
  const groupedChannel = new Int32Array(total);
  fill.set(offset);
  for (const list of byChannel) {
    for (const j of list ?? []) {
      for (let h = heldStart[j]!; h < heldStart[j + 1]!; h++) {
        const at = fill[held[h]!]!++;
        grouped[at] = j;
        groupedChannel[at] = channelOf[j]!;
      }
    }
  }

  /** For each tag count, the bit masks of its subsets by their size. */
  const masksOf = (k: number) => {
    const out: number[][] = Array.from({ length: k + 1 }, () => []);
    for (let m = 1; m < 1 << k; m++) {
      let bits = 0;
      for (let x = m; x; x &= x - 1) bits++;
      out[bits]!.push(m);
    }
    return out;
  };
  const masks = Array.from({ length: indexedTags + 1 }, (_, k) => masksOf(k));
  const heads = new Int32Array(Math.max(1, 1 << indexedTags));
  const ends = new Int32Array(heads.length);

  // An article of this rank that is on the lists and neither taken nor picked shares exactly `s`
  // tags: every article of a higher rank has been picked or is taken, or the list would be full.
  return (self, wanted) => {
    const k = tagsIn(self);
    if (k === 0) return [];
    if (!indexed(self)) return undefined;
    const base = ownStart[self]!;
    const channel = channelOf[self]!;
    const best: number[] = [];
    for (let s = k; s >= 1; s--) {
      for (let pass = 0; pass < 2; pass++) {
        const same = pass === 0;
        const list = same ? grouped : newest;
        let count = 0;
        for (const m of masks[k]![s]!) {
          const id = own[base + m]!;
          let from = offset[id]!;
          let to = offset[id + 1]!;
          if (same) {
            from = firstAtLeast(groupedChannel, from, to, channel);
            to = firstAtLeast(groupedChannel, from, to, channel + 1);
          }
          if (from < to) {
            heads[count] = from;
            ends[count++] = to;
          }
        }
        // Newest first across the lists; each article of this rank is on exactly one of them.
        for (;;) {
          let at = -1;
          let j = n;
          for (let l = 0; l < count; l++) {
            const h = heads[l]!;
            if (h < ends[l]! && list[h]! < j) {
              j = list[h]!;
              at = l;
            }
          }
          if (at < 0) break;
          heads[at]!++;
          if (taken[j]) continue;
          taken[j] = 1;
          best.push(j);
          if (best.length === wanted) return best;
        }
      }
    }
    return best;
  };
}

/** The first place in `channels[from, to)`, ascending, that is at least `channel`. */
function firstAtLeast(channels: Int32Array, from: number, to: number, channel: number): number {
  if (to - from <= 16) {
    while (from < to && channels[from]! < channel) from++;
    return from;
  }
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (channels[mid]! < channel) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ranks by counting shared tags: for articles with more tags than are indexed. */
function countingRanker(
  articles: readonly Story[],
  members: readonly number[][],
  tagsOf: readonly number[][],
  channelOf: Int32Array,
  byChannel: readonly number[][],
  taken: Uint8Array,
  wideTag: number,
): (self: number, wanted: number) => number[] {
  const shared = new Int32Array(articles.length);
  const touched: number[] = [];
  /** Whether article `j` has tag `t`: its own few tags looked through, or the tag's list searched. */
  const carries = (j: number, t: number) => (tagsOf[j]!.length <= 16 ? tagsOf[j]!.includes(t) : holds(members[t]!, j));

  return (self, wanted) => {
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
    return best;
  };
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

/**
 * What ranking reads of each article, in one pass over them: its id, its channel as a number, and
 * its tags as ascending numbers (from tagStart[i] to tagStart[i + 1] in tagList, a tag written
 * twice once); and each tag's articles (ascending indexes).
 */
function readArticles(articles: readonly Story[]) {
  const n = articles.length;
  const idOf: string[] = new Array(n);
  const channelOf = new Int32Array(n);
  const channelNumbers = new Map<string | undefined, number>();
  const tagNumbers = new Map<string, number>();
  const members: number[][] = [];
  const tagStart = new Int32Array(n + 1);
  const all: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = articles[i]!;
    idOf[i] = a.id;
    let c = channelNumbers.get(a.channel);
    if (c === undefined) channelNumbers.set(a.channel, (c = channelNumbers.size));
    channelOf[i] = c;
    for (const tag of a.tags) {
      let t = tagNumbers.get(tag);
      if (t === undefined) {
        tagNumbers.set(tag, (t = members.length));
        members.push([]);
      }
      if (members[t]!.at(-1) === i) continue;
      members[t]!.push(i);
      all.push(t);
    }
    tagStart[i + 1] = all.length;
  }
  const tagList = Int32Array.from(all);
  for (let i = 0; i < n; i++) {
    const from = tagStart[i]!;
    const to = tagStart[i + 1]!;
    if (to - from > 8) tagList.subarray(from, to).sort();
    else {
      for (let p = from + 1; p < to; p++) {
        const t = tagList[p]!;
        let at = p;
        for (; at > from && tagList[at - 1]! > t; at--) tagList[at] = tagList[at - 1]!;
        tagList[at] = t;
      }
    }
  }
  return { idOf, channelOf, members, tagStart, tagList };
}

/** Each article's tags as a list of its own. */
function tagsByArticle(tagStart: Int32Array, tagList: Int32Array): number[][] {
  return Array.from({ length: tagStart.length - 1 }, (_, j) => Array.from(tagList.subarray(tagStart[j]!, tagStart[j + 1]!)));
}
