// Where each page is written: paths relative to the output root, with "/" separators.
import { datePathParts, type StoryDate } from "../dates.js";

export const HOME_ROUTE = "index.html";
export const NOT_FOUND_ROUTE = "404.html";
/** The 最新 list every page shows, as one small script (see render/latest-script.ts). */
export const LATEST_SCRIPT_ROUTE = "latest.js";

export function articleRoute(pattern: string, story: { id: string; channel?: string; date: StoryDate }): string | undefined {
  const parts = datePathParts(story.date);
  const values: Record<string, string> = { channel: story.channel ?? "", id: story.id, ...parts };
  let route = pattern.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  if (route.endsWith("/")) route += "index.html";
  return safeRoute(route);
}

export function listRoute(slug: string, pageNumber: number, pagination: { first: string; pattern: string }): string | undefined {
  const name = pageNumber === 1 ? pagination.first : pagination.pattern.replace(/\{n\}/g, String(pageNumber)).replace(/\{i\}/g, String(pageNumber - 1));
  return safeRoute(`${slug}/${name}`);
}

export function pageRoute(id: string): string | undefined {
  return safeRoute(`${id}.html`);
}

/**
 * A route that stays inside the output folder, or undefined. Refuses "..", ".", backslashes,
 * NUL and other control characters, escaped dots, slashes and NULs (a server may decode them),
 * and absolute paths, rather than repairing them.
 */
export function safeRoute(route: string): string | undefined {
  const trimmed = route.replace(/^\/+/, "");
  if (!trimmed || /[\\\0-\x1f\x7f]|%(?:2e|2f|5c|00)/i.test(trimmed) || /^[a-zA-Z]:/.test(trimmed)) return undefined;
  const segments = trimmed.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return undefined;
  return segments.join("/");
}
