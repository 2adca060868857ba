// npm run bench:inputs: `xnews check` (in process, diagnostics sorted and formatted as the CLI
// prints them) on inputs of growing size, one kind of input at a time. For each size: the time,
// and how much it grew per doubling of the size: about 2 is linear, 4 is quadratic.
// A size that takes longer than the budget (BENCH_BUDGET seconds, 60 by default) ends its series.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspectProject } from "../build/build.js";
import { formatDiagnostic, sortDiagnostics } from "../diagnostics.js";
import { BUILTIN_TEMPLATES } from "../render/environment.js";

interface InputCase {
  name: string;
  sizes: number[];
  label(size: number): string;
  /** The project's content/ files, path → text. */
  files(size: number): Record<string, string>;
}

const SITE_YML = `title: 测试新闻网
url: https://example.org
channels:
  - slug: yaowen
    name: 要闻
  - slug: shehui
    name: 社会
`;

const story = (fields: string[], body: string) => `---\n${fields.join("\n")}\n---\n\n${body}\n`;
const SENTENCE = "咸宁新闻网讯(记者周阳 通讯员高树军)日前,市政府办印发《咸宁市重点产品质量提升工作方案》,to be read in full.";
const LEAD = "咸宁新闻网讯 日前,市政府办印发《咸宁市重点产品质量提升工作方案》,明确了全市重点产品质量提升的目标、任务和保障措施";

/** A body of `bytes` UTF-8 bytes: paragraphs of a few lines each, Chinese and Latin mixed. */
function longBody(bytes: number): string {
  const paragraph = `${SENTENCE}\n${SENTENCE}\n${SENTENCE}\n\n`;
  return paragraph.repeat(Math.ceil(bytes / Buffer.byteLength(paragraph)));
}

/** `total` warnings' worth of front matter, 6,500 a story: a file holds at most 100,000 YAML values. */
function perStory(total: number, fields: (story: number, count: number) => string[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0, left = total; left > 0; i++, left -= 6500) files[`articles/story-${i}.md`] = story(fields(i, Math.min(6500, left)), "正文。");
  return files;
}

const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

const CASES: InputCase[] = [
  {
    name: "story body",
    sizes: [1, 2, 4],
    label: (mb) => `${mb} MB`,
    files: (mb) => ({ "articles/long.md": story(["title: 长文", "date: 2021-03-04", "channel: yaowen"], longBody(mb * 1024 * 1024)) }),
  },
  {
    name: "dangling related ids (one per story)",
    sizes: [1000, 2000, 5000, 10000],
    label: (n) => `${k(n)} ids`,
    files: (n) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < n; i++) {
        files[`articles/2021-story-${i}.md`] = story(["title: 标题", "date: 2021-03-04", "channel: yaowen", `related: [old-cms-node-${(i * 7919) % 1_000_003}]`], "正文。");
      }
      return files;
    },
  },
  {
    name: "articles that share a tag (咸宁 on four in five)",
    sizes: [5000, 10000, 20000],
    label: (n) => `${k(n)} articles`,
    files: (n) => {
      const files: Record<string, string> = {};
      for (let i = 0; i < n; i++) {
        const tags = [...(i % 5 ? ["咸宁"] : []), `县${i % 6}`, `话题${(i * 7919) % (n >> 4)}`];
        const day = String(1 + (i % 28)).padStart(2, "0");
        files[`articles/s${i}.md`] = story(["title: 标题", `date: 2021-03-${day} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`, `channel: ${i % 3 ? "yaowen" : "shehui"}`, `tags: [${tags.join(", ")}]`], "正文。");
      }
      return files;
    },
  },
  {
    name: "dots before the end of a snippet",
    sizes: [10_000, 100_000, 1_000_000],
    label: (n) => `${k(n)} dots`,
    // The dots are followed by a closing quote: a regex anchored at the end retried every dot.
    files: (n) => ({ "snippets/dots.md": story(["title: 点", "date: 2021-03-04", "url: https://example.org/a"], `${LEAD}${".".repeat(n)}”`) }),
  },
  {
    name: "warnings: dangling related ids, 6,500 a story",
    sizes: [32_500, 65_000, 130_000],
    label: (n) => `${k(n)} warnings`,
    files: (n) => perStory(n, (i, count) => ["title: 标题", "date: 2021-03-04", "channel: yaowen", `related: [${Array.from({ length: count }, (_, j) => `gone-${i}-${j}`).join(", ")}]`]),
  },
  {
    name: "warnings: unknown fields, 6,500 a story",
    sizes: [32_500, 65_000, 130_000],
    label: (n) => `${k(n)} warnings`,
    files: (n) => perStory(n, (i, count) => ["title: 标题", "date: 2021-03-04", "channel: yaowen", ...Array.from({ length: count }, (_, j) => `old_field_${j}: x`)]),
  },
  {
    // Up to the limit (10,000 lines; more is a located error): gray-matter's comment regex costs lines squared.
    name: "blank lines in a front matter",
    sizes: [2_000, 4_000, 8_000],
    label: (n) => `${k(n)} lines`,
    files: (n) => ({ "articles/blank.md": story(["title: 标题", "\n".repeat(n), "date: 2021-03-04", "channel: yaowen"], "正文。") }),
  },
  {
    name: "spaces inside a front matter line",
    sizes: [25_000, 50_000, 100_000],
    label: (n) => `${k(n)} spaces`,
    files: (n) => ({ "articles/spaces.md": story(["title: 标题", "date: 2021-03-04", "channel: yaowen", `old${" ".repeat(n)}field: x`], "正文。") }),
  },
];

/** What `xnews check` does: every check, then the report as printed; returns the number of problems. */
function check(project: string): number {
  const { diagnostics } = inspectProject({
    contentDir: path.join(project, "content"),
    templatesDir: BUILTIN_TEMPLATES,
    publicDir: path.join(project, "public"),
    outDir: path.join(project, "dist"),
  });
  const report = sortDiagnostics(diagnostics).map(formatDiagnostic).join("\n");
  if (report.length === 0 && diagnostics.length) throw new Error("no report");
  return diagnostics.length;
}

const budget = Number(process.env.BENCH_BUDGET ?? 60) * 1000;
const only = process.argv.slice(2);

console.log("xnews check by input size (one run each; growth per doubling of the size: 2 is linear, 4 quadratic)");
for (const c of CASES) {
  if (only.length && !only.some((word) => c.name.includes(word))) continue;
  console.log(c.name);
  let previous: { size: number; ms: number } | undefined;
  let growth = 2;
  for (const size of c.sizes) {
    // At the growth seen so far, a size that would take far over the budget is foretold, not run.
    const foretold = previous ? previous.ms * growth ** Math.log2(size / previous.size) : 0;
    if (previous && previous.ms > budget / 50 && foretold > 4 * budget) {
      console.log(`  ${c.label(size).padStart(16)}  skipped: about ${(foretold / 1000).toFixed(0)} s at ×${growth.toFixed(1)} per doubling`);
      break;
    }
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "xnews-input-cost-"));
    try {
      fs.mkdirSync(path.join(project, "content"));
      fs.writeFileSync(path.join(project, "content/site.yml"), SITE_YML);
      for (const [rel, text] of Object.entries(c.files(size))) {
        fs.mkdirSync(path.dirname(path.join(project, "content", rel)), { recursive: true });
        fs.writeFileSync(path.join(project, "content", rel), text);
      }
      const started = performance.now();
      let outcome: string;
      try {
        outcome = `${check(project)} problems`;
      } catch (e) {
        outcome = `crashed: ${(e as Error).message.split("\n")[0]}`;
      }
      const ms = performance.now() - started;
      if (previous) growth = (ms / previous.ms) ** (1 / Math.log2(size / previous.size));
      const shown = previous ? `×${growth.toFixed(1)} per doubling` : "";
      console.log(`  ${c.label(size).padStart(16)}  ${(ms / 1000).toFixed(2).padStart(7)} s  ${shown.padEnd(18)}  ${outcome}`);
      previous = { size, ms };
      if (ms > budget) {
        console.log(`  (larger sizes skipped: this one took over the ${budget / 1000} s budget)`);
        break;
      }
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  }
}
