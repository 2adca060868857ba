// Titles a search engine can tell apart: articles that share a headline (政府工作报告 every year, a
// daily 天气预报) get a note after it in their page's <title> — the day, or, for two on one day,
// the minute, or, for two in one minute, the id — so that no two pages of the site share a title.
import { formatDay, formatDayTime } from "../dates.js";
import type { PublishedArticle } from "./published.js";

/** Sets `titleNote` on each article whose title another article has too. */
export function noteSharedTitles(articles: readonly PublishedArticle[]): void {
  const byTitle = groupBy(articles, (a) => a.story.title);
  for (const group of byTitle.values()) {
    if (group.length < 2) continue;
    for (const sameDay of groupBy(group, (a) => formatDay(a.story.date)).values()) {
      const sameMinute = groupBy(sameDay, (a) => formatDayTime(a.story.date));
      for (const a of sameDay) {
        const day = formatDay(a.story.date);
        const minute = formatDayTime(a.story.date);
        a.titleNote = sameDay.length < 2 ? day : sameMinute.get(minute)!.length < 2 ? minute : `${minute} ${a.story.id}`;
      }
    }
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
