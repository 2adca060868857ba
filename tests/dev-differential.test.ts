// A seeded differential test of xnews dev: random sequences of edits — stories, snippets, pages,
// templates, public/ files, site.yml, broken files and their fixes, alone and in bursts — are
// applied through a DevSession, and after every step its output folder must equal a fresh full
// build of the same project, file for file and byte for byte. While the project has errors, dev
// must say so, the build must refuse, and dev's folder must still hold the last good site.
//
// A failure names its seed and step; `-t <seed>` replays that sequence alone. With
// XNEWS_DIFF_SHRINK=1 a failing sequence is cut down to the fewest steps that still fail, and the
// failure message lists them with the files each writes. XNEWS_DIFF_STEPS sets the steps per seed.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UserError, formatDiagnostic, sortDiagnostics, type Diagnostic } from "../src/diagnostics.js";
import { DevSession, type FileChange, type RebuildReport } from "../src/dev/session.js";
import { createRandom, type Random } from "../src/gen/random.js";
import { REPO, buildProject, generatedSite, listTree, pathsOf, tempDir } from "./helpers/site.js";

const STEPS = Number(process.env.XNEWS_DIFF_STEPS ?? 100);
const SHRINK = process.env.XNEWS_DIFF_SHRINK === "1";
const SEEDS = Array.from({ length: Number(process.env.XNEWS_DIFF_SEEDS ?? 5) }, (_, i) => `dev-diff-${i + 1}`);

// ---------------------------------------------------------------- the project every sequence starts from

/** xnews's own templates and stylesheet, read once: a site's copies start from these. */
const BUILT_IN_TEMPLATES = new Map(listTree(path.join(REPO, "templates")).map((t) => [t, fs.readFileSync(path.join(REPO, "templates", t), "utf8")]));
const BUILT_IN_CSS = fs.readFileSync(path.join(REPO, "public/css/site.css"), "utf8");
/** Two small real JPEGs (16×12, red and blue): a cover must be a picture, and gets copies of its own. */
const COVER_JPEGS = [
  "/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAwb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAANXP/9k=",
  "/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIADg9//2Q==",
].map((b) => Buffer.from(b, "base64"));
const COVER_FILES = ["public/img/cover-1.jpg", "public/img/cover-2.jpg"];

/** From min to max of the items, in random order. */
function some<T>(rng: Random, items: readonly T[], min: number, max: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  const n = Math.min(pool.length, rng.int(min, max));
  while (out.length < n) out.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  return out;
}

// ---------------------------------------------------------------- front matter, as text

const q = (s: string) => JSON.stringify(s);

interface Doc {
  fm: string[];
  body: string;
}

function parseDoc(text: string): Doc {
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`not a story file:\n${text.slice(0, 200)}`);
  return { fm: m[1]!.split("\n"), body: m[2]! };
}

const joinDoc = (d: Doc) => `---\n${d.fm.join("\n")}\n---\n${d.body}`;

/** The body's paragraphs (and the blank lines before the first). */
function paragraphsOf(d: Doc): { blank: string; paras: string[] } {
  const blank = /^\n*/.exec(d.body)![0];
  return { blank, paras: d.body.slice(blank.length).replace(/\n+$/, "").split("\n\n") };
}

const withParagraphs = (d: Doc, blank: string, paras: string[]): Doc => ({ fm: d.fm, body: `${blank}${paras.join("\n\n")}\n` });

function field(d: Doc, key: string): string | undefined {
  const line = d.fm.find((l) => l.startsWith(`${key}:`));
  return line === undefined ? undefined : line.slice(key.length + 1).trim();
}

/** Sets (or, with undefined, removes) a one-line field; a new field goes last. */
function setField(d: Doc, key: string, raw: string | undefined): Doc {
  const fm = d.fm.filter((l) => !l.startsWith(`${key}:`));
  const at = d.fm.findIndex((l) => l.startsWith(`${key}:`));
  if (raw !== undefined) fm.splice(at < 0 ? fm.length : at, 0, `${key}: ${raw}`);
  return { fm, body: d.body };
}

const unquote = (raw: string | undefined) => (raw === undefined ? undefined : raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
const listOf = (raw: string | undefined): string[] => (raw?.startsWith("[") ? (JSON.parse(raw) as string[]) : []);

// Dates: minutes since the epoch, and the forms a story may write them in.
function parseDate(raw: string): number {
  const m = /^"?(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(?:([+-])(\d{2}):(\d{2}))?"?$/.exec(raw);
  if (!m) throw new Error(`unexpected date ${raw}`);
  const [, y, mo, d, h = "0", mi = "0", , sign, oh = "8", om = "0"] = m;
  const offset = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) / 60_000 - offset;
}

function formatDate(minutes: number, style: "iso" | "local" | "day" | "utc"): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const at = new Date((minutes + (style === "utc" ? 0 : 480)) * 60_000);
  const day = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
  if (style === "day") return day;
  if (style === "local") return `${day} ${time}`;
  return `${day}T${time}:00${style === "utc" ? "+00:00" : "+08:00"}`;
}

// ---------------------------------------------------------------- steps

/** A story (or page) file as this test writes them: `.md`, and not hidden. */
const isStoryFile = (rel: string) => /^content\/(articles|snippets|pages)\//.test(rel) && rel.endsWith(".md") && !path.basename(rel).startsWith(".");

/** What one step leaves in each file it touches: its text, or null for gone. */
type Ops = [rel: string, text: string | null][];

interface Step {
  label: string;
  ops: Ops;
}

/** A broken edit not yet fixed: the files to put back, and the files no other edit may touch meanwhile. */
interface Pending {
  label: string;
  fix: Ops;
  locked: string[];
  /** A story file whose deletion also fixes it. */
  story?: string;
}

const PHRASES = ["市委召开专题会议部署防汛工作", "赤壁青砖茶再次走出国门", "咸安区新建三座口袋公园", "通山县乡村振兴取得新成效", "嘉鱼蔬菜直供粤港澳大湾区", "崇阳县开展安全生产大检查", "通城县举办第三届油茶节", "咸宁高新区签约项目12个"];
const NAMES = ["周阳", "陈婧", "项兆伦", "高树军", "李瑞丰", "王红云", "邵新华"];
const SPECIAL = ["A&B <测试> \"引号\"", "标题 'single' & </script>", "50% 的 {{ 模板 }} {% raw %}", "空格  两个\t制表"];

type EditKind =
  | "lifecycle"
  | "lead"
  | "laterBody"
  | "title"
  | "byline"
  | "date"
  | "channel"
  | "tags"
  | "related"
  | "draft"
  | "featured"
  | "otherField"
  | "idField"
  | "addArticle"
  | "addSnippet"
  | "deleteStory"
  | "renameStory"
  | "snippet"
  | "template"
  | "public"
  | "page"
  | "siteYml"
  | "notStory"
  | "touch";

const WEIGHTS: [EditKind, number][] = [
  ["lead", 6],
  ["laterBody", 4],
  ["title", 6],
  ["byline", 3],
  ["date", 7],
  ["channel", 4],
  ["tags", 4],
  ["related", 4],
  ["draft", 3],
  ["featured", 3],
  ["otherField", 3],
  ["lifecycle", 5],
  ["idField", 2],
  ["addArticle", 4],
  ["addSnippet", 2],
  ["deleteStory", 3],
  ["renameStory", 3],
  ["snippet", 3],
  ["template", 5],
  ["public", 3],
  ["page", 2],
  ["siteYml", 1],
  ["notStory", 2],
  ["touch", 1],
];

/**
 * Makes the steps of one sequence against the project as it stands. Each step's edits are
 * written to disk as they are made (so a burst's second edit sees its first); the step records
 * what each touched file ends as, which is all a replay needs.
 */
class Editor {
  private n = 0;
  readonly pending: Pending[] = [];
  /** Whether each touched file existed before the step, in the order first touched. */
  private touched = new Map<string, boolean>();
  private readonly slugs: string[];
  private readonly tagPool: string[];

  constructor(
    private readonly root: string,
    private readonly rng: Random,
  ) {
    this.slugs = [...this.read("content/site.yml").matchAll(/slug: "([a-z]+)"/g)].map((m) => m[1]!);
    this.tagPool = [...new Set(this.articles().flatMap((f) => listOf(field(parseDoc(this.read(f)), "tags"))))].sort();
  }

  // -- the project's files

  private file = (rel: string) => path.join(this.root, rel);
  private read = (rel: string) => fs.readFileSync(this.file(rel), "utf8");
  private exists = (rel: string) => fs.existsSync(this.file(rel));
  private list = (dir: string) => (this.exists(dir) ? listTree(this.file(dir)).map((f) => `${dir}/${f}`) : []);
  private stories = (dir: string) => this.list(dir).filter(isStoryFile);
  private articles = () => this.stories("content/articles");
  private snippets = () => this.stories("content/snippets");
  private pages = () => this.stories("content/pages");
  private locked = () => new Set(this.pending.flatMap((p) => p.locked));
  private free = (files: string[]) => {
    const locked = this.locked();
    return files.filter((f) => !locked.has(f));
  };

  private put(rel: string, text: string | Buffer | null): void {
    if (!this.touched.has(rel)) this.touched.set(rel, this.exists(rel));
    if (text === null) fs.rmSync(this.file(rel), { force: true });
    else {
      fs.mkdirSync(path.dirname(this.file(rel)), { recursive: true });
      fs.writeFileSync(this.file(rel), text);
    }
  }

  private edit(rel: string, change: (d: Doc) => Doc): void {
    this.put(rel, joinDoc(change(parseDoc(this.read(rel)))));
  }

  private idOf(rel: string): string {
    return unquote(field(parseDoc(this.read(rel)), "id")) ?? path.basename(rel, ".md");
  }

  private allIds(): string[] {
    return [...this.articles(), ...this.snippets()].map((f) => this.idOf(f));
  }

  private fresh(prefix: string): string {
    return `${prefix}-${++this.n}`;
  }

  private phrase(): string {
    return `${this.rng.pick(PHRASES)}${this.n++}`;
  }

  // -- a step

  /** The next step, already on disk, and whether each file it touches existed before it. */
  next(): { step: Step; existed: (rel: string) => boolean } {
    this.touched.clear();
    let label: string;
    if (this.pending.length && this.rng.chance(0.3)) label = this.fix();
    else if (this.pending.length < 2 && this.rng.chance(0.06)) label = this.breakSomething();
    else if (this.rng.chance(0.1)) {
      const parts: string[] = [];
      for (let i = this.rng.int(2, 3); i > 0; i--) parts.push(this.anyEdit());
      label = `burst: ${parts.join(" + ")}`;
    } else label = this.anyEdit();
    const ops: Ops = [...this.touched.keys()].map((rel) => [rel, this.exists(rel) ? this.read(rel) : null]);
    const existed = new Map(this.touched);
    return { step: { label, ops }, existed: (rel) => existed.get(rel)! };
  }

  private anyEdit(): string {
    for (;;) {
      const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
      let r = this.rng.next() * total;
      const kind = WEIGHTS.find(([, w]) => (r -= w) < 0)![0];
      const label = this.editOf(kind);
      if (label) return label;
    }
  }

  /** One edit of the kind, or undefined when the project has nothing it applies to. */
  private editOf(kind: EditKind): string | undefined {
    const rng = this.rng;
    const articles = this.free(this.articles());
    const story = articles.length ? rng.pick(articles) : undefined;
    switch (kind) {
      case "lead": {
        const target = rng.chance(0.8) || !this.free(this.snippets()).length ? story : rng.pick(this.free(this.snippets()));
        if (!target) return undefined;
        const how = rng.pick(["prepend", "append", "replace"] as const);
        this.edit(target, (d) => {
          const { blank, paras } = paragraphsOf(d);
          const i = Math.max(0, paras.findIndex((p) => p.trim() && !p.startsWith("#")));
          const lead = paras[i] ?? "";
          paras[i] = how === "prepend" ? `${this.phrase()},${lead}` : how === "append" ? `${lead}${this.phrase()}。` : `${this.phrase()}。`;
          return withParagraphs(d, blank, paras);
        });
        return `lead ${how} ${target}`;
      }
      case "laterBody": {
        if (!story) return undefined;
        const how = rng.pick(["edit", "add", "heading", "delete", "delete", "empty"] as const);
        this.edit(story, (d) => {
          if (how === "empty") return { fm: d.fm, body: rng.chance(0.5) ? "" : "\n" };
          const { blank, paras } = paragraphsOf(d);
          const later = rng.int(Math.min(2, paras.length), paras.length);
          if (how === "add") paras.splice(later, 0, `${this.phrase()}。`);
          else if (how === "heading") paras.splice(later, 0, `## ${this.phrase()}`);
          else if (how === "delete" && paras.length > 3) paras.splice(later, 1);
          else paras[Math.min(later, paras.length - 1)] += this.phrase();
          return withParagraphs(d, blank, paras);
        });
        return `later body ${how} ${story}`;
      }
      case "title": {
        if (!story) return undefined;
        const title = rng.chance(0.15) ? rng.pick(SPECIAL) : this.phrase();
        this.edit(story, (d) => setField(d, "title", q(title)));
        return `title ${story}`;
      }
      case "byline": {
        if (!story) return undefined;
        const had = field(parseDoc(this.read(story)), "byline") !== undefined;
        const remove = had && rng.chance(0.4);
        this.edit(story, (d) => setField(d, "byline", remove ? undefined : q(`记者 ${rng.pick(NAMES)} 通讯员 ${rng.pick(NAMES)}`)));
        return `byline ${remove ? "removed" : had ? "changed" : "added"} ${story}`;
      }
      case "date":
        return story && this.dateEdit(story);
      case "channel": {
        if (!story) return undefined;
        const slug = rng.pick(this.slugs);
        this.edit(story, (d) => setField(d, "channel", rng.chance(0.5) ? q(slug) : slug));
        return `channel ${slug} ${story}`;
      }
      case "tags": {
        if (!story) return undefined;
        const how = rng.pick(["add", "remove", "replace", "none"] as const);
        this.edit(story, (d) => {
          let tags = listOf(field(d, "tags"));
          if (how === "add") tags = [...new Set([...tags, rng.pick(this.tagPool)])];
          else if (how === "remove" && tags.length) tags.splice(rng.int(0, tags.length - 1), 1);
          else if (how === "replace") tags = some(rng, this.tagPool, 1, 4);
          return setField(d, "tags", how === "none" ? (rng.chance(0.5) ? undefined : "[]") : `[${tags.map(q).join(", ")}]`);
        });
        return `tags ${how} ${story}`;
      }
      case "related": {
        if (!story) return undefined;
        const ids = this.allIds();
        const self = this.idOf(story);
        const how = rng.pick(["others", "others", "missing", "self", "draft", "page", "none"] as const);
        let related = some(rng, ids.filter((id) => id !== self), 1, 4);
        if (how === "missing") related.splice(rng.int(0, related.length), 0, "no-such-story");
        if (how === "self") related.splice(rng.int(0, related.length), 0, self);
        if (how === "page") related.push("about");
        if (how === "draft") {
          const drafts = this.articles().filter((f) => /^draft: true$/m.test(this.read(f)));
          if (drafts.length) related.push(this.idOf(rng.pick(drafts)));
        }
        if (how === "none") related = [];
        this.edit(story, (d) => setField(d, "related", how === "none" && rng.chance(0.5) ? undefined : `[${related.map(q).join(", ")}]`));
        return `related ${how} ${story}`;
      }
      case "draft":
      case "featured": {
        const target = kind === "draft" && rng.chance(0.2) && this.free(this.snippets()).length ? rng.pick(this.free(this.snippets())) : story;
        if (!target) return undefined;
        const on = !new RegExp(`^${kind}: true$`, "m").test(this.read(target));
        this.edit(target, (d) => setField(d, kind, on ? "true" : rng.chance(0.3) ? "false" : undefined));
        return `${kind} ${on ? "on" : "off"} ${target}`;
      }
      case "otherField": {
        if (!story) return undefined;
        const key = rng.pick(["summary", "subtitle", "editor", "source", "cover"] as const);
        const value =
          rng.chance(0.3) ? undefined
          : key === "cover" ? q(rng.pick(["/img/cover-1.jpg", "/img/cover-2.jpg", "https://example.org/a.jpg"]))
          : q(this.phrase());
        // A cover names a picture that is there: a missing one is an error (as a broken edit would be).
        if (key === "cover") for (const rel of COVER_FILES) if (!this.exists(rel)) this.put(rel, COVER_JPEGS[this.n++ % 2]!);
        this.edit(story, (d) => setField(d, key, value));
        return `${key} ${value === undefined ? "removed" : "set"} ${story}`;
      }
      case "lifecycle": {
        // What happens to a story once out: updated, corrected, withdrawn, expired, moved, or
        // put off to a date still to come. Every date is kept after the story's own (2020–2024,
        // or 2099 once put off), so no edit here makes a mistake.
        if (!story) return undefined;
        const key = rng.pick(["updated", "correction", "retracted", "expires", "aliases", "scheduled", "exclude"] as const);
        const putOff = /^date: "?2099/m.test(this.read(story));
        const later = () => `"2025-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")} ${String(rng.int(0, 23)).padStart(2, "0")}:00"`;
        if (putOff && key !== "scheduled" && key !== "retracted" && key !== "aliases" && key !== "exclude") return undefined;
        this.edit(story, (d) => {
          const off = rng.chance(0.3);
          if (key === "updated") return setField(d, "updated", off ? undefined : later());
          if (key === "expires") return setField(d, "expires", off ? undefined : rng.chance(0.5) ? later() : '"2099-12-31 08:00"');
          if (key === "correction") return setField(d, "correction", off ? undefined : rng.chance(0.5) ? q(this.phrase()) : `[{ date: ${later()}, text: ${q(this.phrase())} }, { date: ${later()}, text: ${q(this.phrase())} }]`);
          if (key === "retracted") {
            const on = !/^retracted: true$/m.test(joinDoc(d));
            return setField(setField(d, "retracted", on ? "true" : undefined), "retraction", on && rng.chance(0.7) ? q(this.phrase()) : undefined);
          }
          if (key === "exclude") return setField(d, "related_exclude", off ? undefined : `[${some(rng, this.articles(), 1, 3).map((f) => q(path.basename(f, ".md"))).join(", ")}]`);
          if (key === "aliases") return setField(d, "aliases", off ? undefined : `[${q(`/xnxw/${this.fresh("old")}.shtml`)}${rng.chance(0.3) ? `, ${q(`/old/${this.fresh("old")}/`)}` : ""}]`);
          // Put off, its later dates go: they would be before it.
          if (putOff) return setField(d, "date", formatDate(Date.UTC(2022, 5, rng.int(1, 28), 1) / 60_000, "iso"));
          const cleared = ["updated", "expires", "correction"].reduce((doc, k) => setField(doc, k, undefined), d);
          return setField(cleared, "date", `"2099-0${rng.int(1, 9)}-01 08:00"`);
        });
        return `${key} ${story}`;
      }
      case "idField": {
        if (!story) return undefined;
        const had = field(parseDoc(this.read(story)), "id") !== undefined;
        const id = had && rng.chance(0.5) ? undefined : this.fresh("alias");
        this.edit(story, (d) => setField(d, "id", id === undefined ? undefined : rng.chance(0.5) ? q(id) : id));
        return `id ${id ?? "removed"} ${story}`;
      }
      case "addArticle": {
        const id = this.fresh("new");
        const minutes = parseDate(formatDate(Date.UTC(rng.int(2021, 2023), rng.int(0, 11), rng.int(1, 28), rng.int(0, 14), rng.int(0, 59)) / 60_000, "iso"));
        const [yyyy, mm] = formatDate(minutes, "iso").split("-");
        const rel = rng.chance(0.8) ? `content/articles/${yyyy}/${mm}/${id}.md` : `content/articles/extra/${id}.md`;
        const fm = [`title: ${q(this.phrase())}`, `date: ${formatDate(minutes, rng.pick(["iso", "iso", "local", "day"] as const))}`, `channel: ${q(rng.pick(this.slugs))}`];
        if (rng.chance(0.7)) fm.push(`byline: ${q(`记者 ${rng.pick(NAMES)}`)}`);
        if (rng.chance(0.8)) fm.push(`tags: [${some(rng, this.tagPool, 1, 3).map(q).join(", ")}]`);
        if (rng.chance(0.4)) fm.push(`related: [${some(rng, this.allIds(), 1, 3).map(q).join(", ")}]`);
        if (rng.chance(0.1)) fm.push("featured: true");
        if (rng.chance(0.1)) fm.push("draft: true");
        const paras = Array.from({ length: rng.int(1, 4) }, () => Array.from({ length: rng.int(1, 6) }, () => this.phrase()).join(","));
        this.put(rel, `---\n${fm.join("\n")}\n---\n\n${paras.join("。\n\n")}。\n`);
        return `add article ${rel}`;
      }
      case "addSnippet": {
        const rel = `content/snippets/${this.fresh("kx-new")}.md`;
        const minutes = Date.UTC(rng.int(2021, 2023), rng.int(0, 11), rng.int(1, 28), rng.int(0, 14)) / 60_000;
        const fm = [`title: ${q(this.phrase())}`, `date: ${formatDate(minutes, "iso")}`];
        if (rng.chance(0.7)) fm.push(`channel: ${q(rng.pick(this.slugs))}`);
        if (rng.chance(0.5)) fm.push(`url: ${q(`https://epaper.example.org/${this.n}.htm`)}`);
        this.put(rel, `---\n${fm.join("\n")}\n---\n${this.phrase()}。\n`);
        // A new snippet is worth nothing until a story names it.
        if (story && rng.chance(0.6)) this.edit(story, (d) => setField(d, "related", `[${[path.basename(rel, ".md"), ...listOf(field(d, "related"))].map(q).join(", ")}]`));
        return `add snippet ${rel}`;
      }
      case "deleteStory": {
        const snippets = this.free(this.snippets());
        const target = rng.chance(0.25) && snippets.length ? rng.pick(snippets) : articles.length > 15 ? story : undefined;
        if (!target) return undefined;
        this.put(target, null);
        return `delete ${target}`;
      }
      case "renameStory": {
        const target = rng.chance(0.2) && this.free(this.snippets()).length ? rng.pick(this.free(this.snippets())) : story;
        if (!target) return undefined;
        const keepName = rng.chance(0.3);
        const dir = target.startsWith("content/snippets/") ? "content/snippets" : keepName ? "content/articles/moved" : path.dirname(target);
        const to = `${dir}/${keepName ? path.basename(target) : `${this.fresh("renamed")}.md`}`;
        if (to === target || this.exists(to)) return undefined;
        const text = this.read(target);
        this.put(target, null);
        this.put(to, text);
        return `rename ${target} → ${to}`;
      }
      case "snippet": {
        const snippets = this.free(this.snippets());
        if (!snippets.length) return undefined;
        const target = rng.pick(snippets);
        const key = rng.pick(["title", "date", "channel", "url", "body"] as const);
        if (key === "body") this.edit(target, (d) => ({ fm: d.fm, body: `${this.phrase()}。\n` }));
        else
          this.edit(target, (d) => {
            if (key === "title") return setField(d, "title", q(this.phrase()));
            if (key === "date") return setField(d, "date", formatDate(parseDate(field(d, "date")!) + rng.int(-3, 3) * 20_000, "iso"));
            // An unknown channel on a snippet is only a warning.
            if (key === "channel") return setField(d, "channel", rng.chance(0.3) ? undefined : q(rng.chance(0.15) ? "nowhere" : rng.pick(this.slugs)));
            return setField(d, "url", rng.chance(0.4) ? undefined : q(`https://epaper.example.org/${this.n++}.htm`));
          });
        return `snippet ${key} ${target}`;
      }
      case "template":
        return this.templateEdit();
      case "public":
        return this.publicEdit();
      case "page": {
        const pages = this.free(this.pages());
        const how = !pages.length ? "add" : rng.pick(["add", "title", "body", "delete"] as const);
        if (how === "add") {
          const rel = `content/pages/${this.fresh("page")}.md`;
          this.put(rel, `---\ntitle: ${q(this.phrase())}\n---\n\n${this.phrase()}。\n`);
          return `add page ${rel}`;
        }
        const target = rng.pick(pages);
        if (how === "delete") this.put(target, null);
        else this.edit(target, (d) => (how === "title" ? setField(d, "title", q(this.phrase())) : { fm: d.fm, body: `\n${this.phrase()}。\n` }));
        return `page ${how} ${target}`;
      }
      case "siteYml": {
        const rel = "content/site.yml";
        if (this.locked().has(rel)) return undefined;
        const how = rng.pick(["pageSize", "pageSize", "title", "channelName", "lists", "lists"] as const);
        const text = this.read(rel);
        if (how === "lists") {
          // 专题 and reporters' profiles, kept after a marker line at the end, or removed.
          const [settings] = text.split("\n# lists\n");
          const ids = this.articles().slice(0, rng.int(0, 2)).map((f) => q(path.basename(f, ".md")));
          const topics = `topics:\n  - { slug: t${this.n++}, title: ${q(this.phrase())}, tags: [${some(rng, this.tagPool, 1, 2).map(q).join(", ")}], ids: [${ids.join(", ")}], home: ${rng.chance(0.5)} }\n`;
          const reporters = `reporters:\n  - { name: ${q(rng.pick(NAMES))}, title: ${q(this.phrase())}, names: [${q(rng.pick(NAMES))}] }\n`;
          const block = rng.pick(["", topics, reporters, topics + reporters]);
          this.put(rel, block ? `${settings!.replace(/\n*$/, "\n")}\n# lists\n${block}` : settings!);
        } else if (how === "pageSize") this.put(rel, text.replace(/^pageSize: \d+$/m, `pageSize: ${rng.pick([3, 7, 20])}`));
        else if (how === "title") this.put(rel, text.replace(/^title: .*$/m, `title: ${q(rng.pick(["咸宁新闻网", "咸宁新闻网 · 测试", "香城新闻"]))}`));
        else {
          const names = [...text.matchAll(/name: "([^"]+)"/g)];
          const name = rng.pick(names);
          this.put(rel, text.slice(0, name.index) + `name: ${q(`${name[1]}${this.n++}`)}` + text.slice(name.index + name[0].length));
        }
        return `site.yml ${how}`;
      }
      case "notStory": {
        // Files under content/ that are not stories: a build reads none of them, and dev must not either.
        const how = rng.pick(["note", "note", "backup", "hidden", "remove"] as const);
        const strays = this.free(this.list("content")).filter((f) => !isStoryFile(f) && f !== "content/site.yml" && !f.endsWith(".xnews-generated"));
        if (how === "remove") {
          if (!strays.length) return undefined;
          const target = rng.pick(strays);
          this.put(target, null);
          return `not a story: deleted ${target}`;
        }
        if (how === "note") {
          const rel = rng.pick(["content/notes.txt", "content/articles/readme.txt", "content/notes/todo.md", "content/img/a.png"]);
          this.put(rel, `${this.phrase()}\n`);
          return `not a story: wrote ${rel}`;
        }
        // A story renamed to a name that is not a story's (a backup, a hidden file), and back later by "remove" and "add".
        if (!story) return undefined;
        const to = how === "backup" ? `${story}.bak` : `${path.dirname(story)}/.${path.basename(story)}`;
        if (this.exists(to)) return undefined;
        const text = this.read(story);
        this.put(story, null);
        this.put(to, text);
        return `not a story: renamed ${story} → ${to}`;
      }
      case "touch": {
        const files = this.free([...this.articles(), ...this.snippets(), ...this.list("templates"), ...this.list("public")]);
        const target = rng.pick(files);
        // As bytes: a picture read as text would come back garbled.
        this.put(target, fs.readFileSync(this.file(target)));
        return `touch ${target}`;
      }
    }
  }

  private dateEdit(story: string): string {
    const rng = this.rng;
    const doc = parseDoc(this.read(story));
    const channel = unquote(field(doc, "channel"));
    // Not a story put off to 2099 (lifecycle): its date would be before this one's updated: or corrections.
    const mates = this.articles().filter((f) => f !== story && unquote(field(parseDoc(this.read(f)), "channel")) === channel && !/^date: "?2099/m.test(this.read(f)));
    const how = mates.length ? rng.pick(["neighbour", "neighbour", "tie", "month", "month", "style"] as const) : "month";
    let minutes: number;
    let style = rng.pick(["iso", "iso", "iso", "local", "utc"] as const) as "iso" | "local" | "day" | "utc";
    if (how === "neighbour" || how === "tie") {
      const other = parseDate(field(parseDoc(this.read(rng.pick(mates))), "date")!);
      minutes = how === "tie" ? other : other + rng.pick([-1, 1]) * rng.int(1, 120);
    } else if (how === "month") {
      minutes = Date.UTC(rng.int(2020, 2024), rng.int(0, 11), rng.int(1, 28), rng.int(0, 14), rng.int(0, 59)) / 60_000;
      if (rng.chance(0.15)) style = "day";
    } else {
      minutes = parseDate(field(doc, "date")!);
      style = rng.pick(["iso", "local", "utc"] as const);
    }
    this.edit(story, (d) => setField(d, "date", formatDate(minutes, style)));
    return `date ${how} ${formatDate(minutes, style)} ${story}`;
  }

  private templateEdit(): string | undefined {
    const rng = this.rng;
    const locked = this.locked();
    const own = this.list("templates").filter((t) => !locked.has(t));
    const layout = "templates/layout.njk";
    const extra = "templates/partials/extra.njk";
    const includesExtra = this.exists(layout) && this.read(layout).includes("partials/extra.njk");
    const how = rng.pick(["copy", "copy", "edit", "edit", "delete", "extra", "unused"] as const);
    if (how === "unused") {
      // A template nothing uses: nothing to write.
      this.put("templates/unused.njk", `<p>${this.phrase()}</p>\n`);
      return "template unused.njk written";
    }
    if (how === "extra") {
      if (locked.has(layout) || locked.has(extra)) return undefined;
      if (includesExtra) {
        this.put(extra, `<p class="extra">${this.phrase()}</p>\n`);
        return "template extra.njk edited";
      }
      this.put(extra, `<p class="extra">${this.phrase()}</p>\n`);
      const text = this.exists(layout) ? this.read(layout) : BUILT_IN_TEMPLATES.get("layout.njk")!;
      this.put(layout, text.replace("</body>", '{% include "partials/extra.njk" %}\n</body>'));
      return "template extra.njk added and included by layout.njk";
    }
    if (how === "delete") {
      const deletable = own.filter((t) => !(t === extra && includesExtra));
      if (!deletable.length) return undefined;
      const target = rng.pick(deletable);
      this.put(target, null);
      return `template deleted ${target}`;
    }
    let target: string;
    let text: string;
    if (how === "edit" && own.length) {
      target = rng.pick(own);
      text = this.read(target);
    } else {
      const name = rng.pick([...BUILT_IN_TEMPLATES.keys()]);
      target = `templates/${name}`;
      if (locked.has(target)) return undefined;
      text = this.exists(target) ? this.read(target) : BUILT_IN_TEMPLATES.get(name)!;
    }
    const runs = [...text.matchAll(/[\u4e00-\u9fff]{2,}/g)];
    if (runs.length && rng.chance(0.7)) {
      const run = rng.pick(runs);
      text = text.slice(0, run.index) + `改${this.n++}` + text.slice(run.index);
    } else {
      // A line of text anywhere: inside a block it shows, outside one in a child template it does not.
      const lines = text.split("\n");
      lines.splice(rng.int(0, lines.length - 1), 0, `<!-- 模板改动 ${this.n++} -->`);
      text = lines.join("\n");
    }
    this.put(target, text);
    return `template ${how === "edit" && own.includes(target) ? "edited" : "copied and edited"} ${target}`;
  }

  private publicEdit(): string | undefined {
    const rng = this.rng;
    // Covers are replaced by other pictures, never deleted or garbled: stories may name them.
    const own = this.list("public").filter((rel) => !COVER_FILES.includes(rel));
    const how = rng.pick(["add", "add", "change", "delete", "css", "cover"] as const);
    if (how === "add") {
      const rel = rng.chance(0.7) ? `public/img/${this.fresh("x")}.txt` : `public/docs/${this.fresh("d")}/a.txt`;
      this.put(rel, `${this.phrase()}\n`);
      return `public add ${rel}`;
    }
    if (how === "cover") {
      const rel = rng.pick(COVER_FILES);
      // Another picture, or the same one with a trailer (bytes after its end): a new stamp either way.
      const picture = COVER_JPEGS[this.n++ % 2]!;
      this.put(rel, rng.chance(0.5) ? picture : Buffer.concat([picture, Buffer.from(`trailer ${this.n++}`)]));
      return `public cover put ${rel}`;
    }
    if (how === "css") {
      const rel = "public/css/site.css";
      const remove = this.exists(rel) && rng.chance(0.4);
      this.put(rel, remove ? null : `${this.exists(rel) ? this.read(rel) : BUILT_IN_CSS}\n.x${this.n++} { color: red; }\n`);
      return `public ${remove ? "deleted (xnews's own again)" : "changed"} ${rel}`;
    }
    if (!own.length) return undefined;
    const target = rng.pick(own);
    this.put(target, how === "delete" ? null : `${this.read(target)}${this.phrase()}\n`);
    return `public ${how} ${target}`;
  }

  // -- broken edits and their fixes

  private breakSomething(): string {
    const rng = this.rng;
    for (;;) {
      const how = rng.pick(["yaml", "noTitle", "badDate", "channel", "duplicateId", "snippetTitle", "templateInclude", "templateSyntax", "pageSize", "publicCollision", "pageId"] as const);
      const articles = this.free(this.articles());
      if (how === "publicCollision") {
        // A public/ file where a page goes: two things written to one file.
        const rel = `public/${rng.pick(["index.html", "404.html", "about.html", "yaowen/index.html", "index.xml"])}`;
        if (this.exists(rel) || this.locked().has(rel)) continue;
        this.put(rel, `<p>${this.phrase()}</p>\n`);
        this.pending.push({ label: `${how} ${rel}`, fix: [[rel, null]], locked: [rel, "content/pages/about.md"] });
        return `BREAK ${how} ${rel}`;
      }
      if (how === "pageId") {
        // A stand-alone page with an article's id.
        if (!articles.length) continue;
        const other = rng.pick(articles);
        const rel = `content/pages/${this.idOf(other)}.md`;
        if (this.exists(rel)) continue;
        this.put(rel, `---\ntitle: ${q(this.phrase())}\n---\n\n${this.phrase()}。\n`);
        this.pending.push({ label: `${how} ${rel}`, fix: [[rel, null]], locked: [rel, other] });
        return `BREAK ${how} ${rel}`;
      }
      if (how === "templateInclude" || how === "templateSyntax") {
        const name = rng.pick(["layout.njk", "article.njk", "partials/footer.njk", "channel.njk"]);
        const rel = `templates/${name}`;
        if (this.locked().has(rel)) continue;
        const before = this.exists(rel) ? this.read(rel) : null;
        const text = before ?? BUILT_IN_TEMPLATES.get(name)!;
        this.put(rel, how === "templateInclude" ? `${text}{% include "partials/missing.njk" %}\n` : `${text}{% if unclosed %}\n`);
        this.pending.push({ label: `${how} ${rel}`, fix: [[rel, before]], locked: [rel, "templates/partials/extra.njk"] });
        return `BREAK ${how} ${rel}`;
      }
      if (how === "pageSize") {
        const rel = "content/site.yml";
        if (this.locked().has(rel)) continue;
        const before = this.read(rel);
        this.put(rel, before.replace(/^pageSize: \d+$/m, "pageSize: 0"));
        this.pending.push({ label: `pageSize 0`, fix: [[rel, before]], locked: [rel] });
        return "BREAK site.yml pageSize: 0";
      }
      const snippets = this.free(this.snippets());
      const target = how === "snippetTitle" ? (snippets.length ? rng.pick(snippets) : undefined) : articles.length > 1 ? rng.pick(articles) : undefined;
      if (!target) continue;
      const before = this.read(target);
      const locked = [target];
      const doc = parseDoc(before);
      let broken: string;
      if (how === "yaml") broken = joinDoc(rng.chance(0.5) ? setField(doc, "title", '"没有结尾的引号') : setField(doc, "tags", '["未闭合", "列表"'));
      else if (how === "noTitle" || how === "snippetTitle") broken = joinDoc(setField(doc, "title", undefined));
      else if (how === "badDate") broken = joinDoc(setField(doc, "date", "2022-02-30"));
      else if (how === "channel") broken = joinDoc(setField(doc, "channel", q(rng.pick(["nowhere", "chibbi"]))));
      else {
        const other = rng.pick(articles.filter((f) => f !== target));
        locked.push(other);
        broken = joinDoc(setField(doc, "id", q(this.idOf(other))));
      }
      this.put(target, broken);
      this.pending.push({ label: `${how} ${target}`, fix: [[target, before]], locked, story: target });
      return `BREAK ${how} ${target}`;
    }
  }

  private fix(): string {
    const p = this.pending.splice(this.rng.int(0, this.pending.length - 1), 1)[0]!;
    if (p.story && this.rng.chance(0.2)) {
      this.put(p.story, null);
      return `FIX by deleting ${p.story} (${p.label})`;
    }
    for (const [rel, text] of p.fix) this.put(rel, text);
    if (p.story && this.rng.chance(0.3)) this.edit(p.story, (d) => setField(d, "title", q(this.phrase())));
    return `FIX ${p.label}`;
  }
}

// ---------------------------------------------------------------- running and checking a sequence

/** The changes a step makes, as the watcher would report them: a file deleted and made again is changed. */
function changesOf(root: string, ops: Ops, existedBefore: (rel: string) => boolean): FileChange[] {
  const out: FileChange[] = [];
  for (const [rel, text] of ops) {
    const before = existedBefore(rel);
    if (text === null && !before) continue;
    out.push({ kind: text === null ? "unlink" : before ? "change" : "add", file: path.join(root, rel) });
  }
  return out;
}

type Tree = Map<string, Buffer>;

const MARKER = ".xnews-output";

function readTree(dir: string): Tree {
  return new Map(listTree(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

const shown = (ds: readonly Diagnostic[]) => sortDiagnostics(ds).map(formatDiagnostic);

/** A short account of how two versions of a file differ: the first differing line of each. */
function byteDiff(route: string, dev: Buffer | undefined, full: Buffer | undefined): string {
  if (!dev || !full) return `  ${route}: ${dev ? "only in dev's output" : "missing from dev's output"}`;
  const a = dev.toString("utf8").split("\n");
  const b = full.toString("utf8").split("\n");
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const cut = (s: string | undefined) => (s === undefined ? "(end of file)" : s.length > 300 ? `${s.slice(0, 300)}…` : s);
  return `  ${route} (${dev.length} bytes in dev, ${full.length} in the build), line ${i + 1}:\n    dev:   ${cut(a[i])}\n    build: ${cut(b[i])}`;
}

function treeDiff(dev: Tree, full: Tree): string[] {
  const routes = [...new Set([...dev.keys(), ...full.keys()])].sort();
  return routes.filter((r) => !dev.get(r) || !full.get(r) || !dev.get(r)!.equals(full.get(r)!));
}

interface Failure {
  /** output | report | kept | status | problems | expectation */
  kind: string;
  step: number;
  message: string;
}

interface Run {
  steps: Step[];
  failure?: Failure;
  broken: number;
  good: number;
}

/**
 * Runs a sequence on a fresh copy of the corpus: made up as it goes from `seed`, or replayed from
 * `steps`. Stops at the first step where dev and the full build disagree.
 */
async function runSequence(source: { seed: string; steps: number } | { replay: Step[] }): Promise<Run> {
  const project = tempDir("xnews-diff-");
  fs.cpSync(generatedSite("differential", 60), project, { recursive: true });
  const out = path.join(project, "dist");
  const scratch = tempDir("xnews-diff-full-");
  const session = new DevSession(pathsOf(project));
  const first = session.start();
  const run: Run = { steps: [], broken: 0, good: 0 };
  /** dev's output after the last good step: nothing before the first build. */
  let last: Tree = new Map();
  const editor = "seed" in source ? new Editor(project, createRandom(source.seed)) : undefined;
  const replay = "replay" in source ? source.replay : [];
  const count = "seed" in source ? source.steps : replay.length;

  const check = async (index: number, report: RebuildReport, label: string): Promise<Failure | undefined> => {
    const fail = (kind: string, detail: string): Failure => ({ kind, step: index, message: `step ${index} (${label}): ${detail}` });
    const fresh = path.join(scratch, `full-${index}`, "dist");
    let buildError: UserError | undefined;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = (await buildProject(project, fresh)).report.diagnostics;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      buildError = e;
      diagnostics = e.diagnostics;
    }
    try {
      const devErrors = report.problems.some((p) => p.severity === "error");
      if (devErrors !== Boolean(buildError)) {
        return fail("status", `dev ${devErrors ? "reports errors" : "reports no error"} but the full build ${buildError ? `fails:\n${buildError.message}` : "succeeds"}\ndev's problems:\n${shown(report.problems).join("\n")}`);
      }
      const dev = readTree(out);
      if (buildError) {
        run.broken++;
        const changed = treeDiff(dev, last);
        if (changed.length || report.written.length || report.deleted.length) {
          return fail("kept", `with errors, dev's output is not the last good site: ${changed.length} files differ, written ${JSON.stringify(report.written)}, deleted ${JSON.stringify(report.deleted)}\n${changed.slice(0, 3).map((r) => byteDiff(r, dev.get(r), last.get(r))).join("\n")}`);
        }
      } else {
        run.good++;
        const full = readTree(fresh);
        const differing = treeDiff(dev, full);
        if (differing.length) {
          return fail("output", `dev's output differs from a full build in ${differing.length} files: ${differing.slice(0, 10).join(", ")}\n${differing.slice(0, 3).map((r) => byteDiff(r, dev.get(r), full.get(r))).join("\n")}`);
        }
        // The marker that says the folder is xnews's output is not a route: reports never name it.
        const changed = [...full.keys()].filter((r) => r !== MARKER && !last.get(r)?.equals(full.get(r)!));
        const gone = [...last.keys()].filter((r) => !full.has(r));
        const written = [...report.written].sort();
        const deleted = [...report.deleted].sort();
        if (JSON.stringify(written) !== JSON.stringify(changed) || JSON.stringify(deleted) !== JSON.stringify(gone)) {
          const extra = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).slice(0, 10);
          return fail(
            "report",
            `the report does not name exactly the files that changed: written but unchanged ${JSON.stringify(extra(written, changed))}, changed but not written ${JSON.stringify(extra(changed, written))}, deleted but present ${JSON.stringify(extra(deleted, gone))}, gone but not deleted ${JSON.stringify(extra(gone, deleted))}`,
          );
        }
        last = dev;
      }
      if (JSON.stringify(shown(report.problems)) !== JSON.stringify(shown(diagnostics))) {
        return fail("problems", `dev's problems differ from the full build's:\ndev:\n${shown(report.problems).join("\n")}\nbuild:\n${shown(diagnostics).join("\n")}`);
      }
      const expectBroken = editor ? editor.pending.length > 0 : undefined;
      if (expectBroken !== undefined && expectBroken !== Boolean(buildError)) {
        return fail("expectation", `the test expected the project to be ${expectBroken ? "broken" : "good"}; the build ${buildError ? `failed:\n${buildError.message}` : "succeeded"}`);
      }
      return undefined;
    } finally {
      fs.rmSync(path.join(scratch, `full-${index}`), { recursive: true, force: true });
    }
  };

  run.failure = await check(0, first, "first build");
  for (let i = 1; i <= count && !run.failure; i++) {
    let step: Step;
    let changes: FileChange[];
    if (editor) {
      // The editor writes as it goes.
      const next = editor.next();
      step = next.step;
      changes = changesOf(project, step.ops, next.existed);
    } else {
      step = replay[i - 1]!;
      const existed = new Set(step.ops.filter(([rel]) => fs.existsSync(path.join(project, rel))).map(([rel]) => rel));
      for (const [rel, text] of step.ops) {
        const file = path.join(project, rel);
        if (text === null) fs.rmSync(file, { force: true });
        else {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, text);
        }
      }
      changes = changesOf(project, step.ops, (rel) => existed.has(rel));
    }
    run.steps.push(step);
    run.failure = await check(i, session.apply(changes), step.label);
    // Let the test runner's messages through: a build in this process does not wait on anything.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return run;
}

/** The fewest steps (found by removing chunks, then single steps) that still fail the same way. */
async function shrink(steps: Step[], kind: string): Promise<Step[]> {
  const fails = async (candidate: Step[]) => (await runSequence({ replay: candidate })).failure?.kind === kind;
  let current = steps;
  for (let chunk = Math.max(1, current.length >> 1); chunk >= 1; chunk = chunk === 1 ? 0 : chunk >> 1) {
    for (let start = current.length - chunk; start >= 0; start -= chunk) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (candidate.length && (await fails(candidate))) current = candidate;
    }
  }
  return current;
}

function describeSteps(steps: Step[]): string {
  return steps
    .map((s, i) => `${i + 1}. ${s.label}\n${s.ops.map(([rel, text]) => `     ${rel}: ${text === null ? "(deleted)" : JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}`).join("\n")}`)
    .join("\n");
}

describe("xnews dev, after every step of a random sequence of edits, writes what a full build writes", () => {
  it.each(SEEDS)(
    `seed %s (${STEPS} steps)`,
    async (seed) => {
      const run = await runSequence({ seed, steps: STEPS });
      let message = "";
      if (run.failure) {
        const { kind, step } = run.failure;
        message = `seed ${seed}, ${run.failure.message}\nthe steps before it:\n${run.steps
          .slice(Math.max(0, step - 8), step - 1)
          .map((s, i) => `  ${Math.max(0, step - 8) + i + 1}. ${s.label}`)
          .join("\n")}`;
        if (SHRINK && kind !== "expectation") {
          const minimal = await shrink(run.steps.slice(0, step), kind);
          const replay = await runSequence({ replay: minimal });
          message += `\n\nminimal sequence (${minimal.length} steps; fails with: ${replay.failure?.message}):\n${describeSteps(minimal)}`;
        } else if (kind !== "expectation") message += "\n(XNEWS_DIFF_SHRINK=1 cuts the sequence down to the fewest steps that fail)";
      }
      expect(run.failure, message).toBeUndefined();
      // The sequence went through broken states and good ones (a long one does).
      if (STEPS >= 50) {
        expect(run.broken).toBeGreaterThan(0);
        expect(run.good).toBeGreaterThan(STEPS / 2);
      }
    },
    SHRINK ? 3_600_000 : 120_000,
  );
});
