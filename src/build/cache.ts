// The build cache (.xnews-cache/ by default): what the last build read and wrote, so that the next
// one reads only the story files that changed and renders only the outputs whose key changed, and
// does nothing at all when no input changed.
//
// Each file is named by what it is for (the working folder, the folders, the settings stories are
// read with), so a file for other settings is simply not found; its header holds a hash of the
// code that wrote it, so a file written by another version of xnews is not used, and written
// over. Each file carries a checksum: a truncated, garbled or foreign file is ignored with a
// one-line notice, and the build goes on as a cold build. A story file is trusted only when its
// stamp (size, times, inode) is as recorded, and never when it was modified within a moment of
// being read (a save in the same clock tick would go unnoticed).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { displayPath } from "../content/files.js";
import { modifiedMs, stampOf } from "../content/file-stamps.js";
import { UserError, errorAt, type Diagnostic } from "../diagnostics.js";
import type { StoryPlace, StoryResult } from "../content/load-content.js";
import type { StoredDependencies } from "../render/dependencies.js";
import type { IndexPart, MonthStore } from "../render/search-index.js";
import type { Postings } from "../render/search-postings.js";
import type { StoryMemory } from "../site.js";
import { RACY_MS } from "./inputs.js";
import type { ClockRecord } from "../model/clock.js";
import { fromColumns, toColumns, type StoryColumns, type StoryEntry } from "./story-columns.js";

export const DEFAULT_CACHE_DIR = ".xnews-cache";
const FORMAT = "xnews-cache ";
const MAGIC = `${FORMAT}4\n`;
/**
 * After the magic line: a hash of the code that wrote the file (40 hex digits and a newline), then
 * the parts' CRC-32 and total length ("xxxxxxxx nnnnnnnnnnnn\n", 22 bytes). Then each part: its
 * length (12 digits and a newline), its bytes.
 */
const VERSION_LINE = 41;
const HEADER = MAGIC.length + VERSION_LINE + 22;
const PART_HEADER = 13;

/**
 * A file the last build wrote, as the file system knows it ("inode:size:mtime"): it is reused only
 * while it is still this file.
 */
export type FileRecord = string;

/** What the last build wrote to an output folder. */
export interface OutputsRecord {
  /** The key of every input the build read (build/inputs.ts); none if one was too new to trust. */
  inputs: string | undefined;
  /** The warnings the build gave (the site's problems, less those of the output folder). */
  problems: Diagnostic[];
  /** The clock the build ran by, and the stretch of time in which its site stays the same. */
  clock: ClockRecord | undefined;
  files: Map<string, FileRecord>;
  /** The output folder the build swapped in (device and inode): another build's is not described here. */
  folder: string | undefined;
  /** The larger part, read only when something changed. */
  more(): OutputsHistory | undefined;
}

export interface OutputsHistory {
  /** What each output was made from. */
  dependencies: StoredDependencies;
  /** The spare the build kept (the site before it, or its own linked), and the files it holds as recorded. */
  spare?: { id: string; files: Map<string, FileRecord> };
}

/** The history as stored: a spare's files are "site" when they are the site's own. */
interface StoredHistory {
  dependencies: StoredDependencies;
  spare?: { id: string; files: Map<string, FileRecord> | "site" };
}

export class BuildCache {
  /** Said once per problem: a cache file that could not be used. */
  readonly notices: string[] = [];
  /** A hash of xnews's version and the stamps of its own code: a file written by other code is not used. */
  private readonly version: string;

  constructor(
    readonly dir: string,
    version: string,
  ) {
    this.version = crypto.hash("sha1", `${version}:${codeStamp()}`, "hex");
  }

  /**
   * Story readings from the last build, for files read with the same settings; `stamps` are the
   * story files' stamps taken before any was read (others are stamped when asked for).
   */
  stories(contentDir: string, readingSettings: unknown, stamps: ReadonlyMap<string, string>): CachedStories {
    const name = this.fileName("stories", path.resolve(contentDir), process.cwd(), readingSettings);
    const deltaName = name.replace(/\.bin$/, "-delta.bin");
    const [baseBytes] = this.load(name, 1) ?? [];
    const base = baseBytes && this.readings(name, baseBytes);
    const [deltaBytes] = (base && this.load(deltaName, 1)) || [];
    const delta = deltaBytes && this.readings(deltaName, deltaBytes);
    return new CachedStories(base?.entries ?? new Map(), delta, stamps, (next, changes) => {
      // The readings are rewritten whole only once the changes since they were are many:
      // publishing one story into a large archive writes a few readings, not all of them.
      if (base && sizeOf(changes) * 8 < base.entries.size) {
        this.save(deltaName, [{ entries: toColumns(changes.entries), removed: [...changes.removed] }]);
      } else {
        this.save(name, [{ entries: toColumns(next), removed: [] }]);
        fs.rmSync(deltaName, { force: true });
      }
    });
  }

  /** Readings as stored (columns), made into stories again; undefined, with a notice, when they are not readings. */
  private readings(file: string, bytes: Uint8Array): StoryDelta | undefined {
    try {
      const stored = v8.deserialize(bytes) as { entries: StoryColumns; removed: string[] };
      if (!Array.isArray(stored?.removed)) throw new Error("not story readings");
      return { entries: fromColumns(stored.entries), removed: new Set(stored.removed) };
    } catch (e) {
      this.notices.push(`the build cache file ${displayPath(file)} could not be used (${(e as Error).message}); it is rebuilt`);
      return undefined;
    }
  }

  /** What the last build wrote to `outDir`. */
  outputs(outDir: string): OutputsRecord | undefined {
    const name = this.outputsName(outDir);
    const parts = this.load(name, 2);
    if (!parts) return undefined;
    try {
      const head = v8.deserialize(parts[0]!) as Omit<OutputsRecord, "more">;
      if (!(head.files instanceof Map) || !Array.isArray(head.problems)) throw new Error("not an outputs record");
      let rest: Uint8Array | undefined = parts[1];
      return {
        ...head,
        // Read once; its bytes are let go then.
        more: () => {
          const history = rest && (v8.deserialize(rest) as StoredHistory);
          rest = undefined;
          if (!Array.isArray(history?.dependencies?.routes)) return undefined;
          const { dependencies, spare } = history;
          return { dependencies, spare: spare && { id: spare.id, files: spare.files === "site" ? head.files : spare.files } };
        },
      };
    } catch (e) {
      this.notices.push(`the build cache file ${displayPath(name)} could not be used (${(e as Error).message}); it is rebuilt`);
      return undefined;
    }
  }

  saveOutputs(outDir: string, record: Omit<OutputsRecord, "more">, history: OutputsHistory): void {
    const { inputs, problems, clock, files, folder } = record;
    const { dependencies, spare } = history;
    // A spare that is the site itself, linked, holds the site's files: they are stored once.
    const stored: StoredHistory = { dependencies, spare: spare && { id: spare.id, files: spare.files === files ? "site" : spare.files } };
    this.save(this.outputsName(outDir), [{ inputs, problems, clock, files, folder }, stored]);
  }

  /** The search index of each month (render/search-index.ts), a file per part, named by the month's print. */
  searchMonths(): MonthStore {
    const name = (print: string, part: IndexPart) => this.fileName("search", print).replace(/\.bin$/, `-${part === "title" ? "t" : "x"}.bin`);
    return {
      // Written by this version of xnews, as far as its first line says: a month whose files another
      // version wrote, or that are no cache files, is missing, and indexed again on the workers.
      has: (print) => this.searchFileUsable(name(print, "title")) && this.searchFileUsable(name(print, "text")),
      load: (print, part) => {
        const said = this.notices.length;
        const [bytes] = this.load(name(print, part), 1) ?? [];
        this.sayOnceForSearch(said);
        return bytes && (v8.deserialize(bytes) as Postings);
      },
      save: (print, index) => {
        this.save(name(print, "title"), [index.title]);
        this.save(name(print, "text"), [index.text]);
      },
      keepOnly: (prints) => {
        const kept = new Set([...prints].flatMap((p) => [path.basename(name(p, "title")), path.basename(name(p, "text"))]));
        let names: string[];
        try {
          names = fs.readdirSync(this.dir);
        } catch {
          return;
        }
        for (const n of names) if (/^search-[0-9a-f]{16}-[tx]\.bin$/.test(n) && !kept.has(n)) fs.rmSync(path.join(this.dir, n), { force: true });
      },
    };
  }

  private searchNoticed = false;

  /** Of search files that could not be used, the first is said (a notice since `said`); the rest are rebuilt quietly. */
  private sayOnceForSearch(said: number): void {
    if (this.notices.length > said && this.searchNoticed) this.notices.length = said;
    this.searchNoticed ||= this.notices.length > said;
  }

  /** Whether a search file's first line says this version wrote it; one that is no cache file at all is said. */
  private searchFileUsable(file: string): boolean {
    const expected = `${MAGIC}${this.version}\n`;
    const head = Buffer.alloc(expected.length);
    let read: number;
    try {
      const fd = fs.openSync(file, "r");
      try {
        read = fs.readSync(fd, head, 0, head.length, 0);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return false; // not there
    }
    const first = head.subarray(0, read).toString("latin1");
    if (first === expected) return true;
    // Another version's or format's file is written over without a word, as load() does.
    if (!first.startsWith(FORMAT)) {
      const said = this.notices.length;
      this.notices.push(`the build cache file ${displayPath(file)} could not be used (not an xnews cache file); it is rebuilt`);
      this.sayOnceForSearch(said);
    }
    return false;
  }

  private outputsName(outDir: string): string {
    return this.fileName("outputs", path.resolve(outDir), process.cwd());
  }

  private fileName(kind: string, ...keyParts: unknown[]): string {
    // The code is not in the name: a new version of xnews writes over its old files, not beside them.
    const key = crypto.createHash("sha1").update(JSON.stringify(keyParts)).digest("hex").slice(0, 16);
    return path.join(this.dir, `${kind}-${key}.bin`);
  }

  /** The parts of a cache file, each still serialised; undefined when there is no usable file. */
  private load(file: string, parts: number): Uint8Array[] | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return undefined; // not there: a cold build
    }
    try {
      // A file in another format of xnews's cache (its whole first line there): written by another
      // version, and written over by this one.
      const firstLine = bytes.subarray(0, bytes.indexOf(10, FORMAT.length) + 1).toString("latin1");
      if (/^xnews-cache \d+\n$/.test(firstLine) && firstLine !== MAGIC) return undefined;
      if (bytes.length < HEADER || bytes.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) throw new Error("not an xnews cache file");
      // Written by another version of xnews: not used, and written over by this one.
      if (bytes.subarray(MAGIC.length, MAGIC.length + VERSION_LINE).toString("latin1") !== `${this.version}\n`) return undefined;
      const payload = bytes.subarray(HEADER);
      if (bytes.subarray(HEADER - 22, HEADER).toString("latin1") !== checksum([payload])) throw new Error("truncated or garbled");
      const found: Uint8Array[] = [];
      for (let at = 0; at < payload.length; ) {
        const length = Number(payload.subarray(at, at + PART_HEADER).toString("latin1"));
        found.push(payload.subarray(at + PART_HEADER, at + PART_HEADER + length));
        at += PART_HEADER + length;
      }
      if (found.length !== parts) throw new Error("not the expected parts");
      return found;
    } catch (e) {
      this.notices.push(`the build cache file ${displayPath(file)} could not be used (${(e as Error).message}); it is rebuilt`);
      return undefined;
    }
  }

  /** Writes values as separately serialised parts, so that a reader may deserialise only the first. */
  private save(file: string, values: unknown[]): void {
    const chunks: Uint8Array[] = [];
    for (const value of values) {
      const bytes = v8.serialize(value);
      chunks.push(Buffer.from(`${String(bytes.length).padStart(PART_HEADER - 1, "0")}\n`, "latin1"), bytes);
    }
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // Header and parts written one after the other: no second copy of a payload of 100 MB.
    const fd = fs.openSync(tmp, "w");
    try {
      for (const chunk of [Buffer.from(`${MAGIC}${this.version}\n${checksum(chunks)}`, "latin1"), ...chunks]) {
        for (let done = 0; done < chunk.length; ) done += fs.writeSync(fd, chunk, done);
      }
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }
}

/** Readings changed since the readings file was written whole (a later file beside it). */
interface StoryDelta {
  entries: Map<string, StoryEntry>;
  removed: Set<string>;
}

const sizeOf = (delta: StoryDelta | undefined) => (delta ? delta.entries.size + delta.removed.size : 0);

/** Story readings by place, each valid while its file's stamp is unchanged. */
export class CachedStories implements StoryMemory {
  private readonly next = new Map<string, StoryEntry>();
  private dirty = false;
  /** Whether a story file was read that the inputs' stamps did not hold. */
  unstamped = false;

  /**
   * @param base the readings as last written whole, `delta` the changes since
   * @param write stores `next`, whole or as its changes from `base`
   */
  constructor(
    private readonly base: Map<string, StoryEntry>,
    private readonly delta: StoryDelta | undefined,
    private readonly stamps: ReadonlyMap<string, string>,
    private readonly write: (next: Map<string, StoryEntry>, changes: StoryDelta) => void,
  ) {}

  recall(place: StoryPlace): { result: StoryResult } | { stamp: string | undefined } {
    const file = path.resolve(place.dir, place.rel);
    let now = this.stamps.get(file);
    if (now === undefined) {
      // A file that came after the inputs were stamped: their key does not describe this build.
      this.unstamped = true;
      now = stampOf(file);
    }
    const known = this.earlier(place.key);
    if (!now || known?.stamp !== now) return { stamp: now && Date.now() - modifiedMs(now) > RACY_MS ? now : undefined };
    this.next.set(place.key, known);
    return { result: known.result };
  }

  /** Keeps a reading under the stamp its file had before it was read (none: the file was saved a moment ago). */
  remember(place: StoryPlace, stamp: string | undefined, result: StoryResult): void {
    if (stamp !== undefined) this.next.set(place.key, { stamp, result });
    this.dirty = true;
  }

  /** Writes the readings of this build, unless it read nothing anew and has as many as the last one. */
  save(): void {
    const changes: StoryDelta = { entries: new Map(), removed: new Set() };
    for (const [key, entry] of this.next) if (this.base.get(key) !== entry) changes.entries.set(key, entry);
    for (const key of this.base.keys()) if (!this.next.has(key)) changes.removed.add(key);
    if (this.dirty || sizeOf(changes) !== sizeOf(this.delta)) this.write(this.next, changes);
  }

  private earlier(key: string): StoryEntry | undefined {
    if (this.delta?.removed.has(key)) return undefined;
    return this.delta?.entries.get(key) ?? this.base.get(key);
  }
}

/**
 * The size and time of every module of xnews itself and of the entry of each library it runs on,
 * and Node's versions (its ICU data dates stories): a version number is not bumped for every change
 * a developer or an upgrade makes, and output made by other code must not be reused.
 */
function codeStamp(): string {
  const root = path.resolve(fileURLToPath(import.meta.url), "../..");
  const parts: string[] = [JSON.stringify(process.versions)];
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "../package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) {
    try {
      const entry = require.resolve(name);
      const s = fs.statSync(entry, { bigint: true });
      parts.push(`${name}:${entry}:${s.size}:${s.mtimeNs}`);
    } catch {
      parts.push(`${name}:unresolved`);
    }
  }
  for (const rel of (fs.readdirSync(root, { recursive: true }) as string[]).sort()) {
    if (!/\.(js|ts)$/.test(rel)) continue;
    const s = fs.statSync(path.join(root, rel), { bigint: true });
    parts.push(`${rel}:${s.size}:${s.mtimeNs}`);
  }
  return crypto.hash("sha1", parts.join("\n"), "hex");
}

/** CRC-32 and length of bytes in chunks: catches a truncated or garbled file at memory speed (this guards against accidents, not attacks). */
function checksum(chunks: Uint8Array[]): string {
  let crc = 0;
  let length = 0;
  for (const chunk of chunks) {
    crc = zlib.crc32(chunk, crc);
    length += chunk.length;
  }
  return `${crc.toString(16).padStart(8, "0")} ${String(length).padStart(12, "0")}\n`;
}

/** Drops the cache folder (`xnews clean`). Only a folder that holds cache files, or nothing, is removed. */
export function removeCache(dir: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return false;
  }
  if (names.some((n) => !/^(stories|outputs|search)-[0-9a-f]{16}(-delta|-t|-x)?\.bin(\.\d+\.tmp)?$/.test(n))) {
    throw new UserError([errorAt(displayPath(dir), "this folder holds files that are not xnews's build cache, so it was left alone", "pass --cache with the cache's folder, or remove this one by hand if it is yours to remove")]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
}
