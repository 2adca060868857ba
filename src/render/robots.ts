// robots.txt: every crawler may read the whole site, and is told where the sitemaps are (they
// need absolute addresses, so a site without `url` in site.yml names none).
import { NEWS_SITEMAP_ROUTE, SITEMAP_ROUTE } from "../model/outputs.js";
import type { SiteModel } from "../model/site-model.js";
import { absoluteUrl } from "./links.js";

export function robotsTxt(model: SiteModel): string {
  const sitemaps = model.outputs.filter((o) => o.route === SITEMAP_ROUTE || o.route === NEWS_SITEMAP_ROUTE).map((o) => `Sitemap: ${absoluteUrl(model.config.url, o.route)}`);
  return ["User-agent: *", "Allow: /", ...(sitemaps.length ? ["", ...sitemaps] : []), ""].join("\n");
}
