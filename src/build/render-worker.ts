// A worker of the build's pool: reads batches of story files, and renders and writes batches of
// jobs (render-batch.ts). A worker lives for one build (the pool is made per build), so what it
// keeps belongs to that build.
import type { SiteConfig } from "../config.js";
import { createStoryReader, type StoryPlace, type StoryResult } from "../content/load-content.js";
import { batchRenderer, renderBatch, type BatchRenderer, type RenderBatch } from "./render-batch.js";
import { indexWrittenMonth } from "../render/search-index.js";
import { releaseKeywords } from "../content/keywords.js";
import { configureSharpForWorker } from "../render/image-variants.js";

configureSharpForWorker();

let current: BatchRenderer | undefined;
let reader: ReturnType<typeof createStoryReader> | undefined;

export default function render(batch: RenderBatch) {
  // Stories are all read before the first page is rendered: the words' dictionaries (some 90 MB
  // a worker) are let go, and the reader with them.
  if (!current) {
    reader = undefined;
    releaseKeywords();
  }
  current ??= batchRenderer(batch);
  return renderBatch(batch, current);
}

/** Reads story files as the main thread would (the config is the same for every batch of a build). */
export function read({ config, places }: { config: SiteConfig; places: StoryPlace[] }): StoryResult[] {
  reader ??= createStoryReader(config);
  return places.map(reader);
}

/** Indexes a month for search from its written search files (render/search-index.ts). */
export { indexWrittenMonth as indexMonth };
