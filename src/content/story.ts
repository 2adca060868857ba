// One story file's front matter, checked against the content contract (CONTENT.md).
import { z } from "zod";
import { errorAt, warningAt, type Diagnostic } from "../diagnostics.js";
import { parseStoryDate, type StoryDate } from "../dates.js";
import { isSitePath, isWebAddress } from "../paths.js";
import { nearest } from "../suggest.js";
import { schemaDiagnostics } from "../schema-diagnostics.js";
import type { FrontMatterFile } from "./front-matter.js";
import { parseByline, type Credit } from "./byline.js";
import { creditOf } from "./credits.js";
import type { BodyDigest, BodyReading } from "./markdown.js";
import { pictureFields, readPictures, type StoryPictures } from "./story-pictures.js";
import { detached as own } from "./teaser.js";
import { lifecycleFields, readLifecycle, type Lifecycle } from "./story-lifecycle.js";

/** What a story file is, by the folder it is in: articles/, snippets/ or pages/. */
export type StoryKind = "article" | "snippet" | "standalone";

interface StoryFields extends Lifecycle {
  /** The file, as shown in messages. */
  file: string;
  /** The file's absolute path: its body is read again when its page is rendered. */
  path: string;
  /** Changes whenever anything read from the file could: a hash of its text, place and reading settings. */
  fingerprint: string;
  id: string;
  title: string;
  subtitle?: string;
  byline?: string;
  /** Who wrote it, as front matter lists them: this wins over what the byline says (creditsOf). */
  authors?: Credit[];
  editor?: string;
  source?: string;
  tags: string[];
  summary?: string;
  cover?: string;
  /** Pictures in the body and the 组图 (gallery:). */
  pictures: StoryPictures;
  related: string[];
  featured: boolean;
  draft: boolean;
  /** A snippet's link to where its full story lives. */
  url?: string;
  /** What lists and 相关新闻 show of the body; the body itself stays on disk until its page is rendered. */
  body: BodyDigest;
  /** Its distinctive words with their weights, "质量 1000 赤壁 647 …", for automatic 相关新闻 ("" for a page). */
  keywords: string;
  /** Ids automatic 相关新闻 must never add to its list (related_exclude:). */
  relatedExclude: readonly string[];
  /** Line of each front matter field, for messages about values that only the whole site can judge. */
  fieldLines: Partial<Record<string, number>>;
}

/** A story with its own page in a channel. */
export interface Article extends StoryFields {
  kind: "article";
  date: StoryDate;
  channel: string;
}

/** A teaser whose full story lives elsewhere (its url): shown only in 相关新闻. */
export interface Snippet extends StoryFields {
  kind: "snippet";
  date: StoryDate;
  channel?: string;
}

/** 关于我们 and the like: a page of its own, outside the channels, linked from the footer. */
export interface StandalonePage extends StoryFields {
  kind: "standalone";
  date?: StoryDate;
  channel?: string;
}

export type Story = Article | Snippet | StandalonePage;
/** What 相关新闻 and lists can show: a dated story. */
export type DatedStory = Article | Snippet;

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Plain values arrive as the text they were written as (yaml-source.ts); a number only from an
// explicit !!int or !!float. true and false are refused, not turned into words nobody wrote.
const notText = (field: string, input: unknown) =>
  typeof input === "boolean" ? `${field} reads as ${input}, not as text: put it in quotes, e.g. ${field}: "${input}"` : `${field} must be text`;
const text = (field: string) =>
  z.union([z.string(), z.number()], { error: (issue) => notText(field, issue.input) }).transform((v) => String(v).trim());
const list = (field: string) =>
  z
    .union([z.array(z.union([z.string(), z.number(), z.null()])), z.string()], {
      error: (issue) =>
        Array.isArray(issue.input)
          ? `each item of ${field} must be text: put an item such as true or false in quotes, e.g. [赤壁, "true"]`
          : `${field} must be a list, e.g. [a, b]`,
    })
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,,]/)).map((x) => (x === null ? "" : String(x).trim())).filter(Boolean));
const flag = (field: string) =>
  z
    .union([z.boolean(), z.literal("")], { error: `${field} must be true or false` })
    .transform((v) => v === true)
    .default(false);

const storySchema = z.object({
  title: text("title").optional(),
  subtitle: text("subtitle").optional(),
  date: z.union([z.string(), z.number()], { error: "date must be a date such as 2018-12-07 09:30" }).optional(),
  channel: text("channel").optional(),
  id: text("id").optional(),
  byline: text("byline").optional(),
  authors: z
    .array(
      z.object(
        { name: text("each author's name").pipe(z.string().min(1, "an author's name is empty")), role: text("each author's role").optional() },
        { error: "each item of authors must be a name and a role, e.g. { name: 周阳, role: 记者 }" },
      ),
      { error: "authors must be a list such as [{ name: 周阳, role: 记者 }, { name: 李峥, role: 通讯员 }]" },
    )
    .optional(),
  editor: text("editor").optional(),
  source: text("source").optional(),
  tags: list("tags").default([]),
  summary: text("summary").optional(),
  cover: text("cover").optional(),
  related: list("related").default([]),
  featured: flag("featured"),
  draft: flag("draft"),
  url: text("url").optional(),
  related_exclude: list("related_exclude").default([]),
  ...lifecycleFields,
  ...pictureFields,
});

export const KNOWN_FIELDS = Object.keys(storySchema.shape);

export interface StoryInput {
  kind: StoryKind;
  file: string;
  /** File name without .md: the default id. */
  baseName: string;
  path: string;
  fingerprint: string;
  frontMatter: FrontMatterFile;
  body: BodyDigest;
  /** What else the body's reading found: its pictures, whether it shows anything. */
  reading: Pick<BodyReading, "pictures" | "empty">;
  /** Reads the story's words, given its title (content/keywords.ts); none for a page. */
  keywords?: (title: string) => string;
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
  // "date:" with nothing after it reads as null: the field is there but empty.
  const data = Object.fromEntries(Object.entries(frontMatter.data).map(([k, v]) => [k, v === null ? "" : v]));
  const parsed = storySchema.safeParse(data);
  if (!parsed.success) return { diagnostics: [...diagnostics, ...schemaDiagnostics(parsed.error.issues, source, file)] };
  const fm = parsed.data;

  if (!fm.title) diagnostics.push(problem("title", fm.title === undefined ? "title is missing" : "title is empty", "add a line such as title: 赤壁市获评“湖北省质量强省示范市”"));
  let date: StoryDate | undefined;
  if (fm.date === undefined || fm.date === "") {
    if (kind !== "standalone") diagnostics.push(problem("date", fm.date === undefined ? "date is missing" : "date is empty", "add a line such as date: 2018-12-07 09:30"));
  } else {
    const result = parseStoryDate(String(fm.date), input.timeZone);
    if (result.ok) date = result.date;
    else diagnostics.push(problem("date", result.problem, result.hint ?? "write it as YYYY-MM-DD or YYYY-MM-DD HH:mm, e.g. 2018-12-07 09:30"));
  }
  const lifecycle = readLifecycle(fm, date, input.timeZone, source, file);
  diagnostics.push(...lifecycle.diagnostics);
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
  // A link a reader can click or an image a browser loads: never a script.
  if (fm.url && !isWebAddress(fm.url)) {
    diagnostics.push(problem("url", `url "${fm.url}" is not a web address`, "write a full address starting with https:// (or http://)"));
  }
  if (fm.cover && !isWebAddress(fm.cover) && !isSitePath(fm.cover)) {
    diagnostics.push(problem("cover", `cover "${fm.cover}" is neither a path under public/ nor a web address`, "write /img/2018/a.jpg for public/img/2018/a.jpg, or a full https:// address"));
  }
  const pictures = readPictures(fm.gallery, input.reading.pictures, source, file, frontMatter.bodyLine);
  diagnostics.push(...pictures.diagnostics);
  if (kind === "article" && input.reading.empty && !pictures.pictures.gallery.length) {
    diagnostics.push(warningAt(file, "the article has no body: its page would show only its title", "write the story's text below the closing ---, or mark it draft: true until it is written", frontMatter.bodyLine));
  }
  // A byline nobody can read still shows as written; search engines and feeds then get no names.
  if (fm.byline && !fm.authors) {
    const reading = parseByline(fm.byline);
    if (!reading.ok) {
      diagnostics.push(
        warningAt(file, `byline "${fm.byline}" could not be read as roles and names: ${reading.problem}`, "it is shown as written; to give search engines and feeds its names, write it as role then names (记者 周阳 通讯员 李峥), or list them in authors: [{ name: 周阳, role: 记者 }]", lineOf("byline"), pos("byline")?.column),
      );
    }
  }
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };

  const fieldLines: Partial<Record<string, number>> = {};
  for (const k of Object.keys(frontMatter.data)) fieldLines[k] = lineOf(k);
  // Values parsed from the file are slices of its whole text, which they would keep in memory for
  // as long as the story lives (100,000 files' texts, at archive scale): each is copied out.
  const fields = {
    file,
    path: input.path,
    fingerprint: input.fingerprint,
    id: own(id),
    title: own(fm.title!),
    subtitle: ownOrNone(fm.subtitle),
    byline: ownOrNone(fm.byline),
    authors: fm.authors?.map((a) => creditOf(own(a.name), a.role === undefined ? undefined : own(a.role))),
    editor: ownOrNone(fm.editor),
    source: ownOrNone(fm.source),
    tags: [...new Set(fm.tags)].map(own),
    summary: ownOrNone(fm.summary),
    cover: ownOrNone(fm.cover),
    pictures: pictures.pictures,
    related: [...new Set(fm.related)].map(own),
    featured: fm.featured,
    draft: fm.draft,
    url: ownOrNone(fm.url),
    body: input.body,
    keywords: input.keywords?.(fm.title!) ?? "",
    relatedExclude: fm.related_exclude.length ? [...new Set(fm.related_exclude)].map(own) : NONE,
    ...lifecycle.lifecycle,
    fieldLines,
  };
  const channel = ownOrNone(fm.channel);
  const story: Story =
    kind === "article" ? { kind, ...fields, date: date!, channel: channel! } : kind === "snippet" ? { kind, ...fields, date: date!, channel } : { kind, ...fields, date, channel };
  return { story, diagnostics };
}

const NONE: readonly string[] = Object.freeze([]);

function ownOrNone(s: string | undefined): string | undefined {
  return s ? own(s) : undefined;
}
