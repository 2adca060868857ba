// One story file's front matter, checked against the content contract (CONTENT.md).
import { z } from "zod";
import { errorAt, warningAt, type Diagnostic } from "../diagnostics.js";
import { parseStoryDate, type StoryDate } from "../dates.js";
import { nearest } from "../suggest.js";
import { schemaDiagnostics } from "../schema-diagnostics.js";
import type { FrontMatterFile } from "./front-matter.js";
import type { RenderedBody } from "./markdown.js";

export type StoryKind = "article" | "snippet" | "page";

export interface Story {
  kind: StoryKind;
  /** The file, as shown in messages. */
  file: string;
  id: string;
  title: string;
  subtitle?: string;
  date: StoryDate;
  channel?: string;
  byline?: string;
  editor?: string;
  source?: string;
  tags: string[];
  summary?: string;
  cover?: string;
  related: string[];
  featured: boolean;
  draft: boolean;
  /** A snippet's link to where its full story lives. */
  url?: string;
  body: RenderedBody;
  /** Line of each front matter field, for messages about values that only the whole site can judge. */
  fieldLines: Partial<Record<string, number>>;
}

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (field: string) =>
  z.union([z.string(), z.number()], { error: `${field} must be text` }).transform((v) => String(v).trim());
const list = (field: string) =>
  z
    .union([z.array(z.union([z.string(), z.number()]), { error: `${field} must be a list, e.g. [a, b]` }), z.string(), z.null()])
    .transform((v) => (v === null ? [] : (Array.isArray(v) ? v : v.split(/[,,]/)).map((x) => String(x).trim()).filter(Boolean)));
const flag = (field: string) => z.boolean({ error: `${field} must be true or false` }).default(false);

const storySchema = z.object({
  title: text("title").optional(),
  subtitle: text("subtitle").optional(),
  date: z.union([z.string(), z.number(), z.date()], { error: "date must be a date such as 2018-12-07 09:30" }).optional(),
  channel: text("channel").optional(),
  id: text("id").optional(),
  byline: text("byline").optional(),
  editor: text("editor").optional(),
  source: text("source").optional(),
  tags: list("tags").default([]),
  summary: text("summary").optional(),
  cover: text("cover").optional(),
  related: list("related").default([]),
  featured: flag("featured"),
  draft: flag("draft"),
  url: text("url").optional(),
});

export const KNOWN_FIELDS = Object.keys(storySchema.shape);

export interface StoryInput {
  kind: StoryKind;
  file: string;
  /** File name without .md: the default id. */
  baseName: string;
  frontMatter: FrontMatterFile;
  body: RenderedBody;
  timeZone: string;
}

export type StoryResult = { story?: Story; diagnostics: Diagnostic[] };

export function readStory(input: StoryInput): StoryResult {
  const { file, frontMatter, kind } = input;
  const { source } = frontMatter;
  const pos = (field: string) => source.positionOf([field]);
  const lineOf = (field: string) => pos(field)?.line;
  const problem = (field: string, message: string, hint: string) => errorAt(file, message, hint, lineOf(field) ?? 2, pos(field)?.column ?? 1);

  const diagnostics: Diagnostic[] = Object.keys(frontMatter.data)
    .filter((k) => !KNOWN_FIELDS.includes(k))
    .map((k) => {
      const guess = nearest(k, KNOWN_FIELDS);
      return warningAt(file, `unknown field "${k}" is ignored`, guess ? `did you mean "${guess}"?` : `known fields: ${KNOWN_FIELDS.join(", ")}`, lineOf(k), pos(k)?.column);
    });
  const parsed = storySchema.safeParse(frontMatter.data);
  if (!parsed.success) return { diagnostics: [...diagnostics, ...schemaDiagnostics(parsed.error.issues, source, file)] };
  const fm = parsed.data;

  if (!fm.title) diagnostics.push(problem("title", fm.title === undefined ? "title is missing" : "title is empty", "add a line such as title: 赤壁市获评“湖北省质量强省示范市”"));
  let date: StoryDate | undefined;
  if (fm.date === undefined || fm.date === "") {
    if (kind !== "page") diagnostics.push(problem("date", fm.date === undefined ? "date is missing" : "date is empty", "add a line such as date: 2018-12-07 09:30"));
  } else {
    const result = parseStoryDate(fm.date instanceof Date ? fm.date.toISOString() : String(fm.date), input.timeZone);
    if (result.ok) date = result.date;
    else diagnostics.push(problem("date", result.problem, "write it as YYYY-MM-DD or YYYY-MM-DD HH:mm, e.g. 2018-12-07 09:30"));
  }
  if (kind === "article" && !fm.channel) {
    diagnostics.push(problem("channel", fm.channel === undefined ? "channel is missing" : "channel is empty", "add a line such as channel: chibi, with a slug from content/site.yml"));
  }
  const id = fm.id ?? input.baseName;
  if (!ID_PATTERN.test(id)) {
    const where = fm.id === undefined ? "the file name" : "id";
    diagnostics.push(
      fm.id === undefined
        ? errorAt(file, `the file name "${id}" cannot be used as the story's id: use only a-z, 0-9 and single hyphens`, "rename the file, or add a line id: with such a name", 1, 1)
        : problem("id", `${where} "${id}" may hold only a-z, 0-9 and single hyphens`, "it becomes part of the page's URL; e.g. id: chibi-quality-city"),
    );
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };

  const fieldLines: Partial<Record<string, number>> = {};
  for (const k of Object.keys(frontMatter.data)) fieldLines[k] = lineOf(k);
  const story: Story = {
    kind,
    file,
    id,
    title: fm.title!,
    subtitle: fm.subtitle || undefined,
    date: date ?? { instant: 0, offsetMinutes: 0, local: { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 } },
    channel: fm.channel || undefined,
    byline: fm.byline || undefined,
    editor: fm.editor || undefined,
    source: fm.source || undefined,
    tags: [...new Set(fm.tags)],
    summary: fm.summary || undefined,
    cover: fm.cover || undefined,
    related: [...new Set(fm.related)],
    featured: fm.featured,
    draft: fm.draft,
    url: fm.url || undefined,
    body: input.body,
    fieldLines,
  };
  return { story, diagnostics };
}
