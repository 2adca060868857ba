// xnews new "标题": a story file in the right folder, its front matter filled in, never over
// another file.
import fs from "node:fs";
import path from "node:path";
import { buildChannelTree } from "../model/channels.js";
import { listStoryFiles, loadSiteConfig } from "../content/load-content.js";
import { pinyinSlug } from "../slugs.js";
import { ID_PATTERN } from "../content/story.js";
import { atInstant, datePathParts, formatDayTime } from "../dates.js";
import { UserError, errorAt } from "../diagnostics.js";
import { displayPath } from "../content/files.js";
import { nearest } from "../suggest.js";

export interface NewStoryOptions {
  contentDir: string;
  title: string;
  channel?: string;
  snippet?: boolean;
  /** The moment of writing; now by default. */
  now?: number;
}


export function createStory(options: NewStoryOptions): { file: string; id: string } {
  const { config, diagnostics } = loadSiteConfig(options.contentDir);
  if (!config) throw new UserError(diagnostics);
  const title = options.title.trim();
  if (!title) throw new UserError([errorAt("xnews new", "the title is empty", 'give it in quotes: xnews new "赤壁召开质量工作会" --channel chibi')]);
  const channels = buildChannelTree(config.channels, config.pagination);
  if (!options.snippet && !options.channel) {
    throw new UserError([errorAt("xnews new", "a story needs a channel", `add --channel with one of: ${channels.all.join(", ")}`)]);
  }
  if (options.channel && !channels.bySlug.has(options.channel)) {
    const guess = nearest(options.channel, channels.all);
    throw new UserError([errorAt("xnews new", `channel "${options.channel}" is not a channel in site.yml`, guess ? `did you mean "${guess}"?` : `use one of: ${channels.all.join(", ")}`)]);
  }
  const date = atInstant(options.now ?? Date.now(), config.timezone);
  const { yyyy, mm, dd } = datePathParts(date);
  const id = uniqueId(`${yyyy}${mm}${dd}-${slugOf(title)}`.replace(/-$/, ""), existingIds(options.contentDir));
  const folder = options.snippet ? path.join(options.contentDir, "snippets") : path.join(options.contentDir, "articles", yyyy, mm);
  const file = path.join(folder, `${id}.md`);
  const fields = [`title: ${JSON.stringify(title)}`, `date: ${formatDayTime(date)}`];
  if (options.channel) fields.push(`channel: ${options.channel}`);
  fields.push(...(options.snippet ? ["url:"] : ["byline:", "editor:", "tags: []"]));
  fs.mkdirSync(folder, { recursive: true });
  // "wx": fail rather than replace a file that appeared meanwhile.
  fs.writeFileSync(file, `---\n${fields.join("\n")}\n---\n\n`, { flag: "wx" });
  return { file: displayPath(file), id };
}

/** A short, readable slug: pinyin of the first Chinese characters, Latin words and digits as they are. */
export function slugOf(title: string): string {
  return pinyinSlug(title, 4);
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const id = ID_PATTERN.test(base) ? base : base.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}

/** Ids in use: file names, and ids written in front matter. */
function existingIds(contentDir: string): Set<string> {
  const ids = new Set<string>();
  for (const place of listStoryFiles(contentDir).places) {
    ids.add(path.basename(place.rel, ".md"));
    const head = fs.readFileSync(path.join(place.dir, place.rel), "utf8").slice(0, 2000);
    const m = /^id:\s*["']?([a-z0-9-]+)/m.exec(head);
    if (m) ids.add(m[1]!);
  }
  return ids;
}
