// npm run bench:dev: with xnews dev watching a 10,000-story site, the time from saving one story
// (a body-only edit of its lead) to its page and every page that shows it being written.
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
const times: number[] = [];
const written: number[] = [];
for (let i = 0; i < EDITS; i++) {
  const file = stories[Math.floor(((i + 0.5) * stories.length) / EDITS)]!;
  const text = fs.readFileSync(file, "utf8");
  // A body-only edit, in the lead: the story's page, and the teasers and summaries that show it.
  const edited = text.replace(/\n\n([^\n#])/, `\n\n(第${i + 1}次修改)$1`);
  await new Promise((r) => setTimeout(r, 150)); // let the watcher settle between edits
  const report = new Promise<RebuildReport>((resolve) => (waiting = resolve));
  const t0 = performance.now();
  fs.writeFileSync(file, edited);
  const r = await report;
  times.push(performance.now() - t0);
  written.push(r.written.length);
  if (r.problems.some((p) => p.severity === "error")) throw new Error(`edit ${i + 1} broke the site: ${r.problems[0]!.message}`);
}
await dev.close();
console.log(`dev: ${EDITS} body-only edits of a ${ARTICLES}-story site, save → pages written:`);
console.log(`  median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); files written: median ${median(written)}, max ${Math.max(...written)}`);
console.log(`  per edit (ms/files): ${times.map((t, i) => `${t.toFixed(0)}/${written[i]}`).join(" ")}`);
