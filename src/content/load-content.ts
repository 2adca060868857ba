// content/ → site settings and every story, each file read and parsed once.
import fs from "node:fs";
import path from "node:path";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { hash } from "../hash.js";
import { readSiteConfig, type SiteConfig } from "../config.js";
import { listFileTree, skippedWarning } from "./file-tree.js";
import { displayPath, readTextFile } from "./files.js";
import { readFrontMatter } from "./front-matter.js";
import { createMarkdown, type BodyReading } from "./markdown.js";
import { keywordsOf } from "./keywords.js";
import { readStory, type Story, type StoryKind, type StoryResult } from "./story.js";

export type { StoryResult };

export interface ContentSet {
  config: SiteConfig;
  stories: Story[];
}

export type ContentResult = { content?: ContentSet; diagnostics: Diagnostic[] };

export const STORY_FOLDERS: readonly [StoryKind, string][] = [
  ["article", "articles"],
  ["snippet", "snippets"],
  ["standalone", "pages"],
];

/** A story file's place: which folder, which path in it. Its key sorts as loadContent reads. */
export interface StoryPlace {
  kind: StoryKind;
  dir: string;
  rel: string;
  key: string;
}

export function loadContent(contentDir: string): ContentResult {
  const configResult = loadSiteConfig(contentDir);
  const config = configResult.config;
  if (!config) return { diagnostics: configResult.diagnostics };
  const diagnostics = [...configResult.diagnostics];
  const reader = createStoryReader(config);
  const stories: Story[] = [];
  const listing = listStoryFiles(contentDir);
  for (const d of listing.warnings) diagnostics.push(d);
  for (const place of listing.places) {
    const result = reader(place);
    for (const d of result.diagnostics) diagnostics.push(d);
    if (result.story) stories.push(result.story);
  }
  return { content: { config, stories }, diagnostics };
}

export interface StoryListing {
  places: StoryPlace[];
  /** Links and special files where stories are kept: skipped, and said so. */
  warnings: Diagnostic[];
}

export function listStoryFiles(contentDir: string): StoryListing {
  const places: StoryPlace[] = [];
  const warnings: Diagnostic[] = [];
  STORY_FOLDERS.forEach(([kind, folder], i) => {
    const dir = path.join(contentDir, folder);
    const listing = listFileTree(dir, [".md"]);
    for (const rel of listing.files) places.push({ kind, dir, rel, key: `${i}/${rel}` });
    for (const entry of listing.skipped) warnings.push(skippedWarning(displayPath(dir), entry));
  });
  return { places, warnings };
}

/** Where a file under content/ belongs, or undefined if it is not a story file. */
export function placeOfStoryFile(contentDir: string, file: string): StoryPlace | undefined {
  const rel = path.relative(path.resolve(contentDir), path.resolve(file)).split(path.sep).join("/");
  const [folder, ...rest] = rel.split("/");
  const i = STORY_FOLDERS.findIndex(([, f]) => f === folder);
  const inner = rest.join("/");
  if (i < 0 || !inner.endsWith(".md") || rest.some((part) => part.startsWith("."))) return undefined;
  return { kind: STORY_FOLDERS[i]![0], dir: path.join(contentDir, folder!), rel: inner, key: `${i}/${inner}` };
}

export function loadSiteConfig(contentDir: string): { config?: SiteConfig; diagnostics: Diagnostic[] } {
  const file = path.join(contentDir, "site.yml");
  if (!fs.existsSync(file)) {
    return { diagnostics: [errorAt(displayPath(file), "site.yml is missing", `create ${displayPath(file)} with the site's title and channels (see README.md), or pass --content with the right folder`)] };
  }
  const read = readTextFile(contentDir, "site.yml");
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  return readSiteConfig(read.file.text, read.file.display);
}

/** The settings a story file is read with: a reading stays valid while these and the file do. */
export function readingSettings(config: SiteConfig) {
  return { markdown: config.markdown, timeZone: config.timezone };
}

/** Reads one story file: decode, front matter, Markdown, contract checks. */
export function createStoryReader(config: SiteConfig) {
  const settings = readingSettings(config);
  const markdown = createMarkdown(settings.markdown);
  const salt = JSON.stringify(settings);
  return ({ kind, dir, rel }: StoryPlace): StoryResult => {
    const read = readTextFile(dir, rel);
    if (!read.ok) return { diagnostics: [read.diagnostic] };
    const fm = readFrontMatter(read.file.text, read.file.display);
    if (!fm.ok) return { diagnostics: fm.diagnostics };
    let reading: BodyReading = { text: "", pictures: [], empty: false };
    const body = markdown.digest(fm.value.body, kind, (r) => (reading = r));
    return readStory({
      kind,
      file: read.file.display,
      path: path.join(dir, rel),
      fingerprint: hash(`${salt}\0${kind}\0${read.file.display}\0${path.join(dir, rel)}\0${read.file.text}`),
      baseName: path.basename(rel, ".md"),
      frontMatter: fm.value,
      body,
      // Articles and snippets are what 相关新闻 lists: their words are read for it (content/keywords.ts).
      keywords: kind === "standalone" ? undefined : (title) => keywordsOf(title, reading.text),
      reading,
      timeZone: settings.timeZone,
    });
  };
}
