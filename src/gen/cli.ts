#!/usr/bin/env node
// xnews gen: writes the benchmark corpus (see corpus.ts) and says where.
//   npm run gen -- --articles N --out DIR [--seed S] [--images [--image-count N] [--image-size WxH]]
// Exit codes: 0 written, 1 could not write, 2 bad arguments.
import { Command, CommanderError } from "commander";
import { CorpusError, type CorpusImages, type CorpusReport, DEFAULT_MAX_PHOTOS, MAX_ARTICLES, generateCorpus, generateCorpusWithImages } from "./corpus.js";

interface GenOptions {
  articles: string;
  out: string;
  seed: string;
  images?: boolean;
  imageCount?: string;
  imageSize: string;
}

/** Only plain digits: "1e3", "12abc" and "-5" are typos, not counts. */
function parseArticleCount(value: string): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_ARTICLES ? n : undefined;
}

/** "4000x3000" (or with ×): both sides plain digits. */
function parseImageSize(value: string): { width: number; height: number } | undefined {
  const m = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(value.trim());
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}

/** The photo options, or a usage problem; undefined images when --images is not given. */
function imageOptionsOf(options: GenOptions): { images?: CorpusImages } | { problem: string } {
  if (!options.images) {
    return options.imageCount !== undefined || options.imageSize !== DEFAULT_IMAGE_SIZE ? { problem: "--image-count and --image-size go with --images" } : {};
  }
  const size = parseImageSize(options.imageSize);
  if (!size) return { problem: `--image-size must be WIDTHxHEIGHT in pixels, e.g. ${DEFAULT_IMAGE_SIZE}, not "${options.imageSize}"` };
  if (options.imageCount === undefined) return { images: size };
  const count = parseArticleCount(options.imageCount);
  if (count === undefined) return { problem: `--image-count must be a whole number from 1 to ${MAX_ARTICLES}, not "${options.imageCount}"` };
  return { images: { ...size, count } };
}

const DEFAULT_IMAGE_SIZE = "4000x3000";

function writeReport(report: CorpusReport, seed: string): void {
  process.stdout.write(`gen: ${report.articles} articles, ${report.snippets} snippets, seed ${seed} -> ${report.dir}\n`);
}

function usageProblem(message: string): void {
  process.stderr.write(`gen: ${message}\n`);
  process.exitCode = 2;
}

async function run(options: GenOptions): Promise<void> {
  const articles = parseArticleCount(options.articles);
  if (articles === undefined) return usageProblem(`--articles must be a whole number from 1 to ${MAX_ARTICLES}, not "${options.articles}"`);
  const imageOptions = imageOptionsOf(options);
  if ("problem" in imageOptions) return usageProblem(imageOptions.problem);
  try {
    const { images } = imageOptions;
    const corpus = { articles, seed: options.seed, outDir: options.out };
    if (!images) return writeReport(generateCorpus(corpus), options.seed);
    const report = await generateCorpusWithImages({ ...corpus, images });
    writeReport(report, options.seed);
    process.stdout.write(`gen: ${report.photos} photos of ${images.width}x${images.height} ${report.photosKept ? "already in" : "->"} ${report.photoDir}\n`);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Our own refusals and the disk's complaints are the user's to fix; anything else is a bug and keeps its stack.
    if (e instanceof CorpusError) process.stderr.write(`gen: ${err.message}\n`);
    else if (typeof err?.code === "string") process.stderr.write(`gen: cannot write the corpus: ${err.message}\n`);
    else throw e;
    process.exitCode = 1;
  }
}

const program = new Command("xnews-gen")
  .description("Write a deterministic made-up corpus (DIR/content) in the form of the content contract")
  .requiredOption("--articles <n>", `how many articles, 1 to ${MAX_ARTICLES} (plus one snippet per ten)`)
  .requiredOption("--out <dir>", "folder to write content/ into; an earlier generated content/ there is replaced")
  .option("--seed <s>", "any text; the same seed and count give byte-identical files", "1")
  .option("--images", "give every article a generated photo as its cover (and some one in the body), written to DIR/public/img/gen")
  .option("--image-count <n>", `how many distinct photos (articles share them in turn); default one per article, at most ${DEFAULT_MAX_PHOTOS}`)
  .option("--image-size <WxH>", "the photos' size in pixels", DEFAULT_IMAGE_SIZE)
  .showHelpAfterError()
  // Commander exits with 1 on a usage error; ours is 2, like a bad --articles.
  .exitOverride()
  .action(run);

try {
  await program.parseAsync();
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  process.exitCode = e.exitCode === 0 ? 0 : 2;
}
