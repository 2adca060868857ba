// A build writes the whole site into a fresh folder and puts it in place only when every file is
// written, so a failed or killed build never leaves a half-written site.
//
// Where the output folder can be renamed, the swap is two renames beside it (dist → .dist.old-PID,
// .dist.new-PID-… → dist). Where it cannot — a mount point (a Docker volume), or a symbolic link
// whose target a web server serves — the new site is staged inside the folder and its contents
// are swapped entry by entry: each top-level file or folder is replaced by one rename, one after
// another, and the folder itself (its owner, mode, mount) stays.
//
// Leftovers of a killed build are recognised by name and by the marker file inside them; nothing
// without the marker is ever renamed or deleted, and nothing of a build still running is touched.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { displayPath } from "../content/files.js";
import { FolderWriter, MARKER_FILE, MARKER_TEXT } from "./writer.js";

export interface SwapReport {
  /** Why the contents were swapped rather than the folder, when they were. */
  contentsSwapped?: string;
}

export interface StagedOutput {
  writer: FolderWriter;
  /** Puts the new site in place of the old one. */
  commit(): SwapReport;
  /** Throws the new site away; the old one is untouched. */
  abort(): void;
}

/** Names of the work folders of a contents swap, inside the output folder. */
const INNER_PREFIX = ".xnews-";
/** Written into a staged folder once it is complete: the names it holds, for a roll-forward. */
const COMPLETE_FILE = ".xnews-complete";
/** A file system's own folder at a volume's root: never the site's, never moved. */
const LOST_FOUND = "lost+found";

export function stageOutput(outDir: string): StagedOutput {
  const out = path.resolve(outDir);
  recoverOutput(out);
  const why = whyContentsSwap(out);
  return why === undefined ? stageBeside(out) : stageInside(out, why);
}

/**
 * Puts back the site a killed build had set aside, and removes what killed builds left behind.
 * Run before every build, so that "the previous site is unchanged" is true even then.
 */
export function recoverOutput(outDir: string): void {
  const out = path.resolve(outDir);
  const parent = path.dirname(out);
  if (!fs.existsSync(parent)) return;
  const base = path.basename(out);
  const oldName = new RegExp(`^\\.${escapeRegExp(base)}\\.old-(\\d+)-\\d+$`);
  const newName = new RegExp(`^\\.${escapeRegExp(base)}\\.new-(\\d+)-[0-9a-f]+$`);
  for (const name of fs.readdirSync(parent).sort()) {
    const full = path.join(parent, name);
    const old = oldName.exec(name);
    const staged = newName.exec(name);
    if (old && !isRunning(Number(old[1])) && isOurs(full)) {
      if (!fs.existsSync(out)) fs.renameSync(full, out);
      else removeOurFolder(full);
    } else if (staged && !isRunning(Number(staged[1])) && (isOurs(full) || isEmptyFolder(full))) {
      removeOurFolder(full);
    }
  }
  if (isFolder(out)) recoverInside(out);
}

// ---------------------------------------------------------------- the folder swapped whole

function stageBeside(out: string): StagedOutput {
  const parent = path.dirname(out);
  fs.mkdirSync(parent, { recursive: true });
  const staging = makeWorkFolder(parent, `.${path.basename(out)}.new-${process.pid}-`);
  return {
    writer: new FolderWriter(staging),
    commit() {
      const asides: string[] = [];
      try {
        for (let attempt = 0; ; attempt++) {
          const aside = path.join(parent, `.${path.basename(out)}.old-${process.pid}-${attempt}`);
          if (fs.existsSync(out)) {
            // An empty folder without the marker is set aside too: mark it, so it is known as ours.
            if (!isOurs(out)) fs.writeFileSync(path.join(out, MARKER_FILE), MARKER_TEXT);
            fs.renameSync(out, aside);
            asides.push(aside);
          }
          try {
            fs.renameSync(staging, out);
            break;
          } catch (e) {
            // Another build put its site in place between our two renames: set that one aside too.
            if (!isCode(e, "ENOTEMPTY", "EEXIST") || attempt >= 50) throw e;
          }
        }
      } catch (e) {
        // The folder cannot be renamed after all (a bind mount the checks did not see).
        if (!isCode(e, "EBUSY", "EXDEV") || asides.length) throw e;
        swapContents(staging, out);
        removeOurFolder(staging);
        return { contentsSwapped: `${displayPath(out)} could not be renamed (${(e as NodeJS.ErrnoException).code})` };
      }
      for (const aside of asides) removeOurFolder(aside);
      return {};
    },
    abort() {
      removeOurFolder(staging);
    },
  };
}

// ---------------------------------------------------------------- the contents swapped

/** Why the output folder cannot be renamed whole, or undefined when it can. */
function whyContentsSwap(out: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(out);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return `${displayPath(out)} is a symbolic link (to ${fs.realpathSync(out)})`;
  if (stat.isDirectory() && isMountPoint(out)) return `${displayPath(out)} is a mount point`;
  return undefined;
}

function stageInside(out: string, why: string): StagedOutput {
  const real = fs.realpathSync(out);
  const staging = makeWorkFolder(real, `${INNER_PREFIX}new-${process.pid}-`);
  return {
    writer: new FolderWriter(staging),
    commit() {
      swapContents(staging, real);
      removeOurFolder(staging);
      return { contentsSwapped: why };
    },
    abort() {
      removeOurFolder(staging);
    },
  };
}

/**
 * Replaces the contents of `target` with those of `staging`, entry by entry. The names are
 * recorded first, so that a build killed part-way is finished by the next one (recoverInside).
 */
function swapContents(staging: string, target: string): void {
  const names = fs.readdirSync(staging).filter((n) => n !== MARKER_FILE && n !== COMPLETE_FILE).sort();
  fs.writeFileSync(path.join(staging, COMPLETE_FILE), JSON.stringify(names));
  const aside = makeWorkFolder(target, `${INNER_PREFIX}old-${process.pid}-`);
  for (const name of names) {
    if (exists(path.join(target, name))) fs.renameSync(path.join(target, name), path.join(aside, name));
    move(path.join(staging, name), path.join(target, name));
  }
  const kept = new Set(names);
  for (const name of fs.readdirSync(target)) {
    if (!kept.has(name) && !name.startsWith(INNER_PREFIX) && name !== LOST_FOUND) fs.renameSync(path.join(target, name), path.join(aside, name));
  }
  if (!exists(path.join(target, MARKER_FILE))) fs.writeFileSync(path.join(target, MARKER_FILE), MARKER_TEXT);
  removeOurFolder(aside);
}

/** A contents swap that a killed build left part-done is finished; other leftovers are removed. */
function recoverInside(folder: string): void {
  const work = /^\.xnews-(new|old)-(\d+)-[0-9a-f]+$/;
  const leftovers = fs
    .readdirSync(folder)
    .sort()
    .map((name) => ({ name, m: work.exec(name) }))
    .filter(({ m, name }) => m && !isRunning(Number(m[2])) && isOurs(path.join(folder, name)));
  for (const { name, m } of leftovers) {
    const full = path.join(folder, name);
    const complete = path.join(full, COMPLETE_FILE);
    if (m![1] === "new" && exists(complete)) {
      const names = new Set(JSON.parse(fs.readFileSync(complete, "utf8")) as string[]);
      for (const entry of names) {
        if (!exists(path.join(full, entry))) continue; // already moved in
        fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
        move(path.join(full, entry), path.join(folder, entry));
      }
      for (const entry of fs.readdirSync(folder)) {
        if (!names.has(entry) && !entry.startsWith(INNER_PREFIX) && entry !== LOST_FOUND) fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
      }
    }
  }
  for (const { name } of leftovers) removeOurFolder(path.join(folder, name));
}

/** Renames, or copies when the two places are on different file systems. */
function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if (!isCode(e, "EXDEV")) throw e;
    fs.cpSync(from, to, { recursive: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/** A mount point sits on another device than its parent, or is listed by the kernel (bind mounts). */
function isMountPoint(dir: string): boolean {
  const real = fs.realpathSync(dir);
  if (fs.statSync(real).dev !== fs.statSync(path.dirname(real)).dev) return true;
  try {
    // Field 5 of each line is the mount point, with spaces and the like written as \040.
    const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    return fs
      .readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .some((line) => unescape(line.split(" ")[4] ?? "") === real);
  } catch {
    return false; // not Linux: the device check above is what there is
  }
}

// ---------------------------------------------------------------- small helpers

/** A new work folder, with the marker in it at once; made as mkdir makes folders (umask applies). */
function makeWorkFolder(parent: string, prefix: string): string {
  for (;;) {
    const dir = path.join(parent, `${prefix}${crypto.randomBytes(6).toString("hex")}`);
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if (isCode(e, "EEXIST")) continue;
      throw e;
    }
    fs.writeFileSync(path.join(dir, MARKER_FILE), MARKER_TEXT);
    return dir;
  }
}

/** Deletes a work folder with its marker last, so that a folder half-deleted by a kill is still known as ours. */
function removeOurFolder(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name !== MARKER_FILE) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

function isOurs(dir: string): boolean {
  return exists(path.join(dir, MARKER_FILE));
}

function isEmptyFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Work folders carry their build's pid: those of a build still running are left alone. */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isCode(e, "EPERM");
  }
}

function isCode(e: unknown, ...codes: string[]): boolean {
  return codes.includes((e as NodeJS.ErrnoException)?.code ?? "");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
