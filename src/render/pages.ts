// Every page the site has, as a job that can be rendered on its own from the model alone.
import type nunjucks from "nunjucks";
import type { SiteModel } from "../model/site-model.js";
import { HOME_ROUTE, NOT_FOUND_ROUTE } from "../model/routes.js";
import { basePathOf, linksFrom, linksWithPrefix } from "./links.js";
import { articleView, channelView, homeView, notFoundView, standalonePageView } from "./views.js";

export type PageJob =
  | { kind: "home"; route: string }
  | { kind: "article"; route: string; id: string }
  | { kind: "channel"; route: string; index: number }
  | { kind: "page"; route: string; id: string }
  | { kind: "404"; route: string };

export const TEMPLATE_OF: Record<PageJob["kind"], string> = {
  home: "home.njk",
  article: "article.njk",
  channel: "channel.njk",
  page: "page.njk",
  "404": "404.njk",
};

export const PAGE_TEMPLATES = Object.values(TEMPLATE_OF);

export function pageJobs(model: SiteModel): PageJob[] {
  return [
    { kind: "home", route: HOME_ROUTE },
    ...model.listPages.map((p, index) => ({ kind: "channel" as const, route: p.route, index })),
    ...model.articles.map((a) => ({ kind: "article" as const, route: model.routes.get(a.id)!, id: a.id })),
    ...model.pages.map((p) => ({ kind: "page" as const, route: model.routes.get(p.id)!, id: p.id })),
    { kind: "404", route: NOT_FOUND_ROUTE },
  ];
}

export function renderPage(env: nunjucks.Environment, model: SiteModel, job: PageJob): string {
  return env.render(TEMPLATE_OF[job.kind], viewOf(model, job));
}

function viewOf(model: SiteModel, job: PageJob): object {
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
