// What each page shows of which story, so that after an edit only the pages that show what
// changed are rendered again. Kept beside the views: a page's deps list what its view reads.
import type { Story } from "../content/story.js";
import { formatIso } from "../dates.js";
import type { SiteModel } from "../model/site-model.js";
import type { PageJob } from "./pages.js";
import { feedStories } from "./feeds.js";
import { homeSelection, sidebarLatest } from "./views.js";

/** link: title, date, address and cover; teaser and summary: those texts; full: everything. */
export type Role = "link" | "teaser" | "summary" | "full";

export interface PageDeps {
  /** "role:id" for each story the page shows, in order. */
  shows: string[];
  /** Everything else the page's content depends on, as one comparable string. */
  shape: string;
}

export function pageDeps(model: SiteModel, job: PageJob): PageDeps {
  const shows: string[] = [];
  const add = (role: Role, ids: Iterable<string | undefined>) => {
    for (const id of ids) if (id !== undefined) shows.push(`${role}:${id}`);
  };
  // Every HTML page: the sidebar (not the home page's), the footer's pages, the footer's year.
  if (job.kind !== "feed" && job.kind !== "sitemap") add("link", model.pages.map((p) => p.id));
  if (job.kind !== "home" && job.kind !== "feed" && job.kind !== "sitemap") add("link", sidebarLatest(model).map((s) => s.id));
  const year = model.articles[0]?.date.local.year ?? "";
  switch (job.kind) {
    case "article": {
      const { prev, next } = model.neighbours.get(job.id) ?? {};
      add("full", [job.id]);
      add("link", [prev, next]);
      const related = model.related.get(job.id) ?? [];
      add("link", related);
      add("teaser", related);
      return { shows, shape: `article|${year}` };
    }
    case "channel": {
      const page = model.listPages[job.index]!;
      add("link", page.ids);
      add("summary", page.ids);
      return { shows, shape: `channel|${page.channel}|${page.number}/${page.total}|${year}` };
    }
    case "home": {
      const chosen = homeSelection(model);
      add("link", [chosen.headline?.id]);
      add("summary", [chosen.headline?.id]);
      add("link", chosen.focus.map((s) => s.id));
      add("link", chosen.blocks.flatMap((b) => [`|${b.slug}`, ...b.ids]));
      add("link", chosen.newest.map((s) => s.id));
      return { shows, shape: `home|${year}` };
    }
    case "page":
      add("full", [job.id]);
      return { shows, shape: `page|${year}` };
    case "404":
      return { shows, shape: `404|${year}` };
    case "feed":
      // An item shows title, address, date, summary, byline and tags: more than any one role.
      add("full", feedStories(model).map((s) => s.id));
      return { shows, shape: "feed" };
    case "sitemap":
      add("link", model.articles.map((a) => a.id));
      return { shows, shape: `sitemap|${[...model.listPages, ...model.pages].map((p) => ("route" in p ? p.route : model.routes.get(p.id))).join(",")}` };
  }
}

/** What a story looks like in each role: two versions differ in a role when its key differs. */
export function roleKeys(model: SiteModel, story: Story): Record<Exclude<Role, "full">, string> {
  return {
    link: JSON.stringify([story.title, model.routes.get(story.id) ?? story.url ?? "", formatIso(story.date), story.cover ?? ""]),
    teaser: model.teasers.get(story.id) ?? "",
    summary: model.summaries.get(story.id) ?? "",
  };
}
