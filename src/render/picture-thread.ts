// The thread that makes pictures' copies for `xnews dev`, whose rebuilds run start to finish in
// one call (dev/session.ts) while sharp works only asynchronously: dev hands a job over and
// sleeps on a shared flag until the copy (or the error) is back (image-variants.ts pictureFileSync).
import { parentPort, workerData } from "node:worker_threads";
import { configureSharpForWorker, pictureFile, type PictureJob } from "./image-variants.js";
import { UserError } from "../diagnostics.js";

interface PictureRequest {
  job: PictureJob;
  /** Set to 1, and woken, when the reply is on the port. */
  done: Int32Array;
  reply: MessagePort;
}

configureSharpForWorker();
const { ready } = workerData as { ready: Int32Array };
parentPort!.on("message", async ({ job, done, reply }: PictureRequest) => {
  try {
    reply.postMessage({ bytes: await pictureFile(job) });
  } catch (e) {
    reply.postMessage(e instanceof UserError ? { diagnostics: e.diagnostics } : { failure: e instanceof Error ? e.message : String(e) });
  }
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);
