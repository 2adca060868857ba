// content/ → site settings and every story, each file read and parsed once.
import fs from "node:fs";
import path from "node:path";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { readSiteConfig, type SiteConfig } from "../config.js";
import { displayPath, listFiles, readTextFile } from "./files.js";
import { readFrontMatter } from "./front-matter.js";
import { createMarkdown, type RenderedBody } from "./markdown.js";
import { readStory, type Story, type StoryKind } from "./story.js";

export interface ContentSet {
  config: SiteConfig;
  stories: Story[];
}

export type ContentResult = { content?: ContentSet; diagnostics: Diagnostic[] };

const FOLDERS: readonly [StoryKind, string][] = [
  ["article", "articles"],
  ["snippet", "snippets"],
  ["page", "pages"],
];

export function loadContent(contentDir: string): ContentResult {
  const configResult = loadSiteConfig(contentDir);
  const config = configResult.config;
  if (!config) return { diagnostics: configResult.diagnostics };
  const diagnostics = [...configResult.diagnostics];
  const reader = createStoryReader(config);
  const stories: Story[] = [];
  for (const [kind, folder] of FOLDERS) {
    const dir = path.join(contentDir, folder);
    for (const rel of listFiles(dir, [".md"])) {
      const result = reader(kind, dir, rel);
      diagnostics.push(...result.diagnostics);
      if (result.story) stories.push(result.story);
    }
  }
  return { content: { config, stories }, diagnostics };
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

/** Reads one story file: decode, front matter, Markdown, contract checks. */
export function createStoryReader(config: SiteConfig) {
  const renderMarkdown = createMarkdown(config.markdown);
  return (kind: StoryKind, dir: string, rel: string): { story?: Story; diagnostics: Diagnostic[] } => {
    const read = readTextFile(dir, rel);
    if (!read.ok) return { diagnostics: [read.diagnostic] };
    const fm = readFrontMatter(read.file.text, read.file.display);
    if (!fm.ok) return { diagnostics: fm.diagnostics };
    const body: RenderedBody = renderMarkdown(fm.value.body);
    return readStory({
      kind,
      file: read.file.display,
      baseName: path.basename(rel, ".md"),
      frontMatter: fm.value,
      body,
      timeZone: config.timezone,
    });
  };
}
