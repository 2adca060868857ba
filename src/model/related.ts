// 相关新闻: the ids an editor named, in order, then stories that share the most tags
// (then the same channel), newest first, up to a fixed number of items.
import type { Story } from "../content/story.js";

export const RELATED_LIMIT = 10;

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
): string[][] {
  const byTag = new Map<string, number[]>();
  articles.forEach((a, i) => {
    for (const tag of a.tags) {
      let list = byTag.get(tag);
      if (!list) byTag.set(tag, (list = []));
      list.push(i);
    }
  });
  const shared = new Int32Array(articles.length);
  const taken = new Uint8Array(articles.length);
  const indexOf = new Map(articles.map((a, i) => [a.id, i]));
  const channelOf = channelNumbers(articles);
  const touched: number[] = [];

  return articles.map((article, self) => {
    const chosen = named[self]!.slice(0, limit);
    const wanted = limit - chosen.length;
    if (wanted <= 0) return chosen;
    const takenNow = [self, ...chosen.map((id) => indexOf.get(id)).filter((i) => i !== undefined)];
    for (const i of takenNow) taken[i] = 1;

    for (const tag of article.tags) {
      for (const j of byTag.get(tag)!) {
        if (shared[j] === 0) touched.push(j);
        shared[j]!++;
      }
    }
    // Keep the best `wanted` candidates: more shared tags, then same channel, then newer (smaller index).
    const mine = channelOf[self]!;
    const better = (x: number, y: number) =>
      shared[x] !== shared[y] ? shared[x]! > shared[y]! : (channelOf[x] === mine) !== (channelOf[y] === mine) ? channelOf[x] === mine : x < y;
    const best: number[] = [];
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

function channelNumbers(articles: readonly Story[]): Int32Array {
  const numbers = new Map<string | undefined, number>();
  return Int32Array.from(articles, (a) => {
    let n = numbers.get(a.channel);
    if (n === undefined) numbers.set(a.channel, (n = numbers.size));
    return n;
  });
}
