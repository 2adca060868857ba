// Story readings stored as columns, one array per field, rather than one object per story: V8
// deserialises 110,000 readings as a million small objects in about 0.75 s; as a few dozen arrays,
// made into stories again here, in about 0.5 s, and with less for the collector to copy. Each
// story is made in the shape readStory gives it (the same keys in the same order), which the tests
// hold it to.
import type { Credit } from "../content/byline.js";
import type { Diagnostic } from "../diagnostics.js";
import type { StoryResult, Story, StoryKind } from "../content/story.js";
import type { StoryDate } from "../dates.js";
import { UNEVENTFUL, lifecycleOf, type Lifecycle } from "../content/story-lifecycle.js";
import { NO_PICTURES, type StoryPictures } from "../content/story-pictures.js";

/** A story file's reading, valid while the file's stamp is unchanged. */
export interface StoryEntry {
  stamp: string;
  result: StoryResult;
}

/** Where a list of lists is kept flat: every item in one array, and how many each entry has. */
interface Lists {
  items: string[];
  counts: Int32Array;
}

export interface StoryColumns {
  keys: string[];
  stamps: string[];
  /** The story's kind, or "" for a reading that gave only problems. */
  kinds: (StoryKind | "")[];
  file: string[];
  path: string[];
  fingerprint: string[];
  id: string[];
  title: string[];
  subtitle: (string | undefined)[];
  byline: (string | undefined)[];
  /** The stories' authors lists, by index: few stories have one. */
  authors: Map<number, Credit[]>;
  editor: (string | undefined)[];
  source: (string | undefined)[];
  tags: Lists;
  summary: (string | undefined)[];
  cover: (string | undefined)[];
  /** The stories' pictures besides the cover, by index: those that have any. */
  pictures: Map<number, StoryPictures>;
  related: Lists;
  /** Bit 1 featured, bit 2 draft, bit 4 dated. */
  flags: Uint8Array;
  url: (string | undefined)[];
  teaser: string[];
  lead: string[];
  bodyHash: string[];
  keywords: string[];
  /** The stories' related_exclude lists, by index: few stories have one. */
  relatedExclude: Map<number, readonly string[]>;
  /** What happened to the stories after they were written, by index: few have anything. */
  lifecycle: Map<number, Lifecycle>;
  /** Each field's name and line (-1: none known). */
  fieldNames: Lists;
  fieldLines: Int32Array;
  /** Per story: instant, offset in minutes, then year, month, day, hour, minute, second. */
  dates: Float64Array;
  channel: (string | undefined)[];
  /** The problems of the readings that have any, by index. */
  diagnostics: Map<number, Diagnostic[]>;
}

const FEATURED = 1;
const DRAFT = 2;
const DATED = 4;
const DATE_WIDTH = 8;

export function toColumns(entries: ReadonlyMap<string, StoryEntry>): StoryColumns {
  const n = entries.size;
  const c: StoryColumns = {
    keys: [],
    stamps: [],
    kinds: [],
    file: [],
    path: [],
    fingerprint: [],
    id: [],
    title: [],
    subtitle: [],
    byline: [],
    authors: new Map(),
    editor: [],
    source: [],
    tags: { items: [], counts: new Int32Array(n) },
    summary: [],
    cover: [],
    pictures: new Map(),
    related: { items: [], counts: new Int32Array(n) },
    flags: new Uint8Array(n),
    url: [],
    teaser: [],
    lead: [],
    bodyHash: [],
    keywords: [],
    relatedExclude: new Map(),
    lifecycle: new Map(),
    fieldNames: { items: [], counts: new Int32Array(n) },
    fieldLines: new Int32Array(0),
    dates: new Float64Array(n * DATE_WIDTH),
    channel: [],
    diagnostics: new Map(),
  };
  const lines: number[] = [];
  let i = 0;
  for (const [key, { stamp, result }] of entries) {
    c.keys.push(key);
    c.stamps.push(stamp);
    if (result.diagnostics.length) c.diagnostics.set(i, result.diagnostics);
    const s = result.story;
    c.kinds.push(s ? s.kind : "");
    c.file.push(s?.file ?? "");
    c.path.push(s?.path ?? "");
    c.fingerprint.push(s?.fingerprint ?? "");
    c.id.push(s?.id ?? "");
    c.title.push(s?.title ?? "");
    c.subtitle.push(s?.subtitle);
    c.byline.push(s?.byline);
    if (s?.authors) c.authors.set(i, s.authors);
    c.editor.push(s?.editor);
    c.source.push(s?.source);
    c.summary.push(s?.summary);
    c.cover.push(s?.cover);
    // By content, not identity: readings that came from a worker are copies.
    if (s && (s.pictures.body.length || s.pictures.gallery.length)) c.pictures.set(i, s.pictures);
    c.url.push(s?.url);
    c.teaser.push(s?.body.teaser ?? "");
    c.lead.push(s?.body.lead ?? "");
    c.bodyHash.push(s?.body.hash ?? "");
    c.keywords.push(s?.keywords ?? "");
    if (s?.relatedExclude.length) c.relatedExclude.set(i, s.relatedExclude);
    const lifecycle = s && lifecycleOf(s);
    if (lifecycle && lifecycle !== UNEVENTFUL) c.lifecycle.set(i, lifecycle);
    c.channel.push(s?.channel);
    if (s) {
      c.tags.counts[i] = push(c.tags.items, s.tags);
      c.related.counts[i] = push(c.related.items, s.related);
      const names = Object.keys(s.fieldLines);
      c.fieldNames.counts[i] = push(c.fieldNames.items, names);
      for (const name of names) lines.push(s.fieldLines[name] ?? -1);
      c.flags[i] = (s.featured ? FEATURED : 0) | (s.draft ? DRAFT : 0) | (s.date ? DATED : 0);
      if (s.date) {
        const d = s.date;
        c.dates.set([d.instant, d.offsetMinutes, d.local.year, d.local.month, d.local.day, d.local.hour, d.local.minute, d.local.second], i * DATE_WIDTH);
      }
    }
    i++;
  }
  c.fieldLines = Int32Array.from(lines);
  return c;
}

export function fromColumns(c: StoryColumns): Map<string, StoryEntry> {
  const entries = new Map<string, StoryEntry>();
  let tag = 0;
  let rel = 0;
  let field = 0;
  for (let i = 0; i < c.keys.length; i++) {
    const kind = c.kinds[i]!;
    const diagnostics = c.diagnostics.get(i) ?? [];
    if (kind === "") {
      entries.set(c.keys[i]!, { stamp: c.stamps[i]!, result: { diagnostics } });
      continue;
    }
    const tags = c.tags.items.slice(tag, (tag += c.tags.counts[i]!));
    const related = c.related.items.slice(rel, (rel += c.related.counts[i]!));
    const fieldLines: Partial<Record<string, number>> = {};
    for (let k = c.fieldNames.counts[i]!; k > 0; k--, field++) {
      const line = c.fieldLines[field]!;
      fieldLines[c.fieldNames.items[field]!] = line < 0 ? undefined : line;
    }
    const flags = c.flags[i]!;
    const story = {
      kind,
      file: c.file[i]!,
      path: c.path[i]!,
      fingerprint: c.fingerprint[i]!,
      id: c.id[i]!,
      title: c.title[i]!,
      subtitle: c.subtitle[i],
      byline: c.byline[i],
      authors: c.authors.get(i),
      editor: c.editor[i],
      source: c.source[i],
      tags,
      summary: c.summary[i],
      cover: c.cover[i],
      pictures: c.pictures.get(i) ?? NO_PICTURES,
      related,
      featured: (flags & FEATURED) !== 0,
      draft: (flags & DRAFT) !== 0,
      url: c.url[i],
      body: { teaser: c.teaser[i]!, lead: c.lead[i]!, hash: c.bodyHash[i]! },
      keywords: c.keywords[i]!,
      relatedExclude: c.relatedExclude.get(i) ?? NONE,
      ...(c.lifecycle.get(i) ?? UNEVENTFUL),
      fieldLines,
      date: flags & DATED ? dateAt(c.dates, i) : undefined,
      channel: c.channel[i],
    } as Story;
    entries.set(c.keys[i]!, { stamp: c.stamps[i]!, result: { story, diagnostics } });
  }
  return entries;
}

const NONE: readonly string[] = Object.freeze([]);

function dateAt(dates: Float64Array, i: number): StoryDate {
  const at = i * DATE_WIDTH;
  return {
    instant: dates[at]!,
    offsetMinutes: dates[at + 1]!,
    local: { year: dates[at + 2]!, month: dates[at + 3]!, day: dates[at + 4]!, hour: dates[at + 5]!, minute: dates[at + 6]!, second: dates[at + 7]! },
  };
}

function push(items: string[], values: readonly string[]): number {
  for (const v of values) items.push(v);
  return values.length;
}
