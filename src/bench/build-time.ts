// npm run bench: `xnews build` as a user runs it (a new process each time, output on tmpfs where
// there is one), on generated sites of 1,000, 10,000 and 100,000 stories: a cold build, a build
// with nothing changed, one story published, one story's body edited; wall time (median of the
// runs) and the largest peak memory. One table, for the README.
//   node lib/bench/build-time.js [sizes...] [--runs N]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTIN_TEMPLATES } from "../render/environment.js";
import { benchCorpus, median } from "./corpus-cache.js";

const CLI = path.resolve(fileURLToPath(import.meta.url), "../../cli.js");
const PROBE = path.resolve(fileURLToPath(import.meta.url), "../peak-memory.js");

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const sizes = args.filter((a, i) => /^\d+$/.test(a) && (runsAt < 0 || i !== runsAt + 1)).map(Number);

interface Timing {
  ms: number;
  peakMiB: number;
}

/** Runs `xnews build` in a new process; its wall time and peak memory (reported by the probe on fd 3). */
function timedBuild(work: string, extra: string[] = []): Promise<Timing> {
  const started = performance.now();
  const argv = ["--import", PROBE, CLI, "build", "--quiet", "--content", "content", "--templates", BUILTIN_TEMPLATES, "--public", "public", "--out", "dist", ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: work, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    let peak = "";
    let stderr = "";
    child.stdio[3]!.on("data", (d: Buffer) => (peak += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`xnews build failed in ${work}:\n${stderr}`));
      else resolve({ ms: performance.now() - started, peakMiB: Number(peak) / 1024 });
    });
  });
}

const articleFiles = (work: string) => (fs.readdirSync(path.join(work, "content/articles"), { recursive: true }) as string[]).filter((f) => f.endsWith(".md")).sort();

/** A story dated just after the newest (same day, so the footer's year stays). */
function publish(work: string, n: number): string {
  const file = path.join(work, "content/articles", `bench-new-${n}.md`);
  const sample = fs.readFileSync(path.join(work, "content/articles", articleFiles(work)[0]!), "utf8");
  const channel = /^channel: (.*)$/m.exec(sample)![1];
  fs.writeFileSync(file, `---\ntitle: "新发布的稿件 ${n}"\ndate: ${newestDay(work)} 23:59\nchannel: ${channel}\ntags: [赤壁]\n---\n\n刚刚发布的正文 ${n}。\n`);
  return file;
}

let newest: string | undefined;
function newestDay(work: string): string {
  if (newest) return newest;
  let best = "";
  for (const f of articleFiles(work)) {
    const m = /^date: "?(\d{4}-\d\d-\d\d)/m.exec(fs.readFileSync(path.join(work, "content/articles", f), "utf8"));
    if (m && m[1]! > best) best = m[1]!;
  }
  return (newest = best);
}

const rows: string[] = [];
for (const n of sizes.length ? sizes : [1000, 10000, 100000]) {
  newest = undefined;
  const corpus = benchCorpus(n);
  const work = path.join(path.dirname(corpus), `build-${n}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, "public"), { recursive: true });
  fs.cpSync(path.join(corpus, "content"), path.join(work, "content"), { recursive: true });
  // Files saved a moment ago are read again on every build (build/cache.ts); a real archive is older.
  const past = new Date(Date.now() - 3_600_000);
  for (const f of fs.readdirSync(path.join(work, "content"), { recursive: true }) as string[]) fs.utimesSync(path.join(work, "content", f), past, past);

  const results: Record<string, Timing[]> = { cold: [], unchanged: [], publish: [], edit: [] };
  for (let run = 0; run < runs; run++) {
    for (const made of ["dist", ".dist.spare", ".xnews-cache"]) fs.rmSync(path.join(work, made), { recursive: true, force: true });
    results.cold!.push(await timedBuild(work));
    results.unchanged!.push(await timedBuild(work));
    const added = publish(work, run);
    results.publish!.push(await timedBuild(work));
    const target = path.join(work, "content/articles", articleFiles(work)[Math.floor(articleFiles(work).length / 2)]!);
    fs.appendFileSync(target, `\n第${run + 1}次补充的一段正文。\n`);
    results.edit!.push(await timedBuild(work));
    fs.rmSync(added);
  }
  const cell = (t: Timing[]) => `${(median(t.map((x) => x.ms)) / 1000).toFixed(2)} s`;
  const peak = Math.max(...Object.values(results).flat().map((t) => t.peakMiB));
  rows.push(`| ${n.toLocaleString("en")} | ${cell(results.cold!)} | ${cell(results.unchanged!)} | ${cell(results.publish!)} | ${cell(results.edit!)} | ${peak.toFixed(0)} MiB |`);
  console.error(`bench: ${n} stories done`);
}

console.log(`xnews build, median of ${runs} runs each; ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, output on ${fs.existsSync("/dev/shm") ? "tmpfs" : "disk"}`);
console.log("");
console.log("| stories | cold | nothing changed | one story published | one body edited | peak RSS |");
console.log("|---|---|---|---|---|---|");
for (const row of rows) console.log(row);
