// npm run bench:dev: with xnews dev watching a 10,000-story site, the time from saving one story
// (a body-only edit) to its page and every page that shows it being written.
import fs from "node:fs";
import path from "node:path";
import { startDev } from "../dev/dev.js";
import type { RebuildReport } from "../dev/session.js";
import { BUILTIN_TEMPLATES } from "../render/environment.js";
import { benchCorpus, median } from "./corpus-cache.js";

const ARTICLES = Number(process.argv[2] ?? 10000);
const EDITS = 20;

const corpus = benchCorpus(ARTICLES);
const work = path.join(path.dirname(corpus), `dev-${ARTICLES}`);
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(path.join(corpus, "content"), path.join(work, "content"), { recursive: true });
fs.mkdirSync(path.join(work, "public"));

let waiting: ((r: RebuildReport) => void) | undefined;
const started = performance.now();
const dev = await startDev(
  { contentDir: path.join(work, "content"), templatesDir: BUILTIN_TEMPLATES, publicDir: path.join(work, "public"), outDir: path.join(work, "dist") },
  { host: "127.0.0.1", port: 0, log: () => {}, onRebuild: (r) => waiting?.(r) },
);
console.log(`dev: first build of ${ARTICLES} stories and watching in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const files = (fs.readdirSync(path.join(work, "content/articles"), { recursive: true }) as string[]).filter((f) => f.endsWith(".md")).sort();
const stories = files.map((f) => path.join(work, "content/articles", f)).filter((f) => !/^draft: true$/m.test(fs.readFileSync(f, "utf8")));
/** Saves EDITS stories, one at a time, each edited by `edit`; times save → rebuild written. */
async function series(label: string, edit: (text: string, i: number) => string, breakFirst = false): Promise<void> {
  const times: number[] = [];
  const written: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const file = stories[Math.floor(((i + 0.5) * stories.length) / EDITS)]!;
    const edited = edit(fs.readFileSync(file, "utf8"), i);
    await new Promise((r) => setTimeout(r, 150)); // let the watcher settle between edits
    if (breakFirst) {
      // The file saved broken (a title that is not closed), its problem shown; the fix is timed.
      const shown = new Promise<RebuildReport>((resolve) => (waiting = resolve));
      fs.writeFileSync(file, edited.replace(/^title: "/m, "title: ["));
      const broken = await shown;
      if (!broken.problems.some((p) => p.severity === "error")) throw new Error("the broken save was not reported");
      await new Promise((r) => setTimeout(r, 150));
    }
    const report = new Promise<RebuildReport>((resolve) => (waiting = resolve));
    const t0 = performance.now();
    fs.writeFileSync(file, edited);
    const r = await report;
    times.push(performance.now() - t0);
    written.push(r.written.length);
    if (r.problems.some((p) => p.severity === "error")) throw new Error(`edit ${i + 1} broke the site: ${r.problems[0]!.message}`);
  }
  console.log(`dev: ${EDITS} ${label} of a ${ARTICLES}-story site, save → pages written:`);
  console.log(`  median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); files written: median ${median(written)}, max ${Math.max(...written)}`);
  console.log(`  per edit (ms/files): ${times.map((t, i) => `${t.toFixed(0)}/${written[i]}`).join(" ")}`);
}

// The worst body-only edit: the lead, which 相关新闻 teasers and list summaries show elsewhere.
await series("edits of a story's lead", (text, i) => text.replace(/\n\n([^\n#])/, `\n\n(第${i + 1}次修改)$1`));
// The usual body-only edit: a later paragraph, shown on the story's own page only.
await series("edits of a later paragraph", (text, i) => `${text.trimEnd()}(第${i + 1}次补充)\n`);
// Not body-only, for comparison: a tag, which reorders 相关新闻 lists across the site.
await series("tag edits", (text, i) => text.replace(/^tags: \[/m, `tags: ["新标签${i % 3}", `));
// Recovery: a story saved broken, then fixed; times the fix → the site written again.
await series("fixes of a story saved broken a moment before", (text, i) => text.replace(/^title: .*$/m, `title: "修好的标题 ${i}"`), true);
await dev.close();
