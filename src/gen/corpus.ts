// The benchmark corpus: N made-up stories in the form of the content contract (site.yml,
// articles/YYYY/MM/<id>.md, snippets/<id>.md), the same bytes for the same N and seed.
// Its prose is the sample site's own (content/ in this package), read at run time, so the
// generator needs nothing outside this repository and follows the sample when it changes.
// With images, every article gets a generated photo as its cover and some one in the body, the
// photos written to public/img/gen/ (photos.ts); without, not one byte differs.
import path from "node:path";
import { CorpusError } from "./corpus-error.js";
import { PHOTO_ROUTE, PHOTO_VERSION, afterLead, assertPhotoOptions, generatedPhotos, picturesOf, type CorpusImages, type PhotoSet, type Pictures } from "./corpus-photos.js";
import { type Random, createRandom, shuffled } from "./random.js";
import { type SampleText, charCount, readSampleText } from "./sample-text.js";
import {
  ACTIONS,
  ALL_CHANNELS,
  CHANNELS,
  CITY_WIDE,
  CORRESPONDENTS,
  COUNTY_BY_SLUG,
  EDITORS,
  EVENTS,
  OUTCOMES,
  PROBLEMS,
  PROMOTIONS,
  REPORTERS,
  SOURCES,
  TAGS,
  TOPICS,
  WEIGHTED_SLUGS,
} from "./vocabulary.js";
import { type CorpusFile, writeCorpus, writePhotoFolder } from "./write-corpus.js";

export const MAX_ARTICLES = 500_000;
/** Photos made when no count is given: one per article up to this many (enough for the image bench). */
export const DEFAULT_MAX_PHOTOS = 1000;

export interface CorpusOptions {
  articles: number;
  /** Any text; the default is "1". */
  seed?: string;
  /** The folder whose content/ is replaced. */
  outDir: string;
}

export interface CorpusReport {
  articles: number;
  snippets: number;
  /** The content folder written. */
  dir: string;
}

export interface PhotoCorpusReport extends CorpusReport {
  photos: number;
  /** The photo folder: public/img/gen beside content/. */
  photoDir: string;
  /** Whether the folder already held these very photos, so that none was made. */
  photosKept: boolean;
}

export type { CorpusImages };

// Defined in corpus-error.ts so that the other gen modules can throw it; callers import it from here.
export { CorpusError };

export function generateCorpus(options: CorpusOptions): CorpusReport {
  return writeStories(options, undefined);
}

/** The corpus with generated photos: the photos first (the slow part, kept if already there), then the stories naming them. */
export async function generateCorpusWithImages(options: CorpusOptions & { images: CorpusImages }): Promise<PhotoCorpusReport> {
  const { images } = options;
  assertArticleCount(options.articles);
  const count = images.count ?? Math.min(options.articles, DEFAULT_MAX_PHOTOS);
  assertPhotoOptions(count, MAX_ARTICLES, images);
  const photoDir = path.join(options.outDir, "public", PHOTO_ROUTE);
  const written = await writePhotoFolder(photoDir, `${count} photos of ${images.width}x${images.height}, photos.ts v${PHOTO_VERSION}`, () =>
    generatedPhotos(count, images.width, images.height),
  );
  const report = writeStories(options, { count, rng: createRandom(`${options.seed ?? "1"} images`) });
  return { ...report, photos: count, photoDir, photosKept: written === "kept" };
}

function writeStories(options: CorpusOptions, photos: PhotoSet | undefined): CorpusReport {
  const { articles, outDir } = options;
  assertArticleCount(articles);
  const seed = options.seed ?? "1";
  const rng = createRandom(seed);
  const text = readSampleText();
  const plan = planCorpus(articles, rng);
  const dir = path.join(outDir, "content");
  writeCorpus(dir, corpusFiles(plan, text, rng, seed, photos));
  return { articles: plan.articles.length, snippets: plan.snippets.length, dir };
}

function assertArticleCount(articles: number): void {
  if (!Number.isInteger(articles) || articles < 1 || articles > MAX_ARTICLES) {
    throw new CorpusError(`the number of articles must be a whole number from 1 to ${MAX_ARTICLES}, not ${articles}`);
  }
}

// ---------------------------------------------------------------- the plan: ids, dates, channels

interface Stamp {
  yyyy: string;
  mm: string;
  month: number;
  day: number;
  /** yyyymmdd, for ids. */
  ymd: string;
  /** 2021-03-04T09:30:00+08:00 */
  iso: string;
}

interface ArticlePlan {
  id: string;
  channel: string;
  stamp: Stamp;
  draft: boolean;
}

interface SnippetPlan {
  id: string;
  stamp: Stamp;
}

interface CorpusPlan {
  articles: ArticlePlan[];
  snippets: SnippetPlan[];
  /** Ids a published article may name in related: (a draft would be left out with a warning). */
  publishedIds: string[];
}

// Stories fall on 2021-01-01 .. 2023-12-31 (1095 days), 07:00 to 22:59 Beijing time.
const FIRST_DAY_UTC = Date.UTC(2021, 0, 1);
const DAYS = 1095;
const FIRST_MINUTE = 7 * 60;
const LAST_MINUTE = 22 * 60 + 59;

/** Decided before any file is written, so that related: can name any story and skip drafts. */
function planCorpus(articleCount: number, rng: Random): CorpusPlan {
  const taken = new Set<number>();
  const articleTimes = uniqueMinutes(articleCount, taken, rng);
  const snippetTimes = uniqueMinutes(Math.floor(articleCount / 10), taken, rng);
  const articles = articleTimes.map((minute, i): ArticlePlan => {
    const stamp = stampOf(minute);
    // The first stories go one to each channel, so that no channel list is ever empty.
    const channel = i < ALL_CHANNELS.length ? ALL_CHANNELS[i]!.slug : rng.pick(WEIGHTED_SLUGS);
    const draft = i >= ALL_CHANNELS.length && rng.chance(0.01);
    return { id: `${channel}-${stamp.ymd}-${sequence(i)}`, channel, stamp, draft };
  });
  const snippets = snippetTimes.map((minute, i): SnippetPlan => {
    const stamp = stampOf(minute);
    return { id: `kx-${stamp.ymd}-${sequence(i)}`, stamp };
  });
  return { articles, snippets, publishedIds: articles.filter((a) => !a.draft).map((a) => a.id) };
}

/** Distinct minutes (counted from the first day), oldest first; distinct so that "newest first" has no ties. */
function uniqueMinutes(count: number, taken: Set<number>, rng: Random): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const minute = rng.int(0, DAYS - 1) * 1440 + rng.int(FIRST_MINUTE, LAST_MINUTE);
    if (taken.has(minute)) continue;
    taken.add(minute);
    out.push(minute);
  }
  return out.sort((a, b) => a - b);
}

function stampOf(minute: number): Stamp {
  // Beijing time has no daylight saving, so the wall clock is plain UTC arithmetic.
  const d = new Date(FIRST_DAY_UTC + minute * 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const yyyy = String(d.getUTCFullYear());
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    yyyy,
    mm: pad(month),
    month,
    day,
    ymd: `${yyyy}${pad(month)}${pad(day)}`,
    iso: `${yyyy}-${pad(month)}-${pad(day)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00+08:00`,
  };
}

/** Base 36, four digits: ids stay short and sort with the date. */
const sequence = (i: number) => i.toString(36).padStart(4, "0");

// ---------------------------------------------------------------- the files

/** A JSON string is a valid YAML double-quoted scalar: no quoting rules of our own to get wrong. */
const q = (s: string) => JSON.stringify(s);
const flowList = (items: readonly string[]) => `[${items.map(q).join(", ")}]`;

/** Lazily, so that a large corpus never sits in memory; the order of random draws is fixed. */
function* corpusFiles(plan: CorpusPlan, text: SampleText, rng: Random, seed: string, photos: PhotoSet | undefined): Generator<CorpusFile> {
  yield { path: "site.yml", text: siteYml(plan, seed) };
  const tags = shuffled(TAGS, rng); // a different few tags are the common ones for each seed
  for (const [i, article] of plan.articles.entries()) {
    const { yyyy, mm } = article.stamp;
    const pictures = photos && picturesOf(i, article.channel, photos);
    yield { path: `articles/${yyyy}/${mm}/${article.id}.md`, text: articleFile(article, plan, text, tags, rng, pictures) };
  }
  for (const [i, snippet] of plan.snippets.entries()) {
    yield { path: `snippets/${snippet.id}.md`, text: snippetFile(snippet, i, text, rng) };
  }
}

function siteYml(plan: CorpusPlan, seed: string): string {
  const lines = [
    `# Generated by xnews gen (${plan.articles.length} articles, seed ${q(seed)}): regenerate rather than edit.`,
    `title: ${q("咸宁新闻网")}`,
    `url: ${q("https://www.xnnews.com.cn")}`,
    `language: ${q("zh-CN")}`,
    `timezone: ${q("Asia/Shanghai")}`,
    "pageSize: 20",
    "channels:",
  ];
  for (const c of CHANNELS) {
    lines.push(`  - slug: ${q(c.slug)}`, `    name: ${q(c.name)}`);
    if (c.children) {
      lines.push("    children:");
      for (const k of c.children) lines.push(`      - { slug: ${q(k.slug)}, name: ${q(k.name)} }`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function articleFile(article: ArticlePlan, plan: CorpusPlan, text: SampleText, tags: readonly string[], rng: Random, pictures: Pictures | undefined): string {
  const credit = rng.chance(0.9) ? makeCredit(rng) : undefined;
  const fm = [`title: ${q(makeTitle(article.channel, rng))}`, `date: ${article.stamp.iso}`, `channel: ${q(article.channel)}`];
  if (credit) fm.push(`byline: ${q(bylineOf(credit))}`);
  if (rng.chance(0.9)) fm.push(`editor: ${q(rng.pick(EDITORS))}`);
  if (rng.chance(0.4)) fm.push(`source: ${q(rng.pick(SOURCES))}`);
  fm.push(`tags: ${flowList(pickTags(article.channel, tags, rng))}`);
  const related = pickRelated(article, plan, rng);
  if (related.length) fm.push(`related: ${flowList(related)}`);
  if (pictures) fm.push(`cover: ${q(pictures.cover)}`);
  if (rng.chance(0.05)) fm.push("featured: true");
  if (article.draft) fm.push("draft: true");
  const body = articleBody(article.stamp, credit, text, rng);
  return `---\n${fm.join("\n")}\n---\n\n${pictures?.inBody ? afterLead(body, pictures.inBody) : body}`;
}

function snippetFile(snippet: SnippetPlan, index: number, text: SampleText, rng: Random): string {
  const channel = rng.pick(WEIGHTED_SLUGS);
  const { stamp } = snippet;
  const fm = [`title: ${q(makeTitle(channel, rng))}`, `date: ${stamp.iso}`];
  if (rng.chance(0.8)) fm.push(`channel: ${q(channel)}`);
  if (rng.chance(0.5)) fm.push(`url: ${q(`https://epaper.xnnews.com.cn/xnrb/html/${stamp.yyyy}-${stamp.mm}/${String(stamp.day).padStart(2, "0")}/content_${100000 + index}.htm`)}`);
  const teaser =
    text.teasers.length && rng.chance(0.5)
      ? rng.pick(text.teasers)
      : `咸宁新闻网讯(记者${rng.pick(REPORTERS)} 通讯员${rng.pick(CORRESPONDENTS)})${stamp.month}月${stamp.day}日,${rng.pick(text.openers).text}`.replace(/;$/, "。");
  return `---\n${fm.join("\n")}\n---\n${teaser}\n`;
}

function makeTitle(channel: string, rng: Random): string {
  const place = COUNTY_BY_SLUG.get(channel)?.full ?? rng.pick(CITY_WIDE);
  switch (rng.int(0, 4)) {
    case 0:
      return `${place}获评“湖北省${rng.pick(TOPICS)}示范${place.slice(-1)}”`;
    case 1:
      return `${place}${rng.pick(TOPICS)}取得新进展 ${rng.int(2, 90)}个项目落地`;
    case 2:
      return `${place}${rng.pick(PROMOTIONS)}会在武汉召开 ${rng.int(3, 40)}宗${rng.int(1, 99)}00亩优质土地“找婆家”`;
    case 3:
      return `${place}破解${rng.pick(PROBLEMS)}难题 ${rng.int(50, 900)}${rng.pick(OUTCOMES)}`;
    default:
      return `${place}${rng.pick(ACTIONS)}${rng.pick(TOPICS)}${rng.pick(EVENTS)}`;
  }
}

/** A byline as groups of role and names: shown spaced ("记者 周阳"), run together in the dateline ("记者周阳"). */
type Credit = { role: string; names: string[] }[];

function makeCredit(rng: Random): Credit {
  const reporter = rng.pick(REPORTERS);
  const first = rng.pick(CORRESPONDENTS);
  const second = rng.pick(CORRESPONDENTS.filter((c) => c !== first));
  const forms: Credit[] = [
    [{ role: "记者", names: [reporter] }, { role: "通讯员", names: [first, second] }],
    [{ role: "记者", names: [reporter] }, { role: "通讯员", names: [first] }],
    [{ role: "通讯员", names: [first, second] }],
    [{ role: "记者", names: [reporter] }],
    [{ role: "咸宁日报全媒体记者", names: [reporter] }],
    [{ role: "香城都市报记者", names: [reporter] }, { role: "通讯员", names: [first] }],
  ];
  return rng.pick(forms);
}

const bylineOf = (credit: Credit) => credit.map((g) => [g.role, ...g.names].join(" ")).join(" ");
const datelineCreditOf = (credit: Credit) => credit.map((g) => g.role + g.names.join("")).join(" ");

/** 1–4 tags; squaring the draw makes the first few of the shuffled list common and most rare. */
function pickTags(channel: string, tags: readonly string[], rng: Random): string[] {
  const chosen = new Set<string>();
  const county = COUNTY_BY_SLUG.get(channel);
  if (county && rng.chance(0.5)) chosen.add(county.short);
  const want = rng.int(1, 4);
  while (chosen.size < want) chosen.add(tags[Math.floor(tags.length * rng.next() ** 2)]!);
  return [...chosen];
}

/** 0–5 ids, half snippets, never the article itself, never a draft (a draft is left out of the page). */
function pickRelated(article: ArticlePlan, plan: CorpusPlan, rng: Random): string[] {
  const { publishedIds, snippets } = plan;
  const available = publishedIds.length - (article.draft ? 0 : 1) + snippets.length;
  const want = Math.min(rng.chance(0.3) ? 0 : rng.int(1, 5), available);
  const related: string[] = [];
  while (related.length < want) {
    const id = snippets.length && rng.chance(0.5) ? rng.pick(snippets).id : rng.pick(publishedIds);
    if (id !== article.id && !related.includes(id)) related.push(id);
  }
  return related;
}

// ---------------------------------------------------------------- article bodies

const MIN_BODY = 1500;
const MAX_BODY = 3500;

interface Paragraph {
  parts: string[];
  size: number;
}

/** 5–12 paragraphs of the sample's sentences, 1500–3500 characters, 0–3 `## ` headings. */
function articleBody(stamp: Stamp, credit: Credit | undefined, text: SampleText, rng: Random): string {
  const target = rng.int(1700, 3300);
  const count = rng.int(5, 12);
  const paragraphs: Paragraph[] = [];
  let used = 0;
  for (let i = 0; i < count; i++) {
    const p: Paragraph = { parts: [], size: 0 };
    if (i === 0) {
      // The lead opens with a dateline, as the portal's stories do.
      add(p, `咸宁新闻网讯${credit ? `(${datelineCreditOf(credit)})` : " "}${stamp.month}月${stamp.day}日,`);
      add(p, rng.pick(text.openers).text);
    }
    fillParagraph(p, (target - used) / (count - i), text, rng);
    paragraphs.push(p);
    used += p.size;
  }
  fitLength(paragraphs, used, text, rng);
  return withHeadings(paragraphs.map(paragraphText), text.headings, rng).join("\n\n") + "\n";
}

function add(p: Paragraph, part: string): void {
  p.parts.push(part);
  p.size += charCount(part);
}

function fillParagraph(p: Paragraph, want: number, text: SampleText, rng: Random): void {
  // Repeats within a paragraph read badly; give up on avoiding them if the sample is tiny.
  for (let tries = 0; p.size < want || p.parts.length === 0; tries++) {
    const s = rng.pick(text.sentences);
    if (tries < 50 && p.parts.includes(s.text)) continue;
    p.parts.push(s.text);
    p.size += s.size;
  }
}

/** Drops or adds whole sentences (never in the lead) until the body is within MIN_BODY..MAX_BODY. */
function fitLength(paragraphs: Paragraph[], used: number, text: SampleText, rng: Random): void {
  const later = paragraphs.slice(1);
  while (used > MAX_BODY) {
    const trimmable = later.filter((p) => p.parts.length > 1);
    if (trimmable.length === 0) break;
    const p = rng.pick(trimmable);
    const dropped = charCount(p.parts.pop()!);
    p.size -= dropped;
    used -= dropped;
  }
  while (used < MIN_BODY) {
    const s = rng.pick(text.sentences);
    const p = rng.pick(later);
    p.parts.push(s.text);
    p.size += s.size;
    used += s.size;
  }
}

/** A paragraph does not end on a semicolon. */
const paragraphText = (p: Paragraph) => p.parts.join("").replace(/;$/, "。");

/** Headings go before paragraphs 3 and later, each heading at most once per story. */
function withHeadings(paragraphs: string[], headings: readonly string[], rng: Random): string[] {
  const count = Math.min(rng.int(0, 3), paragraphs.length - 2, headings.length);
  const texts = shuffled(headings, rng).slice(0, count);
  const at = new Set<number>();
  while (at.size < count) at.add(rng.int(2, paragraphs.length - 1));
  const positions = [...at].sort((a, b) => a - b);
  return paragraphs.map((p, i) => {
    const k = positions.indexOf(i);
    return k === -1 ? p : `## ${texts[k]}\n\n${p}`;
  });
}
