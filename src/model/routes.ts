// Where each page is written: paths relative to the output root, with "/" separators.
import { datePathParts, type StoryDate } from "../dates.js";
import { safeRoute } from "../paths.js";


export const HOME_ROUTE = "index.html";
export const NOT_FOUND_ROUTE = "404.html";
/** The 最新 list every page shows, as one small script (see render/latest-script.ts). */
export const LATEST_SCRIPT_ROUTE = "latest.js";

export function articleRoute(pattern: string, story: { id: string; channel?: string; date: StoryDate }): string | undefined {
  let compiled = permalinks.get(pattern);
  if (!compiled) permalinks.set(pattern, (compiled = compilePermalink(pattern)));
  return compiled(story);
}

type Permalink = (story: { id: string; channel?: string; date: StoryDate }) => string | undefined;

/** Permalink patterns read once each: a site has one, applied to every article. */
const permalinks = new Map<string, Permalink>();

/**
 * `pattern` as pieces: the text between {name}s, and the names. A name that is not a story's own
 * (channel, id, yyyy, mm, dd) reads as it always did, through a plain object, so once for all.
 */
function compilePermalink(pattern: string): Permalink {
  const split = pattern.split(/\{(\w+)\}/);
  const literals: string[] = [];
  const names: string[] = [];
  const inherited: Record<string, unknown> = {};
  let text = "";
  split.forEach((piece, i) => {
    if (i % 2 === 0) text += piece;
    else if (!OWN_VALUES.has(piece)) text += String(inherited[piece] ?? `{${piece}}`);
    else {
      literals.push(text);
      names.push(piece);
      text = "";
    }
  });
  literals.push(text);
  return (story) => {
    const parts = datePathParts(story.date);
    let route = literals[0]!;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      route += (name === "channel" ? (story.channel ?? "") : name === "id" ? story.id : parts[name as keyof typeof parts]) + literals[i + 1]!;
    }
    if (route.endsWith("/")) route += "index.html";
    return safeRoute(route);
  };
}

const OWN_VALUES = new Set(["channel", "id", "yyyy", "mm", "dd"]);

export function listRoute(slug: string, pageNumber: number, pagination: { first: string; pattern: string }): string | undefined {
  const name = pageNumber === 1 ? pagination.first : pagination.pattern.replace(/\{n\}/g, String(pageNumber)).replace(/\{i\}/g, String(pageNumber - 1));
  return safeRoute(`${slug}/${name}`);
}

/** A channel's RSS feed, beside its list pages. */
export function channelFeedRoute(slug: string): string | undefined {
  return safeRoute(`${slug}/index.xml`);
}

export function pageRoute(id: string): string | undefined {
  return safeRoute(`${id}.html`);
}

/** The files telling servers where each old address went (written when a story has aliases). */
export const NGINX_REDIRECTS_ROUTE = "redirects.nginx.conf";
export const NETLIFY_REDIRECTS_ROUTE = "_redirects";

