// Writing files under an output folder. Every write goes through a route check, so no route can
// leave the folder; files and folders get the modes a plain mkdir/writeFile gives under the
// user's umask, so a web server running as another user can read them.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { safeRoute } from "../paths.js";
import { copyKey } from "../render/source-fingerprint.js";

export interface Writer {
  write(route: string, content: string | Uint8Array): void;
  /** Copies a file as it is; any size, it is never read into memory whole. */
  copy(route: string, source: string): void;
}

/** A short fingerprint of a file's content, to skip writing what has not changed. */
export function contentHash(content: string | Uint8Array): string {
  return crypto.createHash("sha1").update(content).digest("base64");
}

/** Passes writes on, remembering each file's fingerprint. */
export class HashingWriter implements Writer {
  readonly hashes = new Map<string, string>();
  constructor(private readonly inner: Writer) {}
  write(route: string, content: string | Uint8Array): void {
    this.inner.write(route, content);
    this.hashes.set(route, contentHash(content));
  }
  copy(route: string, source: string): void {
    this.inner.copy(route, source);
    this.hashes.set(route, copyKey(source));
  }
}

/** Marks a folder as written by xnews, so that it may later be replaced. */
export const MARKER_FILE = ".xnews-output";
export const MARKER_TEXT = "This folder is written by xnews build; it is replaced whole on each build.\n";
/** A file system's own entries at a volume's root (an output folder that is a mount point has them): never the site's. */
export const VOLUME_ENTRIES: ReadonlySet<string> = new Set(["lost+found"]);

/** Writes into a folder that only this writer touches (a fresh staging folder). */
export class FolderWriter implements Writer {
  private readonly madeDirs = new Set<string>();
  constructor(readonly root: string) {}

  // "wx": a file of a fresh folder is made, never written over; so nothing is ever written through
  // a hard link to the live site's file, and two outputs at one path are an error, not a loss.
  write(route: string, content: string | Uint8Array): void {
    fs.writeFileSync(this.target(route), content, { flag: "wx" });
  }

  copy(route: string, source: string): void {
    copyPlain(source, this.target(route), "wx");
  }

  /** Puts `source` at `route` as a hard link (the same file, not a copy); throws where links cannot be made. */
  link(route: string, source: string): void {
    fs.linkSync(source, this.target(route));
  }

  private target(route: string): string {
    const file = path.join(this.root, checkedRoute(route));
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    return file;
  }
}

/**
 * Writes into and deletes from a folder that is being served and that others may touch (xnews
 * dev's output). It never follows a symbolic link found inside the folder: a link where a folder
 * or file of the site belongs is replaced, not written through, and deleting a route that passes
 * through a link deletes nothing. Each file is written beside its place and renamed over it, so
 * a page is never seen half-written.
 */
export class LiveFolder implements Writer {
  constructor(readonly root: string) {}

  write(route: string, content: string | Uint8Array): void {
    this.replace(route, (tmp) => fs.writeFileSync(tmp, content, { flag: "wx" }));
  }

  copy(route: string, source: string): void {
    this.replace(route, (tmp) => copyPlain(source, tmp, "wx"));
  }

  /** Deletes the file of a route, and the folders that leaves empty. */
  remove(route: string): void {
    const root = fs.realpathSync(this.root);
    const parts = checkedRoute(route).split("/");
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      dir = path.join(dir, part);
      if (!isRealFolder(dir)) return; // not the site's folder: nothing of ours is below it
    }
    fs.rmSync(path.join(dir, parts.at(-1)!), { recursive: true, force: true });
    for (; dir !== root; dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        break; // not empty
      }
    }
  }

  private replace(route: string, writeTo: (tmp: string) => void): void {
    const root = fs.realpathSync(this.root);
    const parts = checkedRoute(route).split("/");
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      dir = path.join(dir, part);
      if (!isRealFolder(dir)) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
      }
    }
    const file = path.join(dir, parts.at(-1)!);
    const tmp = path.join(dir, `.${parts.at(-1)}.xnews-${process.pid}.tmp`);
    // Made anew ("wx"): whatever sat at that name, a link included, is removed, never written through.
    fs.rmSync(tmp, { recursive: true, force: true });
    writeTo(tmp);
    // rename() replaces a link or file at `file` itself; a folder there has to go first.
    if (isRealFolder(file)) fs.rmSync(file, { recursive: true, force: true });
    fs.renameSync(tmp, file);
  }
}

function isRealFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

const CHUNK = 1 << 20;

/**
 * Copies a file in chunks into a new file made as writeFile makes it. copyFileSync would give the
 * copy its source's mode: a public/ file the user keeps at 0600 would be unreadable to the server.
 */
export function copyPlain(source: string, target: string, flag = "w"): void {
  const from = fs.openSync(source, "r");
  try {
    const to = fs.openSync(target, flag);
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (let n; (n = fs.readSync(from, buffer, 0, CHUNK, null)) > 0; ) fs.writeSync(to, buffer, 0, n);
    } finally {
      fs.closeSync(to);
    }
  } finally {
    fs.closeSync(from);
  }
}

function checkedRoute(route: string): string {
  const safe = safeRoute(route);
  if (!safe) throw new Error(`refusing to write outside the output folder: ${JSON.stringify(route)}`);
  return safe;
}
