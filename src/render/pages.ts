// Every page the site has, as a job that can be rendered on its own from the model alone.
import type nunjucks from "nunjucks";
import type { SiteModel } from "../model/site-model.js";
import { HOME_ROUTE, NOT_FOUND_ROUTE } from "../model/routes.js";
import { FEED_ROUTE, SITEMAP_ROUTE, rssFeed, sitemap } from "./feeds.js";
import { basePathOf, linksFrom, linksWithPrefix } from "./links.js";
import { articleView, channelView, homeView, notFoundView, standalonePageView } from "./views.js";

export type PageJob =
  | { kind: "home"; route: string }
  | { kind: "article"; route: string; id: string }
  | { kind: "channel"; route: string; index: number }
  | { kind: "page"; route: string; id: string }
  | { kind: "404"; route: string }
  | { kind: "feed"; route: string }
  | { kind: "sitemap"; route: string };

/** The template of each kind of HTML page; feeds are written by code, not templates. */
export const TEMPLATE_OF: Partial<Record<PageJob["kind"], string>> = {
  home: "home.njk",
  article: "article.njk",
  channel: "channel.njk",
  page: "page.njk",
  "404": "404.njk",
};

export const PAGE_TEMPLATES = Object.values(TEMPLATE_OF) as string[];

export function pageJobs(model: SiteModel): PageJob[] {
  return [
    { kind: "home", route: HOME_ROUTE },
    ...model.listPages.map((p, index) => ({ kind: "channel" as const, route: p.route, index })),
    ...model.articles.map((a) => ({ kind: "article" as const, route: model.routes.get(a.id)!, id: a.id })),
    ...model.pages.map((p) => ({ kind: "page" as const, route: model.routes.get(p.id)!, id: p.id })),
    { kind: "404", route: NOT_FOUND_ROUTE },
    ...(model.config.url ? [{ kind: "feed" as const, route: FEED_ROUTE }, { kind: "sitemap" as const, route: SITEMAP_ROUTE }] : []),
  ];
}

export function renderPage(env: nunjucks.Environment, model: SiteModel, job: PageJob): string {
  if (job.kind === "feed") return rssFeed(model);
  if (job.kind === "sitemap") return sitemap(model);
  return env.render(TEMPLATE_OF[job.kind]!, viewOf(model, job));
}

function viewOf(model: SiteModel, job: Exclude<PageJob, { kind: "feed" | "sitemap" }>): object {
  switch (job.kind) {
    case "home":
      return homeView(model, linksFrom(job.route));
    case "article":
      return articleView(model, linksFrom(job.route), job.id);
    case "channel":
      return channelView(model, linksFrom(job.route), model.listPages[job.index]!);
    case "page":
      return standalonePageView(model, linksFrom(job.route), model.byId.get(job.id) ?? model.pages.find((p) => p.id === job.id)!);
    case "404":
      // Served in place of any missing path, so its links start from the site's root.
      return notFoundView(model, linksWithPrefix(basePathOf(model.config.url)), job.route);
  }
}
