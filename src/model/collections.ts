// The lists a newsroom keeps besides its channels: a page per reporter (from the bylines), per
// tag, per curated 专题, and per month (往期). Each is a list of article ids, newest first, paged
// as channels are. Pure: made from the published articles and site.yml.
import type { SiteConfig } from "../config.js";
import type { Credit } from "../content/byline.js";
import type { Article } from "../content/story.js";
import { uniqueSlugs } from "../slugs.js";
import { compareText } from "../diagnostics.js";
import { paginate } from "./pagination.js";
import { listRoute } from "./routes.js";

export type CollectionKind = "author" | "tag" | "topic" | "archive";

/** The folder each kind's pages are in: /author/zhouyang/, /tag/zhiliangqiangshi/, /topic/…, /archive/2018/12/. */
const COLLECTION_FOLDERS: Record<CollectionKind, string> = { author: "author", tag: "tag", topic: "topic", archive: "archive" };

/** The page listing every month with stories (往期), linked from every page's footer. */
export const ARCHIVE_INDEX_ROUTE = "archive/index.html";

export interface Collection {
  kind: CollectionKind;
  /** Its folder under its kind's: zhouyang, zhiliangqiangshi, 2018/12. */
  slug: string;
  /** What its pages are called: 周阳, 质量强市, the topic's title, 2018年12月. */
  name: string;
  /** Article ids, newest first. */
  ids: string[];
  /** A reporter's: every spelling of the name that bylines use (the name first). */
  names?: string[];
}

/** One page of a collection, as ListPage is one page of a channel. */
export interface CollectionPage {
  collection: Collection;
  number: number;
  total: number;
  route: string;
  ids: readonly string[];
}

export interface Collections {
  all: Collection[];
  pages: CollectionPage[];
  /** Where each name in a byline leads (by the name as written), and each tag. */
  authorRoutes: Map<string, string>;
  tagRoutes: Map<string, string>;
  /** Months with stories, newest first, each with its count and first page. */
  months: { year: number; month: number; count: number; route: string }[];
}

/**
 * @param articles published articles, newest first
 * @param creditsOf who wrote each (from `authors:` or the byline)
 */
export function buildCollections(articles: readonly Article[], config: Pick<SiteConfig, "pagination" | "pageSize" | "reporters" | "topics">, creditsOf: (a: Article) => readonly Credit[]): Collections {
  const all: Collection[] = [];

  // Reporters: one per person, whatever spelling a byline used, in the order their names sort.
  const spellingOf = new Map<string, string>();
  for (const r of config.reporters) for (const n of [r.name, ...r.names]) spellingOf.set(n, r.name);
  const byPerson = new Map<string, { ids: string[]; names: Set<string> }>();
  for (const a of articles) {
    for (const credit of creditsOf(a)) {
      const person = spellingOf.get(credit.name) ?? credit.name;
      let entry = byPerson.get(person);
      if (!entry) byPerson.set(person, (entry = { ids: [], names: new Set([person]) }));
      entry.names.add(credit.name);
      // Credited twice in one story (记者 王五 摄: reporter and photographer): listed once.
      if (entry.ids.at(-1) !== a.id) entry.ids.push(a.id);
    }
  }
  const fixed = new Map(config.reporters.filter((r) => r.slug).map((r) => [r.name, r.slug!]));
  const age = new Map(articles.map((a, i) => [a.id, i]));
  const personSlugs = uniqueSlugs(byFirstAppearance(new Map([...byPerson].map(([name, { ids }]) => [name, ids])), age), fixed, "author");
  const authorRoutes = new Map<string, string>();
  for (const person of [...byPerson.keys()].sort(compareText)) {
    const { ids, names } = byPerson.get(person)!;
    const collection: Collection = { kind: "author", slug: personSlugs.get(person)!, name: person, ids, names: [...names] };
    all.push(collection);
    for (const n of names) authorRoutes.set(n, firstRoute(collection, config.pagination));
  }

  // Tags: every tag an article carries.
  const byTag = new Map<string, string[]>();
  for (const a of articles) for (const tag of a.tags) (byTag.get(tag) ?? byTag.set(tag, []).get(tag)!).push(a.id);
  const tagNames = [...byTag.keys()].sort(compareText);
  const tagSlugs = uniqueSlugs(byFirstAppearance(byTag, age), new Map(), "tag");
  const tagRoutes = new Map<string, string>();
  for (const tag of tagNames) {
    const collection: Collection = { kind: "tag", slug: tagSlugs.get(tag)!, name: tag, ids: byTag.get(tag)! };
    all.push(collection);
    tagRoutes.set(tag, firstRoute(collection, config.pagination));
  }

  // 专题: the articles with any of its tags, and those it names.
  for (const topic of config.topics) {
    const tags = new Set(topic.tags);
    const named = new Set(topic.ids);
    const ids = articles.filter((a) => named.has(a.id) || a.tags.some((t) => tags.has(t))).map((a) => a.id);
    all.push({ kind: "topic", slug: topic.slug, name: topic.title, ids });
  }

  // 往期: a month's articles, by the site's wall clock.
  const byMonth = new Map<string, { year: number; month: number; ids: string[] }>();
  for (const a of articles) {
    const { year, month } = a.date.local;
    const key = `${year}/${String(month).padStart(2, "0")}`;
    (byMonth.get(key) ?? byMonth.set(key, { year, month, ids: [] }).get(key)!).ids.push(a.id);
  }
  const months: Collections["months"] = [];
  for (const [key, { year, month, ids }] of byMonth) {
    const collection: Collection = { kind: "archive", slug: key, name: `${year}年${month}月`, ids };
    all.push(collection);
    months.push({ year, month, count: ids.length, route: firstRoute(collection, config.pagination) });
  }

  const pages: CollectionPage[] = [];
  for (const collection of all) {
    const slices = paginate(collection.ids.length, config.pageSize);
    for (const slice of slices) {
      const route = collectionRoute(collection, slice.number, config.pagination);
      if (route) pages.push({ collection, number: slice.number, total: slices.length, route, ids: collection.ids.slice(slice.start, slice.end) });
    }
  }
  return { all, pages, authorRoutes, tagRoutes, months };
}

/**
 * Names by the story they first appeared in, oldest first (then by the name): the order that keeps
 * a name's slug when another that reads alike comes later (slugs.ts). `age` is an article's place
 * newest first, so the larger the older.
 */
function byFirstAppearance(idsByName: ReadonlyMap<string, readonly string[]>, age: ReadonlyMap<string, number>): string[] {
  const first = (name: string) => age.get(idsByName.get(name)!.at(-1)!)!;
  return [...idsByName.keys()].sort((a, b) => first(b) - first(a) || compareText(a, b));
}

/** Page `n` of a collection: its kind's folder, its slug, then the site's list page names. */
export function collectionRoute(collection: Pick<Collection, "kind" | "slug">, n: number, pagination: SiteConfig["pagination"]): string | undefined {
  return listRoute(`${COLLECTION_FOLDERS[collection.kind]}/${collection.slug}`, n, pagination);
}

function firstRoute(collection: Collection, pagination: SiteConfig["pagination"]): string {
  return collectionRoute(collection, 1, pagination)!;
}
