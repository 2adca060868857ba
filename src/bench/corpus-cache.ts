// Benchmarks reuse one generated corpus per size and seed (generating 10,000 stories takes seconds).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCorpus } from "../gen/corpus.js";

/** A folder holding content/ with `articles` generated stories; made once, then reused. */
export function benchCorpus(articles: number, seed = "1"): string {
  const root = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const dir = path.join(root, "xnews-bench", `corpus-${articles}-${seed}`);
  const stamp = path.join(dir, ".complete");
  if (!fs.existsSync(stamp)) {
    fs.mkdirSync(dir, { recursive: true });
    generateCorpus({ articles, seed, outDir: dir });
    fs.writeFileSync(stamp, "");
  }
  return dir;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
