// npm run bench: full builds of generated corpora, timed (median of 3, after one warm-up).
import fs from "node:fs";
import path from "node:path";
import { build } from "../build/build.js";
import { BUILTIN_TEMPLATES } from "../render/environment.js";
import { benchCorpus, median } from "./corpus-cache.js";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const n of sizes.length ? sizes : [1000, 10000]) {
  const corpus = benchCorpus(n);
  const out = path.join(corpus, "out");
  const paths = { contentDir: path.join(corpus, "content"), templatesDir: BUILTIN_TEMPLATES, publicDir: path.join(corpus, "public"), outDir: out };
  const times: number[] = [];
  let pages = 0;
  for (let run = 0; run < 4; run++) {
    fs.rmSync(out, { recursive: true, force: true });
    const started = performance.now();
    pages = (await build(paths, { cache: false })).files;
    if (run > 0) times.push(performance.now() - started);
  }
  console.log(`build ${n} stories: ${pages} pages, median ${(median(times) / 1000).toFixed(2)} s (runs: ${times.map((t) => (t / 1000).toFixed(2)).join(", ")} s)`);
}
