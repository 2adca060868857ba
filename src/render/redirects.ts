// Old addresses for servers: where each alias leads, as a 301 rule. The redirect pages already
// answer on any static host; a server that reads these rules answers with a real 301 instead,
// which search engines follow with the page's rank.
import { compareText } from "../diagnostics.js";
import type { SiteModel } from "../model/site-model.js";
import { basePathOf } from "./links.js";

/** Where the README tells nginx to find the map: in its http block, `map $uri $xnews_redirect { include …; }`. */
const NGINX_HOW = [
  "# Old addresses and the pages they moved to, written by xnews. In nginx's http block:",
  "#   map $uri $xnews_redirect { include /srv/www/dist/redirects.nginx.conf; }",
  "# and in the server block:",
  "#   if ($xnews_redirect) { return 301 $xnews_redirect; }",
];
const NETLIFY_HOW = ["# Old addresses and the pages they moved to, written by xnews (Cloudflare Pages, Netlify)."];

/**
 * nginx: the lines of a `map`. $uri is decoded, so the old address is written as it reads; the
 * new one is percent-encoded ("$" too: nginx would read it as a variable).
 * _redirects: "old new 301" a line, both percent-encoded.
 */
export function redirectsText(model: SiteModel, format: "nginx" | "netlify"): string {
  const base = decodedPath(basePathOf(model.config.url));
  const rules = [...model.aliases]
    .sort((a, b) => compareText(a.route, b.route))
    .map(({ alias, to }) => {
      const from = `${base}${alias.slice(1)}`;
      const target = encodeURI(`${base}${to}`);
      return format === "nginx" ? `${nginxString(from)} ${nginxString(target.replace(/\$/g, "%24"))};` : `${encodeURI(from)} ${target} 301`;
    });
  return `${[...(format === "nginx" ? NGINX_HOW : NETLIFY_HOW), ...rules].join("\n")}\n`;
}

/** A double-quoted nginx string: the quote and backslash escaped. */
function nginxString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The site's path as a server sees it once decoded (a sub-path in Chinese, say). */
function decodedPath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
