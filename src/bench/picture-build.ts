// npm run bench:pictures: what pictures cost a build. A site of as many stories as photos, each
// story's cover a generated photo of a camera's size (one in five shows another in its body),
// built as a user builds it (a new process, the default --jobs: every core): cold into an empty
// output folder with no cache, then with nothing changed, then with one story's text touched
// (not its picture). For each: wall time, the files rendered (the build's "N rendered"), the
// picture copies made (480/800/1200 px, WebP and the original's format) and their size, and the
// peak memory. One table, for the README.
//   node lib/bench/picture-build.js [--photos N] [--size WxH]      (default 1000, 4000x3000)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { generateCorpusWithImages } from "../gen/corpus.js";
import { makePhoto } from "../gen/photos.js";
import { BUILTIN_TEMPLATES } from "../render/environment.js";

const HERE = fileURLToPath(import.meta.url);
const CLI = path.resolve(HERE, "../../cli.js");
const PROBE = path.resolve(HERE, "../peak-memory.js");
/** Where gen puts the photos, under public/ (stories name them /img/gen/N.jpg). */
const PHOTO_DIR = "public/img/gen";
/** A copy's name: the original's with its width, "img/gen/7.480w.webp" (model/pictures.ts). */
const COPY_NAME = /\.\d+w\.(webp|jpg|png|gif)$/;

interface PhotoJob {
  numbers: number[];
  width: number;
  height: number;
  dir: string;
}

// ---------------------------------------------------------------- the corpus

/**
 * A folder holding content/ and public/img/gen/ exactly as `npm run gen -- --articles N --images
 * --image-count N --image-size WxH` writes them, made once and then reused. gen paints the photos
 * in one thread (some 0.3 s each at 4000×3000); here they are painted on every core, with gen's
 * own makePhoto. The stories name photos by number only, so gen writes them with photos of the
 * smallest size, which are then replaced.
 */
async function pictureCorpus(photos: number, width: number, height: number, seed = "1"): Promise<string> {
  const root = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const dir = path.join(root, "xnews-bench", `pictures-${photos}-${width}x${height}-${seed}`);
  const stamp = path.join(dir, ".complete");
  if (fs.existsSync(stamp)) return dir;
  const started = performance.now();
  fs.rmSync(dir, { recursive: true, force: true });
  const scratch = path.join(dir, ".stories");
  await generateCorpusWithImages({ articles: photos, seed, outDir: scratch, images: { count: photos, width: 16, height: 16 } });
  fs.renameSync(path.join(scratch, "content"), path.join(dir, "content"));
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, PHOTO_DIR), { recursive: true });
  await paintPhotos(photos, width, height, path.join(dir, PHOTO_DIR));
  // A file saved a moment ago is read again on every build (build/inputs.ts); a real archive's are older.
  setInThePast(path.join(dir, PHOTO_DIR));
  fs.writeFileSync(stamp, "");
  console.error(`bench: ${photos} photos of ${width}x${height} made in ${((performance.now() - started) / 1000).toFixed(0)} s -> ${dir}`);
  return dir;
}

/** Photos 1..count into `dir`, shared in turn among one worker per core. */
async function paintPhotos(count: number, width: number, height: number, dir: string): Promise<void> {
  const workers = Math.max(1, Math.min(os.availableParallelism(), count));
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const numbers = Array.from({ length: count }, (_, i) => i + 1).filter((n) => n % workers === w);
      const job: PhotoJob = { numbers, width, height, dir };
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(HERE, { workerData: job });
        worker.on("message", () => {
          if (++done % 100 === 0) console.error(`bench: ${done}/${count} photos`);
        });
        worker.on("error", reject);
        worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`a photo worker stopped with code ${code}`))));
      });
    }),
  );
}

async function paintInWorker({ numbers, width, height, dir }: PhotoJob): Promise<void> {
  for (const n of numbers) {
    fs.writeFileSync(path.join(dir, `${n}.jpg`), await makePhoto(n, width, height));
    parentPort!.postMessage(n);
  }
}

function setInThePast(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.utimesSync(path.join(dir, f), past, past);
}

// ---------------------------------------------------------------- the builds

interface Measure {
  seconds: number;
  rendered: number;
  copies: number;
  copyBytes: number;
  peakMiB: number;
}

/** Runs `xnews build` in a new process: wall time, its "N rendered", the copies it wrote, peak memory (the probe, on fd 3). */
function measuredBuild(work: string, publicDir: string): Promise<Measure> {
  const startedAt = Date.now();
  const started = performance.now();
  const argv = ["--import", PROBE, CLI, "build", "--content", "content", "--templates", BUILTIN_TEMPLATES, "--public", publicDir, "--out", "dist"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: work, stdio: ["ignore", "pipe", "pipe", "pipe"] });
    let peak = "";
    let stdout = "";
    let stderr = "";
    child.stdio[3]!.on("data", (d: Buffer) => (peak += d.toString()));
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const rendered = /([\d,]+) rendered/.exec(stdout)?.[1];
      if (code !== 0 || rendered === undefined) return reject(new Error(`xnews build failed in ${work}:\n${stdout}${stderr}`));
      // A copy made by this build is a new file; one kept is linked from the site before, as old as it was.
      const made = copiesIn(path.join(work, "dist")).filter((c) => c.mtimeMs >= startedAt - 1);
      resolve({
        seconds,
        rendered: Number(rendered.replaceAll(",", "")),
        copies: made.length,
        copyBytes: made.reduce((sum, c) => sum + c.size, 0),
        peakMiB: Number(peak) / 1024,
      });
    });
  });
}

function copiesIn(dist: string): fs.Stats[] {
  return (fs.readdirSync(dist, { recursive: true }) as string[]).filter((f) => COPY_NAME.test(f)).map((f) => fs.statSync(path.join(dist, f)));
}

function articleFiles(work: string): string[] {
  return (fs.readdirSync(path.join(work, "content/articles"), { recursive: true }) as string[]).filter((f) => f.endsWith(".md")).sort();
}

// ---------------------------------------------------------------- the run

function optionOf(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const photos = Number(optionOf(args, "--photos", "1000"));
  const size = /^(\d+)[x×](\d+)$/i.exec(optionOf(args, "--size", "4000x3000"));
  if (!Number.isInteger(photos) || photos < 1 || !size) {
    console.error("usage: node lib/bench/picture-build.js [--photos N] [--size WxH]   (default 1000 and 4000x3000; --photos 50 for a quick run)");
    process.exitCode = 2;
    return;
  }
  const [width, height] = [Number(size[1]), Number(size[2])];
  const corpus = await pictureCorpus(photos, width, height);
  const publicDir = path.join(corpus, "public");
  const sourceBytes = fs.readdirSync(path.join(corpus, PHOTO_DIR)).reduce((sum, f) => sum + fs.statSync(path.join(corpus, PHOTO_DIR, f)).size, 0);

  // The stories are copied (one is touched); the photos are read where they are, never written.
  const work = path.join(path.dirname(corpus), `pictures-build-${photos}-${width}x${height}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.cpSync(path.join(corpus, "content"), path.join(work, "content"), { recursive: true });
  setInThePast(path.join(work, "content"));

  const cold = await measuredBuild(work, publicDir);
  console.error(`bench: cold build ${cold.seconds.toFixed(1)} s`);
  const unchanged = await measuredBuild(work, publicDir);
  const files = articleFiles(work);
  fs.appendFileSync(path.join(work, "content/articles", files[Math.floor(files.length / 2)]!), "\n补充的一段正文。\n");
  const touched = await measuredBuild(work, publicDir);
  const site = copiesIn(path.join(work, "dist"));

  const n = (x: number) => x.toLocaleString("en");
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const row = (name: string, m: Measure) => `| ${name} | ${m.seconds.toFixed(2)} s | ${n(m.rendered)} | ${n(m.copies)} | ${mb(m.copyBytes)} | ${m.peakMiB.toFixed(0)} MiB |`;
  console.log(
    `xnews build, ${n(photos)} stories with ${n(photos)} photos of ${width}×${height} (${mb(sourceBytes)} of JPEG); default --jobs on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, output on ${fs.existsSync("/dev/shm") ? "tmpfs" : "disk"}`,
  );
  console.log("");
  console.log("| build | time | files rendered | picture copies made | their size | peak RSS |");
  console.log("|---|---|---|---|---|---|");
  console.log(row("cold, no cache", cold));
  console.log(row("nothing changed", unchanged));
  console.log(row("one story's text touched", touched));
  console.log("");
  console.log(`The site holds ${n(site.length)} copies, ${mb(site.reduce((sum, c) => sum + c.size, 0))}.`);
}

// This file is also the photo workers' script.
if (isMainThread) await main();
else await paintInWorker(workerData as PhotoJob);
