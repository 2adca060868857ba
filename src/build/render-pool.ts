// Reading and rendering on every core: batches of story files and of jobs go to a pool of worker
// threads (tinypool), or are done in the main thread with --jobs 1. Views are plain data, so they cross to a worker as
// they are; each worker writes its files itself. The order in which batches finish does not
// matter: every file has its own path and its bytes depend only on its job.
import os from "node:os";
import { fileURLToPath } from "node:url";
import Tinypool from "tinypool";
import type { SiteConfig } from "../config.js";
import { createStoryReader, type StoryPlace, type StoryResult } from "../content/load-content.js";
import { UserError } from "../diagnostics.js";
import type { RenderJob } from "../render/jobs.js";
import { indexWrittenMonth, type WrittenMonth } from "../render/search-index.js";
import type { MonthIndex } from "../render/search-postings.js";
import type { RenderSettings } from "../render/render-job.js";
import type { FileRecord } from "./cache.js";
import { batchRenderer, renderBatch, type BatchRenderer, type BatchResult, type RenderBatch } from "./render-batch.js";

/** Jobs per message to a worker: enough to make the message's cost small beside the rendering. */
const BATCH = 64;
/** Story files per message to a worker. */
const READ_BATCH = 256;

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * The compiled worker. Under the test runner this module is TypeScript, which a worker thread
 * cannot load, so the compiled copy in lib/ (built by `npm test` first) is used.
 */
function workerFile(): string {
  return fileURLToPath(new URL("./render-worker.js", import.meta.url)).replace(/([\\/])src([\\/]build[\\/]render-worker\.js)$/, "$1lib$2");
}

export class RenderPool {
  private readonly pool: Tinypool | undefined;
  private batch: RenderBatch["jobs"] = [];
  private readonly running = new Set<Promise<void>>();
  private failure: UserError | undefined;
  private crash: unknown;
  /** The main thread's renderer, with --jobs 1. */
  private own: BatchRenderer | undefined;
  readonly records: [string, FileRecord][] = [];
  rendered = 0;
  private closed = false;

  private settings!: RenderSettings;
  private root!: string;

  constructor(readonly jobs: number) {
    if (jobs > 1) this.pool = new Tinypool({ filename: workerFile(), minThreads: jobs, maxThreads: jobs, isolateWorkers: false });
  }

  /** Reads story files on every worker, in batches; the results come back in the order of `places`. */
  async readStories(config: SiteConfig, places: StoryPlace[]): Promise<StoryResult[]> {
    if (!this.pool) {
      const read = createStoryReader(config);
      return places.map(read);
    }
    const batches: Promise<StoryResult[]>[] = [];
    for (let i = 0; i < places.length; i += READ_BATCH) {
      batches.push(this.pool.run({ config, places: places.slice(i, i + READ_BATCH) }, { name: "read" }) as Promise<StoryResult[]>);
    }
    return (await allOf(batches)).flat();
  }

  /** Indexes months for search from their written search files, on every worker, a month per task; in the order of `months`. */
  async indexMonths(months: WrittenMonth[]): Promise<MonthIndex[]> {
    if (!this.pool) return months.map(indexWrittenMonth);
    return allOf(months.map((month) => this.pool!.run(month, { name: "indexMonth" }) as Promise<MonthIndex>));
  }

  /** Where rendered files go, and how they are rendered: set before the first job. */
  writeTo(settings: RenderSettings, root: string): void {
    this.settings = settings;
    this.root = root;
  }

  /** Queues a job; waits while enough work is in flight (memory stays flat however large the site). */
  async add(job: RenderJob): Promise<void> {
    this.batch.push(job);
    if (this.batch.length >= BATCH) await this.flush();
  }

  /** Waits for every queued job; throws the first problem any batch met. */
  async finish(): Promise<void> {
    await this.flush();
    await Promise.all(this.running);
    this.check();
  }

  /** Throws the first problem a batch met, or the error a worker died of. */
  private check(): void {
    if (this.failure) throw this.failure;
    if (this.crash !== undefined) throw this.crash;
  }

  /** Waits until no batch is running (a build that failed leaves some, still writing). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.running);
  }

  /** Stops the workers, once the batches still running have ended (again: nothing more). */
  async close(): Promise<void> {
    await this.settle();
    if (this.closed) return;
    this.closed = true;
    await this.pool?.destroy();
  }

  private async flush(): Promise<void> {
    this.check();
    if (!this.batch.length) return;
    const batch: RenderBatch = { settings: this.settings, root: this.root, jobs: this.batch };
    this.batch = [];
    if (!this.pool) return this.take(await renderBatch(batch, (this.own ??= batchRenderer(batch))), batch.jobs.length);
    while (this.running.size >= this.jobs * 2) await Promise.race(this.running);
    const task: Promise<void> = (this.pool.run(batch) as Promise<BatchResult>)
      .then(
        (result) => this.take(result, batch.jobs.length),
        (error: unknown) => {
          // A worker that died (out of memory, a write refused): the build stops with this error.
          this.crash ??= error;
        },
      )
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  private take(result: BatchResult, count: number): void {
    if ("problems" in result) {
      this.failure ??= new UserError(result.problems);
      return;
    }
    this.rendered += count;
    for (const r of result.records) this.records.push(r);
  }
}

/**
 * Every task's result, in order; the first failure once all have ended: every task is waited for,
 * even after one failed, so that none still runs when the pool is stopped.
 */
async function allOf<T>(tasks: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
