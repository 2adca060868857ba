// Old addresses for servers: where each alias leads, as a 301 rule. The redirect pages already
// answer on any static host; a server that reads these rules answers with a real 301 instead,
// which search engines follow with the page's rank.
import type { SiteModel } from "../model/site-model.js";
import { basePathOf } from "./links.js";

/**
 * nginx: the lines of a `map`, to be included in nginx's http block as
 *   map $uri $xnews_redirect { include /srv/www/redirects.nginx.conf; }
 * with, in the server block, `if ($xnews_redirect) { return 301 $xnews_redirect; }`.
 * $uri is decoded, so the old address is written as it reads; the new one is percent-encoded
 * ("$" too: nginx would read it as a variable).
 *
 * _redirects (Netlify, Cloudflare Pages): "old new 301" a line, both percent-encoded.
 */
export function redirectsText(model: SiteModel, format: "nginx" | "netlify"): string {
  const base = basePathOf(model.config.url);
  const rules = [...model.aliases]
    .sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0))
    .map(({ alias, to }) => {
      const from = `${base}${alias.slice(1)}`;
      const target = `${base}${to}`;
      return format === "nginx" ? `${nginxString(from)} ${nginxString(encodeURI(target).replace(/\$/g, "%24"))};` : `${encodeURI(from)} ${encodeURI(target)} 301`;
    });
  const head =
    format === "nginx"
      ? ["# Old addresses and the pages they moved to, written by xnews. In nginx's http block:", "#   map $uri $xnews_redirect { include /path/to/redirects.nginx.conf; }", "# and in the server block:", "#   if ($xnews_redirect) { return 301 $xnews_redirect; }"]
      : ["# Old addresses and the pages they moved to, written by xnews (Netlify, Cloudflare Pages)."];
  return `${[...head, ...rules].join("\n")}\n`;
}

/** A double-quoted nginx string: the quote and backslash escaped. */
function nginxString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
