// What each output was last made from: its key (what it is and which template makes it) and the
// facts its view read (render/reader.ts), each with the print it had then. An output whose key is
// the same and none of whose facts changed would come out the same: it is not rendered again.
// `xnews dev` keeps one in memory; `xnews build` keeps one in its cache (build/cache.ts).
import type { SiteReader } from "./reader.js";

/** The index as stored: fact names and prints, and each output's key and fact numbers. */
export interface StoredDependencies {
  facts: string[];
  prints: (string | undefined)[];
  outputs: Map<string, { key: string; facts?: Int32Array }>;
}

export class DependencyIndex {
  private readonly ids = new Map<string, number>();
  private readonly facts: string[];
  private prints: (string | undefined)[];
  private readonly outputs: Map<string, { key: string; facts?: Int32Array }>;
  /** Per fact number, 1 if its print differs in the model being built (see compare). */
  private changed = new Uint8Array(0);
  private pending: (string | undefined)[] | undefined;
  /** Whether anything was recorded or forgotten since the index was made. */
  dirty = false;

  constructor(stored: StoredDependencies = { facts: [], prints: [], outputs: new Map() }) {
    this.facts = stored.facts;
    this.prints = stored.prints;
    this.outputs = stored.outputs;
    this.facts.forEach((f, i) => this.ids.set(f, i));
  }

  /** Looks at every known fact in a new model; what changed is then known to `unchanged`. */
  compare(read: SiteReader): number {
    const now = this.facts.map((f) => read.print(f));
    this.changed = new Uint8Array(this.facts.length);
    let n = 0;
    now.forEach((p, i) => {
      if (p !== this.prints[i]) (this.changed[i] = 1), n++;
    });
    this.pending = now;
    return n;
  }

  /** Whether the output at `route` was last made with `key` from facts none of which changed. */
  unchanged(route: string, key: string): boolean {
    const known = this.outputs.get(route);
    if (known?.key !== key) return false;
    const facts = known.facts;
    if (facts) for (let i = 0; i < facts.length; i++) if (this.changed[facts[i]!]) return false;
    return true;
  }

  /** Records what the output at `route` was just made from. */
  set(route: string, key: string, facts: readonly string[] | undefined, read: SiteReader): void {
    let numbers: Int32Array | undefined;
    if (facts) {
      numbers = new Int32Array(facts.length);
      facts.forEach((f, i) => {
        let id = this.ids.get(f);
        if (id === undefined) {
          id = this.facts.push(f) - 1;
          this.ids.set(f, id);
          this.prints.push(read.print(f));
          this.pending?.push(read.print(f));
        }
        numbers![i] = id;
      });
    }
    this.outputs.set(route, { key, facts: numbers });
    this.dirty = true;
  }

  forget(route: string): void {
    this.dirty = this.outputs.delete(route) || this.dirty;
  }

  routes(): IterableIterator<string> {
    return this.outputs.keys();
  }

  /** Every output made or checked against the model last compared: its prints become the known ones. */
  commit(): void {
    if (this.pending) {
      this.dirty ||= this.pending.some((p, i) => p !== this.prints[i]);
      this.prints = this.pending;
    }
    this.pending = undefined;
    this.changed = new Uint8Array(0);
  }

  /** The index to store, without facts no output reads any more (once they are a third of all). */
  stored(): StoredDependencies {
    const read = new Uint8Array(this.facts.length);
    let count = 0;
    for (const { facts: numbers } of this.outputs.values()) if (numbers) for (const n of numbers) if (!read[n]) (read[n] = 1), count++;
    if (count * 3 >= this.facts.length * 2) return { facts: this.facts, prints: this.prints, outputs: this.outputs };
    const used = new Int32Array(this.facts.length).fill(-1);
    const facts: string[] = [];
    const prints: (string | undefined)[] = [];
    const outputs = new Map<string, { key: string; facts?: Int32Array }>();
    for (const [route, { key, facts: numbers }] of this.outputs) {
      let renumbered: Int32Array | undefined;
      if (numbers) {
        renumbered = new Int32Array(numbers.length);
        for (let i = 0; i < numbers.length; i++) {
          const old = numbers[i]!;
          if (used[old] === -1) {
            used[old] = facts.push(this.facts[old]!) - 1;
            prints.push(this.prints[old]);
          }
          renumbered[i] = used[old]!;
        }
      }
      outputs.set(route, { key, facts: renumbered });
    }
    return { facts, prints, outputs };
  }
}
