// The search index of one month of stories: for each bigram (render/search-text.ts), the stories
// of the month that hold it, in the story body with its title and in the title alone. Stories are
// numbered within their month, oldest first, so a new story adds a number and moves none. A month
// is indexed again only when one of its stories changed; a year's index files are made from its
// months (render/search-files.ts).
import { eachBigram, foldText } from "./search-text.js";

/** Bigrams in ascending order, and for each the encoded list of stories holding it. */
export interface Postings {
  codes: Uint32Array;
  /** Where each bigram's list ends in `bytes` (it starts where the one before ends). */
  ends: Uint32Array;
  bytes: Uint8Array;
}

export interface MonthIndex {
  /** Stories in the month. */
  docs: number;
  /** Bigrams of each story's title and text. */
  text: Postings;
  /** Bigrams of titles alone: a title hit ranks first. */
  title: Postings;
}

/** A list written as gaps (the first from -1), each in 7-bit groups, low first, high bit for "more". */
const GAPS = 0;
/** A list written as a bitmap of the month's stories, lowest bit first: smaller when most stories hold the bigram. */
const BITMAP = 1;

/** The index of a month's stories, given each story's title and searchable text, oldest first. */
export function indexMonth(stories: readonly { title: string; text: string }[]): MonthIndex {
  return {
    docs: stories.length,
    text: postingsOf(stories.map((s) => foldText(`${s.title}\n${s.text}`))),
    title: postingsOf(stories.map((s) => foldText(s.title))),
  };
}

/**
 * Each bigram's stories, in two passes over the texts with a table of the bigrams seen: the first
 * counts each bigram's stories, the second writes them where the counts put them. A story is
 * counted once per bigram however often it holds it (the table keeps the last story seen).
 */
function postingsOf(texts: readonly string[]): Postings {
  const table = new BigramTable();
  eachSlot(texts, (slot, doc) => {
    if (table.last[slot] !== doc) {
      table.last[slot] = doc;
      table.count[slot]!++;
    }
  }, table);
  const slots = table.slotsByCode();
  const start = new Int32Array(table.last.length);
  let total = 0;
  for (const slot of slots) {
    start[slot] = total;
    total += table.count[slot]!;
  }
  const docsOf = new Int32Array(total);
  const filled = new Int32Array(table.last.length);
  table.last.fill(-1);
  eachSlot(texts, (slot, doc) => {
    if (table.last[slot] !== doc) {
      table.last[slot] = doc;
      docsOf[start[slot]! + filled[slot]!++] = doc;
    }
  }, table);
  const codes = new Uint32Array(slots.length);
  const ends = new Uint32Array(slots.length);
  const bytes = new ByteWriter();
  const bitmapSize = Math.ceil(texts.length / 8);
  slots.forEach((slot, i) => {
    const list = docsOf.subarray(start[slot]!, start[slot]! + table.count[slot]!);
    let gapsSize = 1;
    for (let k = 0, prev = -1; k < list.length; prev = list[k++]!) gapsSize += varintSize(list[k]! - prev);
    if (gapsSize <= bitmapSize + 1) {
      bytes.push(GAPS);
      for (let k = 0, prev = -1; k < list.length; prev = list[k++]!) bytes.varint(list[k]! - prev);
    } else {
      const bitmap = new Uint8Array(bitmapSize);
      for (const doc of list) bitmap[doc >> 3]! |= 1 << (doc & 7);
      bytes.push(BITMAP);
      bytes.append(bitmap);
    }
    codes[i] = table.keys[slot]!;
    ends[i] = bytes.length;
  });
  return { codes, ends, bytes: bytes.done() };
}

/** Calls `visit` with the table slot of every bigram of every text (search-text.ts's eachBigram), and the text's number. */
function eachSlot(texts: readonly string[], visit: (slot: number, doc: number) => void, table: BigramTable): void {
  texts.forEach((text, doc) => eachBigram(text, (code) => visit(table.slotOf(code), doc)));
}

/** Bigram codes → slots, open addressing; per slot, the last story that held it and how many did. */
class BigramTable {
  private bits = 12;
  keys = new Uint32Array(1 << this.bits);
  last = new Int32Array(1 << this.bits).fill(-1);
  count = new Int32Array(1 << this.bits);
  private used = 0;

  slotOf(code: number): number {
    const mask = this.keys.length - 1;
    // The product's high bits, which depend on both units (the low ones only on the second).
    for (let slot = Math.imul(code, 0x9e3779b1) >>> (32 - this.bits); ; slot = (slot + 1) & mask) {
      const key = this.keys[slot]!;
      if (key === code) return slot;
      if (key === 0) {
        // No bigram is 0 (neither unit is a space): 0 marks an empty slot.
        if ((this.used + 1) * 2 > this.keys.length) {
          this.grow();
          return this.slotOf(code);
        }
        this.keys[slot] = code;
        this.used++;
        return slot;
      }
    }
  }

  /** The slots in use, by ascending code. */
  slotsByCode(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.keys.length; slot++) if (this.keys[slot] !== 0) slots.push(slot);
    return slots.sort((x, y) => this.keys[x]! - this.keys[y]!);
  }

  private grow(): void {
    const { keys, last, count } = this;
    this.bits++;
    this.keys = new Uint32Array(keys.length * 2);
    this.last = new Int32Array(keys.length * 2).fill(-1);
    this.count = new Int32Array(keys.length * 2);
    this.used = 0;
    for (let old = 0; old < keys.length; old++) {
      if (keys[old] === 0) continue;
      const slot = this.slotOf(keys[old]!);
      this.last[slot] = last[old]!;
      this.count[slot] = count[old]!;
    }
  }
}

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : 3;
}

class ByteWriter {
  private buffer = new Uint8Array(1024);
  length = 0;

  push(byte: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = byte;
  }

  varint(n: number): void {
    while (n >= 0x80) {
      this.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    this.push(n);
  }

  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  done(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private grow(more: number): void {
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + more));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}
