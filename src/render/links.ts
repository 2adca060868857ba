// Links between pages are relative ("../../chibi/index.html"), so one dist/ works opened from
// disk (file://), served from a server's root, and served under a sub-path.
import { ROOT_MARKER } from "../content/markdown.js";
import { publicRoute } from "../paths.js";

export interface Links {
  /** The path from the current page to the site's root: "../../", or "/news/" for the 404 page. */
  prefix: string;
  /** The link from the current page to another output path ("chibi/index.html"). */
  to(route: string): string;
  /** A cover or other asset: a public/ path ("/img/a.jpg") or a full URL, kept as is. */
  asset(pathOrUrl: string): string;
  /** A body's HTML with its root-relative links made relative to the current page. */
  body(html: string): string;
}

export function linksFrom(route: string): Links {
  const depth = route.split("/").length - 1;
  return linksWithPrefix("../".repeat(depth));
}

/** Links that start from a fixed base, e.g. "/news/": for the 404 page, served at any depth. */
export function linksWithPrefix(prefix: string): Links {
  const to = (target: string) => prefix + target;
  return {
    prefix,
    to,
    asset: (p) => (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(p) ? p : to(publicRoute(p))),
    body: (html) => (html.includes(ROOT_MARKER) ? html.split(ROOT_MARKER).join(prefix || "./") : html),
  };
}

/** The path part of the site's URL, as a prefix: "https://example.org/news" → "/news/". */
export function basePathOf(siteUrl: string): string {
  if (!siteUrl) return "/";
  try {
    const p = new URL(siteUrl).pathname.replace(/(?<!\/)\/+$/, "");
    return `${p}/`;
  } catch {
    return "/";
  }
}

/** An absolute URL for canonical links and feeds, or undefined when site.yml has no url. */
export function absoluteUrl(siteUrl: string, route: string): string | undefined {
  return siteUrl ? `${siteUrl}/${route === "index.html" ? "" : route}` : undefined;
}
