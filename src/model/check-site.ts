// Checks that need the whole site: ids unique, channels known, related ids and covers that exist,
// and every page's path inside the output folder.
import type { ContentSet } from "../content/load-content.js";
import type { Story } from "../content/story.js";
import { errorAt, warningAt, type Diagnostic } from "../diagnostics.js";
import { isWebAddress, publicRoute } from "../paths.js";
import { guesser, type Guesser } from "../suggest.js";
import type { ChannelTree } from "./channels.js";
import { articleRoute, listRoute, pageRoute } from "./routes.js";
import type { SiteConfig } from "../config.js";

export interface SiteCheck {
  diagnostics: Diagnostic[];
  /** Output path of every article and page that has a valid one, by id (drafts included). */
  routes: Map<string, string>;
  /**
   * For each story (in the order given), the index of the story each of its related ids names
   * (the first with that id), or -1: ids are looked up once, here, and not again by their text.
   */
  relatedTargets: (readonly number[])[];
}

const NO_TARGETS: readonly number[] = [];

export function checkSite(content: ContentSet, channels: ChannelTree, publicFiles?: ReadonlySet<string>): SiteCheck {
  const { config, stories } = content;
  const diagnostics: Diagnostic[] = [];
  const at = (s: Story, field: string) => s.fieldLines[field];
  /** Each id's first story, by its index. */
  const known = new Map<string, number>();
  const guessChannel = guesser(channels.all);

  stories.forEach((s, i) => {
    const firstAt = known.get(s.id);
    if (firstAt !== undefined) {
      const first = stories[firstAt]!;
      diagnostics.push(errorAt(s.file, `id "${s.id}" is already used by ${first.file}`, "ids must be unique across the site: change the id (or the file name) of one of them", at(s, "id") ?? 1, 1));
      diagnostics.push(errorAt(first.file, `id "${s.id}" is also used by ${s.file}`, "ids must be unique across the site: change the id (or the file name) of one of them", at(first, "id") ?? 1, 1));
    } else known.set(s.id, i);

    if (s.channel !== undefined && !channels.bySlug.has(s.channel)) {
      const guess = guessChannel(s.channel);
      const hint = guess ? `did you mean "${guess}"? Channels are listed in site.yml` : `use one of: ${channels.all.join(", ")}`;
      const message = `channel "${s.channel}" is not a channel in site.yml`;
      diagnostics.push(s.kind === "article" ? errorAt(s.file, message, hint, at(s, "channel"), 1) : warningAt(s.file, message, hint, at(s, "channel"), 1));
    }
    if (s.kind === "snippet" && s.aliases.length) {
      diagnostics.push(warningAt(s.file, "aliases on a snippet are ignored: a snippet has no page of its own to lead to", "move the aliases to the article that has the story's page", at(s, "aliases"), 1));
    }
  });

  // Only what 相关新闻 can show is worth suggesting: never a stand-alone page. The names are
  // indexed on the first dangling id, not on every build.
  let guessing: Guesser | undefined;
  const guessId: Guesser = (id) => (guessing ??= guesser([...known.values()].map((i) => stories[i]!).filter((s) => s.kind !== "standalone").map((s) => s.id)))(id);
  const relatedTargets = stories.map((s) => {
    if (s.related.length === 0) return NO_TARGETS;
    const targets = s.related.map((id) => known.get(id) ?? -1);
    s.related.forEach((id, k) => {
      const target = stories[targets[k]!];
      if (target?.kind === "standalone") {
        diagnostics.push(
          warningAt(s.file, `related id "${id}" is the stand-alone page ${target.file}; it is left out, as 相关新闻 lists only articles and snippets`, `remove "${id}" from related, or name an article or snippet`, at(s, "related"), 1),
        );
      } else if (!target) {
        diagnostics.push(warningAt(s.file, `related id "${id}" names no article or snippet; it is left out`, nearestHint(id, guessId), at(s, "related"), 1));
      } else if (target.draft && !s.draft) {
        diagnostics.push(warningAt(s.file, `related id "${id}" is a draft; it is left out until published`, `publish ${target.file} or remove "${id}"`, at(s, "related"), 1));
      } else if (target.retraction !== undefined && s.retraction === undefined && !s.draft) {
        diagnostics.push(warningAt(s.file, `related id "${id}" was withdrawn (retracted: true in ${target.file}); it is left out`, `remove "${id}" from related`, at(s, "related"), 1));
      }
    });
    return targets;
  });
  for (const s of stories) {
    for (const id of s.relatedExclude) {
      if (!known.has(id)) diagnostics.push(warningAt(s.file, `related_exclude id "${id}" names no article or snippet`, nearestHint(id, guessId), at(s, "related_exclude"), 1));
    }
  }

  diagnostics.push(...patternSafetyDiagnostics(config));
  if (publicFiles) diagnostics.push(...siteImageDiagnostics(config, publicFiles));
  const routes = new Map<string, string>();
  for (const s of stories) {
    if (s.kind === "snippet" || (s.kind === "article" && !channels.bySlug.has(s.channel))) continue;
    const route = s.kind === "article" ? articleRoute(config.permalink, s) : pageRoute(s.id);
    // A route can only be unsafe through the permalink pattern, reported once above.
    if (route && !s.draft) routes.set(s.id, route);
  }
  return { diagnostics, routes, relatedTargets };
}

function nearestHint(id: string, guessId: Guesser): string {
  const guess = guessId(id);
  return guess ? `did you mean "${guess}"?` : "check the id against the file names under content/articles and content/snippets";
}

/** Whether an image a page shows is there: a web address, or a file under public/. */
function isInSite(image: string, publicFiles: ReadonlySet<string>): boolean {
  return isWebAddress(image) || publicFiles.has(publicRoute(image));
}

/** The logo and favicon site.yml names, where they are paths: a file under public/ that is missing is a broken image on every page. */
function siteImageDiagnostics(config: SiteConfig, publicFiles: ReadonlySet<string>): Diagnostic[] {
  const { file, lines } = config.origin;
  return (["logo", "favicon"] as const).flatMap((field) => {
    const value = config[field];
    if (!value || isInSite(value, publicFiles)) return [];
    return [warningAt(file, `${field} "${value}" names no file under public/`, `put the image in public/ (e.g. public/img/${field}.png, written as /img/${field}.png) or give a full https:// address`, lines[field], 1)];
  });
}

/** Patterns from site.yml tried on a sample story: a pattern that escapes the output is refused. */
function patternSafetyDiagnostics(config: SiteConfig): Diagnostic[] {
  const { file, lines } = config.origin;
  const out: Diagnostic[] = [];
  const sample = { id: "x", channel: "c", date: { instant: 0, offsetMinutes: 0, local: { year: 2018, month: 12, day: 7, hour: 0, minute: 0, second: 0 } } };
  if (!articleRoute(config.permalink, sample)) {
    out.push(errorAt(file, `permalink "${config.permalink}" would write pages outside the output folder`, 'use a path without "..", backslashes or % escapes, e.g. "/{channel}/{yyyy}{mm}/t{yyyy}{mm}{dd}_{id}.html"', lines.permalink, 1));
  }
  for (const key of ["first", "pattern"] as const) {
    const name = config.pagination[key];
    if (name.includes("/") || !listRoute("c", key === "first" ? 1 : 2, config.pagination)) {
      out.push(errorAt(file, `pagination.${key} "${name}" must be a plain file name`, 'e.g. "index.html" or "index_{i}.html"', lines[`pagination.${key}`], 1));
    }
  }
  return out;
}
