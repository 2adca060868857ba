// V8 sizes its heap by the machine's memory, not by what is live: on a machine with 24 GiB it
// lets a 100,000-story build's main heap grow to almost three times its live data (1.3 GB for
// 0.46 GB) before it collects, which is most of the build's peak memory. A build keeps its peak
// near twice its live data by asking for a full collection when the heap has grown by as much
// as was live after the last one. Node gives no way to set the heap's limit once it runs, but its
// collector may be called: V8's --expose-gc, set at run time, gives it to a new context.
import v8 from "node:v8";
import vm from "node:vm";

/** Below this, growth is left to V8: a small site never collects on its own account. */
const LEAST_GROWTH = 256 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/** The collector; null where it cannot be had (then V8 is left to itself). */
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      const gc: unknown = vm.runInNewContext("gc");
      collect = typeof gc === "function" ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

export class HeapLimit {
  /**
   * What is live, as far as known: at first the heap as it is, which also holds what was let go
   * before (the readings saved, the model made), so the first collection comes after half of it.
   */
  private live = process.memoryUsage().heapUsed;
  private allowed = Math.max(this.live / 2, LEAST_GROWTH);

  /** Collects when the heap has grown by more than was live after the last collection. */
  check(): void {
    const used = process.memoryUsage().heapUsed;
    if (used - this.live < this.allowed) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.live = process.memoryUsage().heapUsed;
    this.allowed = Math.max(this.live, LEAST_GROWTH);
  }
}
