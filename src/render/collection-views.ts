// The pages of reporters', tags', 专题's and months' lists (model/collections.ts), and 往期回顾:
// views as views.ts makes them, from its frame, items, crumbs and pager.
import { creditsOf } from "../content/credits.js";
import { ARCHIVE_INDEX_ROUTE, collectionRoute, type Collection } from "../model/collections.js";
import { linksFrom } from "./links.js";
import { pageHead, type Crumb } from "./page-head.js";
import type { SiteReader } from "./reader.js";
import { ARCHIVE_CRUMB, HOME_CRUMB, frameOf } from "./frame-view.js";
import type { Labels } from "../site-identity.js";
import { breadcrumbLinks, itemOf, pagerOf, type PageView } from "./views.js";

/** What each kind of list is called in its pages' titles and descriptions. */
function collectionTitle(c: Collection, labels: Labels): string {
  return c.kind === "tag" ? `${labels.keywords}:${c.name}` : c.kind === "archive" ? `往期:${c.name}` : c.name;
}

/** A page of a reporter's, tag's, topic's or month's list: its stories with their summaries, and a pager. */
export function collectionView(read: SiteReader, route: string): PageView {
  const page = read.collectionPage(route);
  const { collection } = page;
  const links = linksFrom(route);
  const config = read.config();
  const hrefOf = (n: number) => links.to(collectionRoute(collection, n, config.pagination)!);
  const name = collectionTitle(collection, read.config().labels);
  const first = collectionRoute(collection, 1, config.pagination)!;
  const crumbs: Crumb[] = [HOME_CRUMB, ...(collection.kind === "archive" ? [ARCHIVE_CRUMB] : []), { name, route: first }];
  const profile = collection.kind === "author" ? config.reporters.find((r) => r.name === collection.name) : undefined;
  const topic = collection.kind === "topic" ? config.topics.find((t) => t.slug === collection.slug) : undefined;
  const description =
    collection.kind === "author" ? (profile?.bio ?? `${config.title}${profile?.title ?? ""}${collection.name}的稿件`)
    : collection.kind === "topic" ? (topic?.intro ?? `${config.title}专题:${collection.name}`)
    : collection.kind === "tag" ? `${config.title}关于“${collection.name}”的稿件`
    : `${config.title}${collection.name}的稿件`;
  // A reporter's page says what they did on each story: 记者, 通讯员, 摄影 ….
  const roleOn = (id: string) => {
    const names = collection.names ?? [];
    // The role as written (咸宁日报全媒体记者); a one-character mark (摄) as the role it stands for (摄影).
    const roles = creditsOf(read.shown(id).story).filter((c) => names.includes(c.name)).map((c) => (Array.from(c.label).length > 1 ? c.label : c.role));
    return [...new Set(roles)].join("、") || undefined;
  };
  return {
    frame: frameOf(read, links, false),
    page: {
      head: pageHead(config, { route, title: page.number > 1 ? `${name}(第${page.number}页)` : name, description, image: profile?.photo ?? topic?.banner, crumbs }),
      breadcrumb: breadcrumbLinks(links, crumbs),
      collection: { name: collection.name, title: name, count: collection.ids.length },
      profile: profile && { title: profile.title, bio: profile.bio, photo: profile.photo && links.asset(profile.photo) },
      topic: topic && { intro: topic.intro, banner: topic.banner && links.asset(topic.banner) },
      items: page.ids.map((id) => {
        const item = itemOf(read, links, id, "summary");
        return collection.kind === "author" ? { ...item, role: roleOn(id) } : item;
      }),
      pager: pagerOf(page.number, page.total, hrefOf),
    },
  };
}

/** 往期回顾: the years, newest first, each with its months and their counts. */
export function archiveIndexView(read: SiteReader): PageView {
  const links = linksFrom(ARCHIVE_INDEX_ROUTE);
  const years: { year: number; months: { month: number; count: number; href: string }[] }[] = [];
  for (const m of read.archiveMonths()) {
    if (years.at(-1)?.year !== m.year) years.push({ year: m.year, months: [] });
    years.at(-1)!.months.push({ month: m.month, count: m.count, href: links.to(m.route) });
  }
  const crumbs: Crumb[] = [HOME_CRUMB, ARCHIVE_CRUMB];
  return {
    frame: frameOf(read, links, false),
    page: { head: pageHead(read.config(), { route: ARCHIVE_INDEX_ROUTE, title: ARCHIVE_CRUMB.name, crumbs }), breadcrumb: breadcrumbLinks(links, crumbs), title: ARCHIVE_CRUMB.name, years },
  };
}
