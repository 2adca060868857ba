// The benchmark corpus: N made-up stories in the form of the content contract (site.yml,
// articles/YYYY/MM/<id>.md, snippets/<id>.md), the same bytes for the same N and seed.
// Its prose is the sample site's own (content/ in this package), read at run time, so the
// generator needs nothing outside this repository and follows the sample when it changes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MAX_ARTICLES = 500_000;

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

/** A problem the user can fix: a bad count, or a folder we will not replace. */
export class CorpusError extends Error {}

export function generateCorpus(options: CorpusOptions): CorpusReport {
  const { articles, outDir } = options;
  if (!Number.isInteger(articles) || articles < 1 || articles > MAX_ARTICLES) {
    throw new CorpusError(`the number of articles must be a whole number from 1 to ${MAX_ARTICLES}, not ${articles}`);
  }
  const seed = options.seed ?? "1";
  const rng = createRandom(seed);
  const text = readSampleText();
  const plan = planCorpus(articles, rng);
  const dir = path.join(outDir, "content");
  writeCorpus(dir, corpusFiles(plan, text, rng, seed));
  return { articles: plan.articles.length, snippets: plan.snippets.length, dir };
}

// ---------------------------------------------------------------- seeded randomness

interface Random {
  /** In [0, 1). */
  next(): number;
  /** In [lo, hi], both included. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** FNV-1a over the seed's code points: any text becomes a 32-bit start state. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

/** mulberry32: tiny, fast, and the same sequence on every platform (Math.random is not seedable). */
function createRandom(seed: string): Random {
  let state = hashSeed(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("gen: picked from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p) => next() < p,
  };
}

function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** CJK characters count one each, as on the page. */
const charCount = (s: string) => [...s].length;

// ---------------------------------------------------------------- the sample site's text

interface Sentence {
  text: string;
  size: number;
}

interface SampleText {
  sentences: Sentence[];
  /** Sentences that read well right after a dateline "…讯(记者…)3月4日,". */
  openers: Sentence[];
  headings: string[];
  /** The sample snippets' bodies as written (already cut, as teasers are). */
  teasers: string[];
}

// Resolved from lib/gen/, so the generator works from any working directory.
const SAMPLE_CONTENT = new URL("../../content/", import.meta.url);
const SAMPLE_STORY = "articles/2018/12/chibi-quality-city.md";

function readSampleText(): SampleText {
  const story = splitBody(readSample(SAMPLE_STORY));
  const snippetBodies = listSnippets().map((name) => splitBody(readSample(`snippets/${name}`)).paragraphs.join(""));
  const sentences = [
    ...story.paragraphs.flatMap(splitSentences),
    // A snippet's first sentence carries a dateline of its own; its cut-off last one ("...") is dropped below.
    ...snippetBodies.flatMap((body) => splitSentences(body).map((s, i) => (i === 0 ? stripDateline(s) : s))),
  ]
    .filter(isWholeSentence)
    .filter((s) => charCount(s) >= 8)
    .map((s) => ({ text: s, size: charCount(s) }));
  if (sentences.length === 0) throw new CorpusError(`found no sentences in ${fileURLToPath(new URL(SAMPLE_STORY, SAMPLE_CONTENT))}`);
  // A lead opens on a whole thought: not a connective, a figure or a quote, nor a clause cut at ";".
  const openers = sentences.filter((s) => !/^(?:[\d“《(]|同时|并|还|如果)/.test(s.text) && /[。!][”’」』]*$/.test(s.text));
  return {
    sentences,
    openers: openers.length ? openers : sentences,
    headings: [...new Set(story.headings)],
    teasers: snippetBodies.filter((t) => t.length > 0),
  };
}

function readSample(rel: string): string {
  const url = new URL(rel, SAMPLE_CONTENT);
  try {
    return fs.readFileSync(url, "utf8");
  } catch {
    throw new CorpusError(`cannot read the sample site's ${fileURLToPath(url)}: the generator takes its text from there`);
  }
}

function listSnippets(): string[] {
  const dir = new URL("snippets/", SAMPLE_CONTENT);
  if (!fs.existsSync(dir)) return [];
  // Sorted: the order of a directory listing differs between file systems.
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
}

/** A story file's paragraphs and `## ` headings, front matter left out. */
function splitBody(file: string): { paragraphs: string[]; headings: string[] } {
  let lines = file.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0] === "---") {
    const close = lines.indexOf("---", 1);
    if (close !== -1) lines = lines.slice(close + 1);
  }
  const paragraphs: string[] = [];
  const headings: string[] = [];
  let current = "";
  const flush = () => {
    if (current) paragraphs.push(current);
    current = "";
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith("## ")) {
      flush();
      headings.push(line.slice(3).trim());
    } else if (line === "") flush();
    else current += line; // Chinese text joins lines without a space
  }
  flush();
  return { paragraphs, headings };
}

/** Splits after 。!; (with any closing quote that follows), keeping the punctuation. */
function splitSentences(paragraph: string): string[] {
  return (paragraph.match(/[^。!;]+(?:[。!;]+[”’」』]*|$)/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

/** A sentence that ends as written, not one that a teaser cut off with "...". */
function isWholeSentence(s: string): boolean {
  return /(?:[。!;][”’」』]*|……)$/.test(s);
}

/** "咸宁网讯(香城都市报记者陈婧)11月24日,…" → "11月24日,…": generated stories write their own. */
function stripDateline(s: string): string {
  return s.replace(/^[^\s,,。(]{1,8}?讯(?:\([^)]*\)|[^“,,。]*?报道[::])?\s*/, "");
}

// ---------------------------------------------------------------- vocabulary (metadata, not prose)

interface Channel {
  slug: string;
  name: string;
  /** Share of stories, in per cent. */
  weight: number;
  children?: Channel[];
}

const COUNTIES: readonly { slug: string; short: string; full: string }[] = [
  { slug: "xianan", short: "咸安", full: "咸安区" },
  { slug: "jiayu", short: "嘉鱼", full: "嘉鱼县" },
  { slug: "chibi", short: "赤壁", full: "赤壁市" },
  { slug: "tongcheng", short: "通城", full: "通城县" },
  { slug: "chongyang", short: "崇阳", full: "崇阳县" },
  { slug: "tongshan", short: "通山", full: "通山县" },
];

const CHANNELS: readonly Channel[] = [
  { slug: "yaowen", name: "咸宁要闻", weight: 18 },
  { slug: "xianshi", name: "县市区", weight: 1, children: COUNTIES.map((c) => ({ slug: c.slug, name: c.short, weight: 5 })) },
  { slug: "shehui", name: "社会", weight: 9 },
  { slug: "jingji", name: "经济", weight: 8 },
  { slug: "zhengwu", name: "政务", weight: 6 },
  { slug: "wenhua", name: "文化", weight: 5 },
  { slug: "jiaoyu", name: "教育", weight: 5 },
  { slug: "jiankang", name: "健康", weight: 4 },
  { slug: "lvyou", name: "旅游", weight: 4 },
  { slug: "fazhi", name: "法治", weight: 4 },
  { slug: "tiyu", name: "体育", weight: 3 },
  { slug: "pinglun", name: "评论", weight: 3 },
];

const ALL_CHANNELS: readonly Channel[] = CHANNELS.flatMap((c) => [c, ...(c.children ?? [])]);
/** One entry per per cent of share, so a uniform pick is a weighted one. */
const WEIGHTED_SLUGS: readonly string[] = ALL_CHANNELS.flatMap((c) => Array<string>(c.weight).fill(c.slug));
const COUNTY_BY_SLUG = new Map(COUNTIES.map((c) => [c.slug, c]));

const REPORTERS = ["周阳", "刘玉关", "陈婧", "黄柱", "方达星", "童金健", "项兆伦", "邓小星"];
const CORRESPONDENTS = ["高树军", "王红云", "邵新华", "李峥", "吴鹏", "陆承雄", "黄海波", "王凤", "陈迪昭", "李攀龙", "李瑞丰", "徐聪", "兰燕", "张彦鹏"];
const EDITORS = ["hushaopeng", "wangli", "chenjing", "liuyang", "zhangmin", "huangzhu", "lixiaoyu", "zhoupeng"];
const SOURCES = ["咸宁日报", "香城都市报", "咸宁新闻网", "咸宁网", "湖北日报"];

const SEED_TERMS = [
  "质量强市", "质量强省", "标准化", "品牌战略", "社会信用", "诚信建设", "青砖茶", "赵李桥", "非遗", "公租房",
  "住房保障", "土地招商", "招商引资", "文化旅游", "高温预警", "消防救援", "火灾", "治安", "机插秧", "春耕",
  "超低排放", "空气质量", "农村物流", "高标准农田", "有机农产品", "光电产业", "高新技术", "县域经济", "财政预算", "绩效考核",
  "驰名商标", "中华老字号", "湖北名牌", "外交国礼", "长江沿岸", "脱贫攻坚", "志愿服务", "巾帼志愿者", "贫困户", "出口",
  "俄罗斯", "深化改革", "营商环境", "乡村振兴", "生态环境", "防汛", "义务教育", "全民健身", "医疗保障", "就业创业",
  "城市建设", "安全生产", "食品安全", "十三五", "高质量发展", "转型升级", "绿色崛起", "经济开发区",
];
const TAG_DOMAINS = ["经济", "旅游", "教育", "交通", "农业", "扶贫", "环保", "文化", "消防", "医疗", "招商", "民生", "就业", "住房", "防汛", "城建", "体育", "科技", "法治", "党建"];
const TAG_PLACES = ["咸宁", ...COUNTIES.map((c) => c.short)];
/** ~200 tags: the seed story's terms, the places, and place × domain. */
const TAGS: readonly string[] = [...SEED_TERMS, ...TAG_PLACES, ...TAG_PLACES.flatMap((p) => TAG_DOMAINS.map((d) => p + d))];

const TOPICS = [
  "质量强市", "标准化建设", "品牌培育", "社会信用体系建设", "农村物流", "青砖茶产业", "公租房配租", "土地招商", "文化旅游",
  "防暑降温", "消防安全", "机械化育秧", "超低排放改造", "高标准农田", "营商环境", "乡村振兴", "防汛抗旱", "义务教育",
  "全民健身", "医疗保障", "就业创业", "城市建设", "生态保护", "非遗保护", "安全生产", "食品安全",
];
const ACTIONS = ["召开", "部署", "推进", "启动", "举行", "印发", "开展", "完成"];
const EVENTS = ["工作会", "推进会", "专项行动", "工作方案", "现场会", "培训班", "督查", "考核"];
const CITY_WIDE = ["咸宁市", "我市", ...COUNTIES.map((c) => c.full)];
const PROMOTIONS = ["土地招商", "产业招商", "文旅推介"];
const PROBLEMS = ["困难人群住房", "群众出行", "企业用工", "农产品销售"];
const OUTCOMES = ["套公租房完成配租", "户受益", "人实现就业"];

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

interface CorpusFile {
  /** Relative to the content folder, with "/". */
  path: string;
  text: string;
}

/** A JSON string is a valid YAML double-quoted scalar: no quoting rules of our own to get wrong. */
const q = (s: string) => JSON.stringify(s);
const flowList = (items: readonly string[]) => `[${items.map(q).join(", ")}]`;

/** Lazily, so that a large corpus never sits in memory; the order of random draws is fixed. */
function* corpusFiles(plan: CorpusPlan, text: SampleText, rng: Random, seed: string): Generator<CorpusFile> {
  yield { path: "site.yml", text: siteYml(plan, seed) };
  const tags = shuffled(TAGS, rng); // a different few tags are the common ones for each seed
  for (const article of plan.articles) {
    const { yyyy, mm } = article.stamp;
    yield { path: `articles/${yyyy}/${mm}/${article.id}.md`, text: articleFile(article, plan, text, tags, rng) };
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

function articleFile(article: ArticlePlan, plan: CorpusPlan, text: SampleText, tags: readonly string[], rng: Random): string {
  const credit = rng.chance(0.9) ? makeCredit(rng) : undefined;
  const fm = [`title: ${q(makeTitle(article.channel, rng))}`, `date: ${article.stamp.iso}`, `channel: ${q(article.channel)}`];
  if (credit) fm.push(`byline: ${q(bylineOf(credit))}`);
  if (rng.chance(0.9)) fm.push(`editor: ${q(rng.pick(EDITORS))}`);
  if (rng.chance(0.4)) fm.push(`source: ${q(rng.pick(SOURCES))}`);
  fm.push(`tags: ${flowList(pickTags(article.channel, tags, rng))}`);
  const related = pickRelated(article, plan, rng);
  if (related.length) fm.push(`related: ${flowList(related)}`);
  if (rng.chance(0.05)) fm.push("featured: true");
  if (article.draft) fm.push("draft: true");
  return `---\n${fm.join("\n")}\n---\n\n${articleBody(article.stamp, credit, text, rng)}`;
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

// ---------------------------------------------------------------- writing

/**
 * The one place that touches the disk. Files go to a fresh sibling folder first, which then
 * replaces content/ whole: an interrupted run never leaves a half-old, half-new corpus.
 */
function writeCorpus(contentDir: string, files: Iterable<CorpusFile>): void {
  assertReplaceable(contentDir);
  const parent = path.dirname(contentDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, ".content-gen-"));
  try {
    const made = new Set<string>();
    for (const file of files) {
      const target = path.join(staging, ...file.path.split("/"));
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(target, file.text);
    }
    fs.rmSync(contentDir, { recursive: true, force: true });
    fs.renameSync(staging, contentDir);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Only a folder that looks like a corpus (it has a site.yml) may be deleted: never a user's unrelated folder. */
function assertReplaceable(contentDir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(contentDir);
  } catch {
    return; // nothing there yet
  }
  if (!stat.isDirectory() || !fs.existsSync(path.join(contentDir, "site.yml"))) {
    throw new CorpusError(
      `${contentDir} already exists and is not a content folder (it has no site.yml); not replacing it. Choose another --out, or move it away first.`,
    );
  }
}
