// Writing the site. A build writes into a fresh folder beside the output and swaps it in only
// when every page is written, so a failed or killed build never leaves a half-written site.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { safeRoute } from "../model/routes.js";

export interface Writer {
  write(route: string, content: string | Uint8Array): void;
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
}

/** Marks a folder as written by xnews, so that it may later be replaced. */
export const MARKER_FILE = ".xnews-output";

/** Writes below `root`, creating folders as needed; refuses any path that leaves `root`. */
export class FolderWriter implements Writer {
  private readonly madeDirs = new Set<string>();
  constructor(readonly root: string) {}

  write(route: string, content: string | Uint8Array): void {
    const file = path.join(this.root, ...checkedRoute(route).split("/"));
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    fs.writeFileSync(file, content);
  }

  /** After folders were deleted behind the writer's back: it makes them again when needed. */
  forgetFolders(): void {
    this.madeDirs.clear();
  }
}

export interface StagedOutput {
  writer: FolderWriter;
  /** Puts the new site in place of the old one. */
  commit(): void;
  /** Throws the new site away; the old one is untouched. */
  abort(): void;
}

export function stageOutput(outDir: string): StagedOutput {
  const out = path.resolve(outDir);
  recoverInterruptedSwap(out);
  const parent = path.dirname(out);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(out)}.new-${process.pid}-`));
  const writer = new FolderWriter(staging);
  fs.writeFileSync(path.join(staging, MARKER_FILE), "This folder is written by xnews build; it is replaced whole on each build.\n");
  return {
    writer,
    commit() {
      const old = `${path.join(parent, `.${path.basename(out)}.old-`)}${process.pid}`;
      fs.rmSync(old, { recursive: true, force: true });
      if (fs.existsSync(out)) fs.renameSync(out, old);
      fs.renameSync(staging, out);
      fs.rmSync(old, { recursive: true, force: true });
    },
    abort() {
      fs.rmSync(staging, { recursive: true, force: true });
    },
  };
}

/** If a build died between its two renames, the old site is put back. Stale staging is removed. */
function recoverInterruptedSwap(out: string): void {
  const parent = path.dirname(out);
  if (!fs.existsSync(parent)) return;
  const base = path.basename(out);
  for (const name of fs.readdirSync(parent).sort()) {
    const full = path.join(parent, name);
    if (name.startsWith(`.${base}.old-`)) {
      if (!fs.existsSync(out)) fs.renameSync(full, out);
      else fs.rmSync(full, { recursive: true, force: true });
    } else if (name.startsWith(`.${base}.new-`) && !isRunning(Number(name.slice(base.length + 6).split("-")[0]))) {
      fs.rmSync(full, { recursive: true, force: true });
    }
  }
}

/** Staging folders carry their build's pid: those of a build still running are left alone. */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function checkedRoute(route: string): string {
  const safe = safeRoute(route);
  if (!safe) throw new Error(`refusing to write outside the output folder: ${JSON.stringify(route)}`);
  return safe;
}
