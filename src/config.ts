// content/site.yml → SiteConfig, validated, with every problem located in the file.
import { z } from "zod";
import { errorAt, warningAt, type Diagnostic } from "./diagnostics.js";
import { isKnownTimeZone } from "./dates.js";
import { isSitePath, isWebAddress } from "./paths.js";
import { nearest } from "./suggest.js";
import { readYaml, type YamlSource } from "./yaml-source.js";
import { schemaDiagnostics } from "./schema-diagnostics.js";
import { KNOWN_LABEL_NAMES, identitySchema, isIcpNumber, labelNamed, labelsOf, policeRecordCode, type Labels, type SiteIdentity } from "./site-identity.js";

export interface ChannelConfig {
  slug: string;
  name: string;
  /** What the channel covers: its pages' meta description and its feed's. */
  description?: string;
  children: ChannelConfig[];
}

export interface SiteConfig {
  title: string;
  /** What the site is, in a sentence: the home page's meta description and the feed's. */
  description?: string;
  /** The site's logo (a public/ path or a web address): share cards without a cover, and the publisher in JSON-LD. */
  logo?: string;
  /** The browser tab's icon (a public/ path or a web address); xnews's own favicon.ico otherwise. */
  favicon?: string;
  /** Absolute base URL for canonical links and feeds; "" when the site has none. */
  url: string;
  language: string;
  timezone: string;
  pageSize: number;
  /** Article output path, e.g. "/{channel}/{yyyy}{mm}/t{yyyy}{mm}{dd}_{id}.html". */
  permalink: string;
  /** File names of a channel's list pages: page 1, then the rest ({n} page number, {i} = n - 1). */
  pagination: { first: string; pattern: string };
  channels: ChannelConfig[];
  markdown: { html: boolean; iframeHosts: string[] };
  /** fullText: feed items carry each story's whole body, not only its summary. */
  feeds: { fullText: boolean };
  /** Where the search box sends a reader whose browser runs no JavaScript (a web search of the site). */
  search: { fallback?: SearchFallback };
  /** Profiles of the people named in bylines, for their pages. */
  reporters: ReporterProfile[];
  /** Curated 专题: each gathers stories by tag or id onto pages of its own. */
  topics: TopicSettings[];
  /** Who publishes the site: the footer's 主办单位, 备案 numbers, 许可证 and contact. */
  identity: SiteIdentity;
  /** The words pages use where newsrooms differ (编辑 or 责任编辑). */
  labels: Labels;
  /** Where the settings were read, for messages about them found later. */
  origin: { file: string; lines: Partial<Record<"permalink" | "pagination.first" | "pagination.pattern" | "logo" | "favicon", number>>; topicIds: (number | undefined)[][] };
}

/** A reporter's page: who they are, and the other spellings bylines use for them. */
export interface ReporterProfile {
  name: string;
  /** The page's folder under /author/; the name's pinyin otherwise. */
  slug?: string;
  /** e.g. 咸宁日报全媒体记者 */
  title?: string;
  bio?: string;
  /** A public/ path or a web address. */
  photo?: string;
  /** Other spellings of the name in bylines, all leading to this page. */
  names: string[];
}

export interface TopicSettings {
  slug: string;
  title: string;
  intro?: string;
  /** A public/ path or a web address: the topic page's banner and its picture on the home page. */
  banner?: string;
  /** It gathers the articles carrying any of these tags, and those named by id. */
  tags: string[];
  ids: string[];
  /** Shown in the home page's 专题 block. */
  home: boolean;
}

/** `search.fallback` as a form: the address it is sent to, its fixed fields, and the field the words go in. */
export interface SearchFallback {
  action: string;
  fields: [string, string][];
  queryField: string;
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DEFAULT_PERMALINK = "/{channel}/{yyyy}{mm}/t{yyyy}{mm}{dd}_{id}.html";
export const PERMALINK_TOKENS = ["channel", "yyyy", "mm", "dd", "id"] as const;

type RawChannel = { slug: string; name: string; description?: string; children?: unknown[] };

const channelSchema: z.ZodType<RawChannel> = z.lazy(() =>
  z.object({
    slug: z.string({ error: (i) => notText("a channel's slug", i.input) ?? "a channel needs a slug (its folder name, e.g. chibi)" }).min(1, "a channel's slug is empty"),
    name: z.string({ error: (i) => notText("a channel's name", i.input) ?? "a channel needs a name (e.g. 赤壁)" }).min(1, "a channel's name is empty"),
    description: optionalText("a channel's description"),
    children: z.array(channelSchema, { error: "children must be a list of channels" }).optional(),
  }),
);

/** true or false where text belongs: YAML read a word as a flag. */
function notText(what: string, input: unknown): string | undefined {
  return typeof input === "boolean" ? `${what} reads as ${input}, not as text: put it in quotes, e.g. "${input}"` : undefined;
}

/** Text that may be left out; left empty, it is as if left out. */
function optionalText(what: string) {
  return z
    .string({ error: (i) => notText(what, i.input) ?? `${what} must be text` })
    .transform((v) => v.trim() || undefined)
    .optional();
}

/** A list of words: [a, b], or one word alone. */
function words(what: string) {
  return z
    .union([z.array(z.union([z.string(), z.number()])), z.string()], { error: `${what} must be a list, e.g. [a, b]` })
    // One line of text is a list at its commas, as a story's tags: are.
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,,]/)).map((x) => String(x).trim()).filter(Boolean))
    .default([]);
}

const reporterSchema = z.object(
  {
    name: z.string({ error: (i) => notText("a reporter's name", i.input) ?? "each reporter needs a name, e.g. { name: 周阳, title: 咸宁日报全媒体记者 }" }).trim().min(1, "a reporter's name is empty"),
    slug: optionalText("a reporter's slug"),
    title: optionalText("a reporter's title"),
    bio: optionalText("a reporter's bio"),
    photo: optionalText("a reporter's photo"),
    names: words("a reporter's names"),
  },
  { error: "each reporter must be written as { name: 周阳, title: 咸宁日报全媒体记者 }" },
);

const topicSchema = z.object(
  {
    slug: z.string({ error: (i) => notText("a topic's slug", i.input) ?? "each topic needs a slug (its folder under /topic/), e.g. zhiliang" }).trim().min(1, "a topic's slug is empty"),
    title: z.string({ error: (i) => notText("a topic's title", i.input) ?? "each topic needs a title, e.g. 质量强市" }).trim().min(1, "a topic's title is empty"),
    intro: optionalText("a topic's intro"),
    banner: optionalText("a topic's banner"),
    tags: words("a topic's tags"),
    ids: words("a topic's ids"),
    home: z.boolean({ error: "a topic's home must be true or false" }).default(false),
  },
  { error: "each topic must be written as { slug: zhiliang, title: 质量强市, tags: [质量强市] }" },
);

const siteSchema = z.object({
  title: z.string({ error: (i) => notText("title", i.input) ?? "title is missing: the site's name, shown in the masthead" }).min(1, "title is empty"),
  description: optionalText("description"),
  logo: optionalText("logo"),
  favicon: optionalText("favicon"),
  url: z.string({ error: "url must be text, e.g. https://www.xnnews.com.cn" }).default(""),
  language: z.string().default("zh-CN"),
  timezone: z.string().default("Asia/Shanghai"),
  // Plain values are read as text (yaml-source.ts): the number is the digits written.
  pageSize: z
    .preprocess(
      (v) => (typeof v === "string" && /^\s*[0-9]+\s*$/.test(v) ? Number(v) : v),
      z
        .number({ error: "pageSize must be a whole number above 0, e.g. 20" })
        .int("pageSize must be a whole number above 0, e.g. 20")
        .positive("pageSize must be a whole number above 0, e.g. 20"),
    )
    .default(20),
  permalink: z.string().min(1).default(DEFAULT_PERMALINK),
  pagination: z
    .object({ first: z.string().min(1).default("index.html"), pattern: z.string().min(1).default("index_{i}.html") })
    .default({ first: "index.html", pattern: "index_{i}.html" }),
  channels: z.array(channelSchema, { error: "channels must be a list of channels, each with a slug and a name" }).min(1, "channels is empty: list at least one channel"),
  markdown: z
    .object({
      html: z.boolean({ error: "markdown.html must be true or false" }).default(false),
      iframeHosts: z.array(z.string(), { error: "markdown.iframeHosts must be a list of host names, e.g. [player.youku.com]" }).default([]),
    })
    .default({ html: false, iframeHosts: [] }),
  feeds: z
    .object({ fullText: z.boolean({ error: "feeds.fullText must be true or false" }).default(false) }, { error: "feeds must hold settings such as fullText: true" })
    .default({ fullText: false }),
  search: z
    .object({ fallback: optionalText("search.fallback") }, { error: "search must hold settings such as fallback: https://www.baidu.com/s?wd={q}" })
    .default({}),
  reporters: z.array(reporterSchema, { error: "reporters must be a list such as [{ name: 周阳, title: 咸宁日报全媒体记者 }]" }).default([]),
  topics: z.array(topicSchema, { error: "topics must be a list such as [{ slug: zhiliang, title: 质量强市, tags: [质量强市] }]" }).default([]),
  ...identitySchema,
});

const KNOWN_FIELDS = Object.keys(siteSchema.shape);

export interface ConfigResult {
  config?: SiteConfig;
  diagnostics: Diagnostic[];
}

export function readSiteConfig(text: string, file: string): ConfigResult {
  const source = readYaml(text, file);
  if (source.diagnostics.length) return { diagnostics: source.diagnostics };
  if (typeof source.data !== "object" || source.data === null || Array.isArray(source.data)) {
    return { diagnostics: [errorAt(file, "site.yml must hold settings as `name: value` lines", "see README.md for an example", 1, 1)] };
  }
  const diagnostics: Diagnostic[] = unknownFields(source, file);
  const parsed = siteSchema.safeParse(source.data);
  if (!parsed.success) return { diagnostics: [...diagnostics, ...schemaDiagnostics(parsed.error.issues, source, file)] };
  const raw = parsed.data;
  const channels = toChannels(raw.channels);
  for (const d of channelDiagnostics(channels, source, file)) diagnostics.push(d);
  if (!isKnownTimeZone(raw.timezone)) {
    diagnostics.push(at(source, ["timezone"], file, `timezone "${raw.timezone}" is not a known time zone`, "use an IANA name such as Asia/Shanghai"));
  }
  for (const d of patternTokenDiagnostics(raw.permalink, raw.pagination, source, file)) diagnostics.push(d);
  for (const field of ["logo", "favicon"] as const) {
    const value = raw[field];
    if (value !== undefined && !isWebAddress(value) && !isSitePath(value)) {
      diagnostics.push(at(source, [field], file, `${field} "${value}" is neither a path under public/ nor a web address`, `write /img/${field}.png for public/img/${field}.png, or a full https:// address`));
    }
  }
  if (raw.url && !isSiteUrl(raw.url)) {
    diagnostics.push(at(source, ["url"], file, `url "${raw.url}" is not a web address`, "write the site's full address, e.g. https://www.xnnews.com.cn (or leave url out)"));
  }
  for (const d of peopleAndTopicDiagnostics(raw.reporters, raw.topics, source, file)) diagnostics.push(d);
  for (const d of identityDiagnostics(raw, source, file)) diagnostics.push(d);
  const fallback = raw.search.fallback === undefined ? undefined : fallbackForm(raw.search.fallback);
  if (typeof fallback === "string") {
    diagnostics.push(at(source, ["search", "fallback"], file, `search.fallback ${fallback}`, "write a web address whose words go where {q} is, e.g. https://www.baidu.com/s?si=www.xnnews.com.cn&ct=2097152&wd={q}"));
  }
  // Stories are read with these settings: with an error in them, nothing more can be checked.
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const lines = {
    permalink: source.positionOf(["permalink"])?.line,
    "pagination.first": source.positionOf(["pagination", "first"])?.line,
    "pagination.pattern": source.positionOf(["pagination", "pattern"])?.line,
    logo: source.positionOf(["logo"])?.line,
    favicon: source.positionOf(["favicon"])?.line,
  };
  const topicIds = raw.topics.map((t, i) => t.ids.map((_, k) => (source.positionOf(["topics", i, "ids", k]) ?? source.positionOf(["topics", i, "ids"]))?.line));
  const { owner, beian, license, contact, labels, ...settings } = raw;
  const identity: SiteIdentity = { owner, beian, license, contact };
  const config: SiteConfig = { ...settings, identity, labels: labelsOf(labels), url: raw.url.replace(/(?<!\/)\/+$/, ""), channels, search: { fallback: fallback as SearchFallback | undefined }, origin: { file, lines, topicIds } };
  return { config, diagnostics };
}

/** Slugs that make folders, pictures that exist somewhere, one page per person and per topic. */
function peopleAndTopicDiagnostics(reporters: ReporterProfile[], topics: TopicSettings[], source: YamlSource, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const picture = (value: string | undefined, path: (string | number)[], what: string) => {
    if (value !== undefined && !isWebAddress(value) && !isSitePath(value)) out.push(at(source, path, file, `${what} "${value}" is neither a path under public/ nor a web address`, "write /img/a.jpg for public/img/a.jpg, or a full https:// address"));
  };
  const lineOf = (path: (string | number)[]) => source.positionOf(path)?.line ?? "?";
  const spelled = new Map<string, number>();
  const reporterSlugs = new Map<string, number>();
  reporters.forEach((r, i) => {
    if (r.slug !== undefined && !SLUG_PATTERN.test(r.slug)) out.push(at(source, ["reporters", i, "slug"], file, `reporter slug "${r.slug}" may hold only a-z, 0-9 and single hyphens`, "it becomes the folder of the reporter's page; e.g. zhouyang"));
    if (r.slug !== undefined) {
      const first = reporterSlugs.get(r.slug);
      if (first !== undefined) out.push(at(source, ["reporters", i, "slug"], file, `reporter slug "${r.slug}" is used twice (first on line ${lineOf(["reporters", first, "slug"])})`, "give each reporter their own slug"));
      else reporterSlugs.set(r.slug, i);
    }
    picture(r.photo, ["reporters", i, "photo"], "a reporter's photo");
    for (const name of new Set([r.name, ...r.names])) {
      const first = spelled.get(name);
      if (first !== undefined && first !== i) out.push(at(source, ["reporters", i, "name"], file, `the name "${name}" is given to two reporters (the first on line ${lineOf(["reporters", first, "name"])})`, "a name in a byline must lead to one page: keep it in one reporter's entry"));
      else spelled.set(name, i);
    }
  });
  const slugs = new Map<string, number>();
  topics.forEach((t, i) => {
    if (!SLUG_PATTERN.test(t.slug)) out.push(at(source, ["topics", i, "slug"], file, `topic slug "${t.slug}" may hold only a-z, 0-9 and single hyphens`, "it becomes the folder of the topic's pages; e.g. zhiliang"));
    const first = slugs.get(t.slug);
    if (first !== undefined) out.push(at(source, ["topics", i, "slug"], file, `topic slug "${t.slug}" is used twice (first on line ${lineOf(["topics", first, "slug"])})`, "give each topic its own slug"));
    else slugs.set(t.slug, i);
    picture(t.banner, ["topics", i, "banner"], "a topic's banner");
    if (!t.tags.length && !t.ids.length) {
      const pos = source.positionOf(["topics", i]);
      out.push(warningAt(file, `topic "${t.slug}" gathers no story: it has neither tags nor ids`, "add tags: [质量强市] to gather the stories carrying them, or ids: [chibi-quality-city]", pos?.line, pos?.column));
    }
  });
  return out;
}

/** Numbers a reader would look up and not find, an address that is not one, a label no page shows. */
function identityDiagnostics(raw: z.infer<typeof siteSchema>, source: YamlSource, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (path: (string | number)[], message: string, hint: string) => {
    const pos = source.positionOf(path);
    out.push(warningAt(file, message, hint, pos?.line, pos?.column));
  };
  const { icp, police } = raw.beian;
  if (icp !== undefined && !isIcpNumber(icp)) warn(["beian", "icp"], `beian.icp "${icp}" does not read as an ICP 备案号`, "write it as the MIIT gave it, e.g. 鄂ICP备12345678号-1");
  if (police !== undefined && !policeRecordCode(police)) warn(["beian", "police"], `beian.police "${police}" has no record number to link to`, "write it as the MPS gave it, e.g. 鄂公网安备 42120202000123号");
  const { email } = raw.contact;
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) warn(["contact", "email"], `contact.email "${email}" is not an e-mail address`, "e.g. news@xnnews.com.cn");
  for (const key of Object.keys(raw.labels)) {
    if (labelNamed(key)) continue;
    const guess = nearest(key, [...KNOWN_LABEL_NAMES]);
    warn(["labels", key], `unknown label "${key}" is ignored`, guess ? `did you mean "${guess}"?` : `labels: ${KNOWN_LABEL_NAMES.join(", ")}`);
  }
  for (const [key, word] of Object.entries(raw.labels)) {
    if (!word) warn(["labels", key], `label "${key}" is empty`, "write the word the page shows, or leave the line out for the default");
  }
  return out;
}

function toChannels(raw: RawChannel[]): ChannelConfig[] {
  return raw.map((c) => ({
    slug: c.slug,
    name: c.name,
    description: c.description,
    children: toChannels((c.children ?? []) as RawChannel[]),
  }));
}

function channelDiagnostics(channels: ChannelConfig[], source: YamlSource, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, (string | number)[]>();
  const visit = (list: ChannelConfig[], path: (string | number)[]) =>
    list.forEach((c, i) => {
      const here = [...path, i];
      if (!SLUG_PATTERN.test(c.slug)) {
        out.push(at(source, [...here, "slug"], file, `channel slug "${c.slug}" may hold only a-z, 0-9 and single hyphens`, "it becomes a folder name in every URL; e.g. chibi"));
      }
      const first = seen.get(c.slug);
      if (first) {
        const line = source.positionOf([...first, "slug"])?.line;
        out.push(at(source, [...here, "slug"], file, `channel slug "${c.slug}" is used twice (first on line ${line})`, "give each channel its own slug"));
      } else seen.set(c.slug, here);
      visit(c.children, [...here, "children"]);
    });
  visit(channels, ["channels"]);
  return out;
}

/** The patterns' parts: known tokens, and enough of them that pages do not share a file. */
function patternTokenDiagnostics(permalink: string, pagination: SiteConfig["pagination"], source: YamlSource, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Cut after the last "}": a "{" with none after it would be tried to the end, each one again.
  for (const token of permalink.slice(0, permalink.lastIndexOf("}") + 1).match(/\{[^}]*\}/g) ?? []) {
    if (!(PERMALINK_TOKENS as readonly string[]).includes(token.slice(1, -1))) {
      out.push(at(source, ["permalink"], file, `permalink has an unknown part ${token}`, `use only ${PERMALINK_TOKENS.map((t) => `{${t}}`).join(" ")}`));
    }
  }
  if (!permalink.includes("{id}")) {
    out.push(at(source, ["permalink"], file, "permalink must contain {id}, or two stories would share one page", 'e.g. "/{channel}/{yyyy}{mm}/t{yyyy}{mm}{dd}_{id}.html"'));
  }
  if (!/\{[ni]\}/.test(pagination.pattern)) {
    out.push(at(source, ["pagination", "pattern"], file, "pagination.pattern must contain {n} or {i}, or all list pages would share one file", 'e.g. "index_{i}.html" or "list_{n}.html"'));
  }
  return out;
}

function unknownFields(source: YamlSource, file: string): Diagnostic[] {
  return Object.keys(source.data as object)
    .filter((k) => !KNOWN_FIELDS.includes(k))
    .map((k) => {
      const guess = nearest(k, KNOWN_FIELDS);
      const pos = source.positionOf([k]);
      return warningAt(file, `unknown setting "${k}" is ignored`, guess ? `did you mean "${guess}"?` : `known settings: ${KNOWN_FIELDS.join(", ")}`, pos?.line, pos?.column);
    });
}

function at(source: YamlSource, path: (string | number)[], file: string, message: string, hint: string): Diagnostic {
  const pos = source.positionOf(path);
  return errorAt(file, message, hint, pos?.line, pos?.column);
}

/** A fallback address as a form a browser sends without JavaScript, or what is wrong with it. */
function fallbackForm(address: string): SearchFallback | string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return `"${address}" is not a web address`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `"${address}" is not an http(s) address`;
  const fields = [...url.searchParams];
  const query = fields.filter(([, value]) => value === "{q}");
  if (query.length !== 1) return `"${address}" must have {q} as the value of one of its fields (a browser without JavaScript can fill a field, not a place in the text)`;
  return { action: `${url.origin}${url.pathname}`, fields: fields.filter(([, value]) => value !== "{q}"), queryField: query[0]![0] };
}

function isSiteUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && url === url.trim() && !parsed.search && !parsed.hash;
  } catch {
    return false;
  }
}
