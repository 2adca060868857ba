// A worker of the render pool: renders and writes batches of jobs (render-batch.ts). A worker
// lives for one build (the pool is made per build), so what it keeps belongs to that build.
import { batchRenderer, renderBatch, type BatchRenderer, type RenderBatch } from "./render-batch.js";

let current: BatchRenderer | undefined;

export default function render(batch: RenderBatch) {
  current ??= batchRenderer(batch);
  return renderBatch(batch, current);
}
