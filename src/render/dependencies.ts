// What each output was last made from: its key (what it is and which template makes it) and the
// facts its view read (render/reader.ts), each with the print it had then. An output whose key is
// the same and none of whose facts changed would come out the same: it is not rendered again.
// `xnews dev` keeps one in memory; `xnews build` keeps one in its cache (build/cache.ts).
import type { SiteReader } from "./reader.js";

/**
 * The index as stored: fact names and prints, and each output's route, key and fact numbers, as
 * columns (a few arrays, not one object and one typed array per output, which at 100,000 outputs
 * took 0.23 s to load and as long again to collect).
 */
export interface StoredDependencies {
  facts: string[];
  prints: (string | undefined)[];
  routes: string[];
  /** The keys outputs have (a few: one per kind and template), and each route's, by number. */
  keys: string[];
  keyOf: Int32Array;
  /** How many facts each output read (-1: it records none), and their numbers, output after output. */
  factCounts: Int32Array;
  factIds: Int32Array;
}

const EMPTY: StoredDependencies = { facts: [], prints: [], routes: [], keys: [], keyOf: new Int32Array(0), factCounts: new Int32Array(0), factIds: new Int32Array(0) };

export class DependencyIndex {
  private readonly ids = new Map<string, number>();
  private readonly facts: string[];
  private prints: (string | undefined)[];
  /** Each output's slot, by route; a slot's key and where its fact numbers are in `factIds`. */
  private readonly slots = new Map<string, number>();
  private keyOf: string[] = [];
  private factStart: number[] = [];
  private factCount: number[] = [];
  private factIds: Int32Array;
  private factsUsed: number;
  /** Per fact number, 1 if its print differs in the model being built (see compare). */
  private changed = new Uint8Array(0);
  private pending: (string | undefined)[] | undefined;
  /** Whether anything was recorded or forgotten since the index was made. */
  dirty = false;

  /** @param stored an index as stored(), which becomes this one's (it is not copied) */
  constructor(stored: StoredDependencies = EMPTY) {
    this.facts = stored === EMPTY ? [] : stored.facts;
    this.prints = stored === EMPTY ? [] : stored.prints;
    this.facts.forEach((f, i) => this.ids.set(f, i));
    let at = 0;
    stored.routes.forEach((route, slot) => {
      this.slots.set(route, slot);
      this.keyOf.push(stored.keys[stored.keyOf[slot]!]!);
      const count = stored.factCounts[slot]!;
      this.factStart.push(at);
      this.factCount.push(count);
      if (count > 0) at += count;
    });
    this.factIds = stored.factIds;
    this.factsUsed = at;
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
    const slot = this.slots.get(route);
    if (slot === undefined || this.keyOf[slot] !== key) return false;
    const start = this.factStart[slot]!;
    const end = start + this.factCount[slot]!;
    for (let i = start; i < end; i++) if (this.changed[this.factIds[i]!]) return false;
    return true;
  }

  /** Records what the output at `route` was just made from. */
  set(route: string, key: string, facts: readonly string[] | undefined, read: SiteReader): void {
    let slot = this.slots.get(route);
    if (slot === undefined) {
      slot = this.keyOf.push(key) - 1;
      this.factStart.push(0);
      this.factCount.push(-1);
      this.slots.set(route, slot);
    }
    // Room first: making it moves the fact numbers already stored, and renumbers the slots.
    if (facts && this.factsUsed + facts.length > this.factIds.length) {
      this.makeRoom(facts.length);
      slot = this.slots.get(route)!;
    }
    this.keyOf[slot] = key;
    this.factStart[slot] = this.factsUsed;
    this.factCount[slot] = facts ? facts.length : -1;
    if (facts) {
      for (const f of facts) {
        let id = this.ids.get(f);
        if (id === undefined) {
          id = this.facts.push(f) - 1;
          this.ids.set(f, id);
          this.prints.push(read.print(f));
          this.pending?.push(read.print(f));
        }
        this.factIds[this.factsUsed++] = id;
      }
    }
    this.dirty = true;
  }

  /**
   * Room for `more` fact numbers: what outputs recorded again or forgotten left behind is dropped
   * (their old numbers, their slots), and the store grows if it must.
   */
  private makeRoom(more: number): void {
    let live = 0;
    for (const slot of this.slots.values()) live += Math.max(0, this.factCount[slot]!);
    const ids = new Int32Array(Math.max(1024, (live + more) * 2));
    const keyOf: string[] = [];
    const factStart: number[] = [];
    const factCount: number[] = [];
    let at = 0;
    for (const [route, slot] of this.slots) {
      const start = this.factStart[slot]!;
      const count = this.factCount[slot]!;
      if (count > 0) ids.set(this.factIds.subarray(start, start + count), at);
      this.slots.set(route, keyOf.push(this.keyOf[slot]!) - 1);
      factStart.push(at);
      factCount.push(count);
      at += Math.max(0, count);
    }
    this.factIds = ids;
    this.factsUsed = at;
    this.keyOf = keyOf;
    this.factStart = factStart;
    this.factCount = factCount;
  }

  forget(route: string): void {
    this.dirty = this.slots.delete(route) || this.dirty;
  }

  routes(): IterableIterator<string> {
    return this.slots.keys();
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

  /** The index to store: its outputs, in the order they were first recorded, and only the facts they read. */
  stored(): StoredDependencies {
    const routes = [...this.slots.keys()];
    const keys: string[] = [];
    const keyNumbers = new Map<string, number>();
    const keyOf = new Int32Array(routes.length);
    const factCounts = new Int32Array(routes.length);
    let total = 0;
    routes.forEach((route, i) => {
      const slot = this.slots.get(route)!;
      const key = this.keyOf[slot]!;
      let number = keyNumbers.get(key);
      if (number === undefined) keyNumbers.set(key, (number = keys.push(key) - 1));
      keyOf[i] = number;
      factCounts[i] = this.factCount[slot]!;
      if (factCounts[i]! > 0) total += factCounts[i]!;
    });
    // Facts no output reads any more are dropped, the others numbered again in the order first read.
    const renumbered = new Int32Array(this.facts.length).fill(-1);
    const facts: string[] = [];
    const prints: (string | undefined)[] = [];
    const factIds = new Int32Array(total);
    let at = 0;
    for (const route of routes) {
      const slot = this.slots.get(route)!;
      const start = this.factStart[slot]!;
      for (let i = start, end = start + Math.max(0, this.factCount[slot]!); i < end; i++) {
        const old = this.factIds[i]!;
        if (renumbered[old] === -1) {
          renumbered[old] = facts.push(this.facts[old]!) - 1;
          prints.push(this.prints[old]);
        }
        factIds[at++] = renumbered[old]!;
      }
    }
    return { facts, prints, routes, keys, keyOf, factCounts, factIds };
  }
}
