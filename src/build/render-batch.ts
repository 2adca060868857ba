// Renders a batch of jobs and writes each file into the staged output folder; the same code runs
// in the main thread (--jobs 1) and in each worker of the pool (render-pool.ts). A problem with a
// template or a file comes back as diagnostics, never as a thrown error the pool would lose.
import fs from "node:fs";
import path from "node:path";
import { UserError, type Diagnostic } from "../diagnostics.js";
import type { RenderJob } from "../render/jobs.js";
import { createJobRenderer, type JobRenderer, type RenderSettings } from "../render/render-job.js";
import { templateError } from "../render/template-errors.js";
import { pictureFile } from "../render/image-variants.js";
import { FolderWriter } from "../output/writer.js";
import type { FileRecord } from "./cache.js";

export interface RenderBatch {
  settings: RenderSettings;
  /** The staged output folder. */
  root: string;
  jobs: RenderJob[];
}

export type BatchResult = { records: [string, FileRecord][] } | { problems: Diagnostic[] };

/** What one build's renderer keeps between batches: the templates, loaded once, and the folders made. */
export interface BatchRenderer {
  render: JobRenderer;
  writer: FolderWriter;
}

export function batchRenderer(batch: RenderBatch): BatchRenderer {
  return { render: createJobRenderer(batch.settings), writer: new FolderWriter(batch.root) };
}

/** Renders and writes a batch, with `current` from the first batch of the same build. */
export async function renderBatch(batch: RenderBatch, current: BatchRenderer): Promise<BatchResult> {
  const { writer } = current;
  const records: [string, FileRecord][] = [];
  for (const job of batch.jobs) {
    let bytes: string | Uint8Array;
    try {
      // A picture's copy is made by sharp, off this thread; a page at once.
      bytes = job.kind === "picture" ? await pictureFile(job) : current.render(job);
    } catch (e) {
      if (e instanceof UserError) return { problems: e.diagnostics };
      return { problems: [templateError(e, batch.settings.templatesDir)] };
    }
    writer.write(job.route, bytes);
    records.push([job.route, recordOf(path.join(batch.root, job.route))]);
  }
  return { records };
}

/** The identity of a file just written: a later build links it only while it is still this file. */
export function recordOf(file: string): FileRecord {
  return recordOfStats(fs.lstatSync(file));
}

export function recordOfStats(s: fs.Stats): FileRecord {
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}
