#!/usr/bin/env node
// xnews gen: writes the benchmark corpus (see corpus.ts) and says where.
//   npm run gen -- --articles N --out DIR [--seed S]
// Exit codes: 0 written, 1 could not write, 2 bad arguments.
import { Command, CommanderError } from "commander";
import { CorpusError, MAX_ARTICLES, generateCorpus } from "./corpus.js";

interface GenOptions {
  articles: string;
  out: string;
  seed: string;
}

/** Only plain digits: "1e3", "12abc" and "-5" are typos, not counts. */
function parseArticleCount(value: string): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_ARTICLES ? n : undefined;
}

function run(options: GenOptions): void {
  const articles = parseArticleCount(options.articles);
  if (articles === undefined) {
    process.stderr.write(`gen: --articles must be a whole number from 1 to ${MAX_ARTICLES}, not "${options.articles}"\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const report = generateCorpus({ articles, seed: options.seed, outDir: options.out });
    process.stdout.write(`gen: ${report.articles} articles, ${report.snippets} snippets, seed ${options.seed} -> ${report.dir}\n`);
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
  .showHelpAfterError()
  // Commander exits with 1 on a usage error; ours is 2, like a bad --articles.
  .exitOverride()
  .action(run);

try {
  program.parse();
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  process.exitCode = e.exitCode === 0 ? 0 : 2;
}
