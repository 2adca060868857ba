// The build cache (.xnews-cache/ by default): what the last build read and wrote, so that the next
// one reads only the story files that changed and renders only the outputs whose key changed.
//
// Each file is keyed by everything that could change what it holds (xnews's version, the working
// folder, the folders, the settings stories are read with); a file from other settings is simply
// not found. Each file carries a checksum: a truncated, garbled or foreign file is ignored with a
// one-line notice, and the build goes on as a cold build. A story file is trusted only when its
// size, times and inode are all as recorded, and never when it was modified within a moment of
// being read (a save in the same clock tick would go unnoticed).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { displayPath } from "../content/files.js";
import { UserError, errorAt } from "../diagnostics.js";
import type { StoryPlace, StoryResult } from "../content/load-content.js";
import type { StoredDependencies } from "../render/dependencies.js";
import type { StoryMemory } from "../site.js";

export const DEFAULT_CACHE_DIR = ".xnews-cache";
const MAGIC = "xnews-cache 2\n";
/** After the magic line: the payload's CRC-32 and length, as "xxxxxxxx nnnnnnnnnnnn\n". */
const HEADER = MAGIC.length + 22;
/**
 * A file modified this shortly before it was read might be saved again within the same clock tick
 * and look unchanged: such a reading is not kept (the file is read again next time, when it is older).
 */
const RACY_MS = 2000;

interface StoryEntry {
  stamp: string;
  result: StoryResult;
}

/** A file the last build wrote, as the file system knows it: it is reused only while it is still this file. */
export interface FileRecord {
  ino: string;
  size: string;
  mtimeNs: string;
}

/** What the last build wrote to an output folder: what each output was made from, and its file. */
export interface OutputsRecord {
  dependencies: StoredDependencies;
  files: Map<string, FileRecord>;
}

export class BuildCache {
  /** Said once per problem: a cache file that could not be used. */
  readonly notices: string[] = [];
  /** xnews's version and the stamps of its own code: a cache from other code is not found. */
  private readonly version: string;

  constructor(
    readonly dir: string,
    version: string,
  ) {
    this.version = `${version}:${codeStamp()}`;
  }

  /** Story readings from the last build, for files read with the same settings. */
  stories(contentDir: string, readingSettings: unknown): CachedStories {
    const name = this.fileName("stories", path.resolve(contentDir), process.cwd(), readingSettings);
    const loaded = this.load<Map<string, StoryEntry>>(name);
    return new CachedStories(loaded instanceof Map ? loaded : new Map(), (entries) => this.save(name, entries));
  }

  /** What the last build wrote to `outDir`. */
  outputs(outDir: string): OutputsRecord | undefined {
    const loaded = this.load<OutputsRecord>(this.outputsName(outDir));
    return loaded && loaded.files instanceof Map && loaded.dependencies?.outputs instanceof Map ? loaded : undefined;
  }

  saveOutputs(outDir: string, record: OutputsRecord): void {
    this.save(this.outputsName(outDir), record);
  }

  private outputsName(outDir: string): string {
    return this.fileName("outputs", path.resolve(outDir), process.cwd());
  }

  private fileName(kind: string, ...keyParts: unknown[]): string {
    const key = crypto.createHash("sha1").update(JSON.stringify([this.version, ...keyParts])).digest("hex").slice(0, 16);
    return path.join(this.dir, `${kind}-${key}.bin`);
  }

  private load<T>(file: string): T | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return undefined; // not there: a cold build
    }
    try {
      if (bytes.length < HEADER || bytes.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) throw new Error("not an xnews cache file");
      const payload = bytes.subarray(HEADER);
      if (bytes.subarray(MAGIC.length, HEADER).toString("latin1") !== checksum(payload)) throw new Error("truncated or garbled");
      return v8.deserialize(payload) as T;
    } catch (e) {
      this.notices.push(`the build cache file ${displayPath(file)} could not be used (${(e as Error).message}); it is rebuilt`);
      return undefined;
    }
  }

  private save(file: string, value: unknown): void {
    const payload = v8.serialize(value);
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    // Header and payload written one after the other: no second copy of a payload of 100 MB.
    const fd = fs.openSync(tmp, "w");
    try {
      for (const part of [Buffer.from(MAGIC + checksum(payload), "latin1"), payload]) {
        for (let done = 0; done < part.length; ) done += fs.writeSync(fd, part, done);
      }
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }
}

/** Story readings by place, each valid while its file's stamp is unchanged. */
export class CachedStories implements StoryMemory {
  private readonly next = new Map<string, StoryEntry>();
  private dirty = false;

  constructor(
    private readonly earlier: Map<string, StoryEntry>,
    private readonly write: (entries: Map<string, StoryEntry>) => void,
  ) {}

  recall(place: StoryPlace): { result: StoryResult } | { stamp: string | undefined } {
    const now = stampOf(path.join(place.dir, place.rel));
    const known = this.earlier.get(place.key);
    if (!now || known?.stamp !== now.stamp) return { stamp: now && Date.now() - now.mtimeMs > RACY_MS ? now.stamp : undefined };
    this.next.set(place.key, known);
    return { result: known.result };
  }

  /** Keeps a reading under the stamp its file had before it was read (none: the file was saved a moment ago). */
  remember(place: StoryPlace, stamp: string | undefined, result: StoryResult): void {
    if (stamp !== undefined) this.next.set(place.key, { stamp, result });
    this.dirty = true;
  }

  /** Writes the readings of this build, unless they are exactly the last build's. */
  save(): void {
    if (this.dirty || this.next.size !== this.earlier.size) this.write(this.next);
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

function stampOf(file: string): { stamp: string; mtimeMs: number } | undefined {
  try {
    const s = fs.statSync(file, { bigint: true });
    return { stamp: `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`, mtimeMs: Number(s.mtimeNs / 1_000_000n) };
  } catch {
    return undefined;
  }
}

/** CRC-32 and length: catches a truncated or garbled file at memory speed (this guards against accidents, not attacks). */
function checksum(payload: Uint8Array): string {
  return `${zlib.crc32(payload).toString(16).padStart(8, "0")} ${String(payload.length).padStart(12, "0")}\n`;
}

/** Drops the cache folder (`xnews clean`). Only a folder that holds cache files, or nothing, is removed. */
export function removeCache(dir: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return false;
  }
  if (names.some((n) => !/^(stories|outputs)-[0-9a-f]{16}\.bin(\.\d+\.tmp)?$/.test(n))) {
    throw new UserError([errorAt(displayPath(dir), "this folder holds files that are not xnews's build cache, so it was left alone", "pass --cache with the cache's folder, or remove this one by hand if it is yours to remove")]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
}
