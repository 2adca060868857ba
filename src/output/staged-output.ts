// A build writes the whole site into a fresh folder and puts it in place only when every file is
// written, so a failed or killed build never leaves a half-written site.
//
// Where the output folder can be renamed, the swap is two renames beside it (dist → .dist.old-…,
// .dist.new-… → dist). Where it cannot — a mount point (a Docker volume), or a symbolic link whose
// target a web server serves — the new site is staged inside the folder and its contents are
// swapped entry by entry: each top-level file or folder is replaced by one rename, one after
// another, and the folder itself (its owner, mode, mount) stays.
//
// The old site, once set aside, may be kept as the spare (".dist.spare") instead of deleted: the
// next build, which knows from its cache what the spare holds, stages into it and so only touches
// the files that changed over two builds, rather than every file of a large site.
//
// Leftovers of a killed build are recognised by name and by the marker file inside them; nothing
// without the marker, nothing reached through a link, and nothing of a build still running is
// ever renamed or deleted. Builds running at the same time each succeed; the last one wins.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { displayPath } from "../content/files.js";
import { FolderWriter, MARKER_FILE, MARKER_TEXT, VOLUME_ENTRIES } from "./writer.js";

export interface SwapReport {
  /** Why the contents were swapped rather than the folder, when they were. */
  contentsSwapped?: string;
  /** The id of the spare: the old site, kept beside the new one to be the next build's stage. */
  spare?: string;
  /** The output folder now (device and inode): a later look tells whether another build's site replaced it. */
  folder?: string;
}

export interface StagedOutput {
  writer: FolderWriter;
  /**
   * The spare the stage was made from, when it was: the site of two builds ago, whose files the
   * caller must bring up to date (its files are the caller's to know; the spare's marker is gone).
   */
  fromSpare: boolean;
  /**
   * Puts the new site in place of the old one. With `keepSpare`, the old site is kept as the spare
   * under that id (when the folder was swapped whole), rather than deleted.
   */
  commit(keepSpare?: string): SwapReport;
  /** Throws the new site away; the old one is untouched. */
  abort(): void;
}

/** What a build says once when it swapped the contents of the output folder. */
export function contentsSwapNote(why: string): string {
  return `${why}, so its contents were swapped entry by entry rather than the folder whole (README: "Nothing lost")`;
}

/**
 * A folder to write the new site into. `spare` is the id of the spare the caller knows the files
 * of ("" for none): a spare of that id becomes the stage, one of another id is deleted. Without
 * it, any spare is left alone.
 */
export function stageOutput(outDir: string, spare?: string): StagedOutput {
  const out = path.resolve(outDir);
  recoverOutput(out);
  const why = whyContentsSwap(out);
  return why === undefined ? stageBeside(out, spare) : stageInside(out, why);
}

/**
 * Puts back the site a killed build had set aside, and removes what killed builds left behind.
 * Run before every build, so that "the previous site is unchanged" is true even then.
 */
export function recoverOutput(outDir: string): void {
  const out = path.resolve(outDir);
  const parent = path.dirname(out);
  let names: string[];
  try {
    names = fs.readdirSync(parent).sort();
  } catch {
    return;
  }
  const beside = besidePrefix(out);
  for (const name of names) {
    const work = parseWorkFolder(beside, name);
    const full = path.join(parent, name);
    if (!work || isRunning(work.pid)) continue;
    if (work.kind === "old" && isOurs(full)) {
      if (!exists(out)) fs.renameSync(full, out);
      else removeOurFolder(full);
    } else if (work.kind === "new" && (isOurs(full) || isEmptyFolder(full))) {
      removeOurFolder(full);
    }
  }
  // Inside the folder (or the folder a link leads to): what a killed contents swap left.
  try {
    if (fs.statSync(out).isDirectory()) recoverInside(fs.realpathSync(out));
  } catch {
    // no output folder yet
  }
}

// ---------------------------------------------------------------- work folders

/** Work folders beside the output are ".dist.new-PID-…" and ".dist.old-PID-…". */
function besidePrefix(out: string): string {
  return `.${path.basename(out)}.`;
}
/** Work folders inside the output (a contents swap) are ".xnews-new-PID-…" and ".xnews-old-PID-…". */
const INSIDE_PREFIX = ".xnews-";

type WorkKind = "new" | "old";

/** A work folder's name: its kind and its build's pid, so that the folders of a live build are left alone. */
function workFolderName(prefix: string, kind: WorkKind): string {
  return `${prefix}${kind}-${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
}

function parseWorkFolder(prefix: string, name: string): { kind: WorkKind; pid: number } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = /^(new|old)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length));
  return m ? { kind: m[1] as WorkKind, pid: Number(m[2]) } : undefined;
}

/**
 * The spare beside the output: ".dist.spare". It is not a work folder, so recovery leaves it; it
 * holds SPARE_FILE with its id, which the build cache records with the spare's files.
 */
function spareFolder(out: string): string {
  return path.join(path.dirname(out), `${besidePrefix(out)}spare`);
}
const SPARE_FILE = ".xnews-spare";

/** Entries of the output folder that belong to xnews's bookkeeping or the volume, never to the site. */
function isSiteEntry(name: string): boolean {
  return !name.startsWith(INSIDE_PREFIX) && name !== MARKER_FILE && name !== SPARE_FILE && !VOLUME_ENTRIES.has(name);
}

/**
 * Renames the spare of id `id` to a new work folder of this build and returns it; a spare of
 * another id is deleted. Only one build can claim a spare: the rename is the claim.
 */
function claimSpare(out: string, prefix: string, id: string): string | undefined {
  const spare = spareFolder(out);
  if (!isOurs(spare)) return undefined;
  let found: string | undefined;
  try {
    found = fs.readFileSync(path.join(spare, SPARE_FILE), "utf8");
  } catch {
    // no id: not a spare this build knows
  }
  const staging = path.join(path.dirname(out), workFolderName(prefix, "new"));
  try {
    fs.renameSync(spare, staging);
  } catch (e) {
    if (isCode(e, "ENOENT")) return undefined; // another build claimed it first
    throw e;
  }
  if (found !== id) {
    removeOurFolder(staging);
    return undefined;
  }
  fs.rmSync(path.join(staging, SPARE_FILE));
  return staging;
}

/** A new work folder, with the marker in it at once; made as mkdir makes folders (umask applies). */
function makeWorkFolder(parent: string, prefix: string, kind: WorkKind): string {
  for (;;) {
    const dir = path.join(parent, workFolderName(prefix, kind));
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

// ---------------------------------------------------------------- the folder swapped whole

function stageBeside(out: string, spare: string | undefined): StagedOutput {
  const parent = path.dirname(out);
  fs.mkdirSync(parent, { recursive: true });
  const prefix = besidePrefix(out);
  const claimed = spare === undefined ? undefined : claimSpare(out, prefix, spare);
  const staging = claimed ?? makeWorkFolder(parent, prefix, "new");
  // The site the caller looks at now: only this folder may become the spare the caller describes
  // (another build may put its site in place meanwhile).
  const liveNow = folderId(out);
  return {
    writer: new FolderWriter(staging),
    fromSpare: claimed !== undefined,
    commit(keepSpare) {
      const asides: string[] = [];
      try {
        for (let attempt = 0; ; attempt++) {
          if (exists(out)) {
            // An empty folder without the marker is set aside too: mark it, so it is known as ours.
            if (!isOurs(out)) fs.writeFileSync(path.join(out, MARKER_FILE), MARKER_TEXT);
            const aside = path.join(parent, workFolderName(prefix, "old"));
            try {
              fs.renameSync(out, aside);
              asides.push(aside);
            } catch (e) {
              if (!isCode(e, "ENOENT")) throw e; // another build set it aside first
            }
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
        return { contentsSwapped: `${displayPath(out)} could not be renamed (${(e as NodeJS.ErrnoException).code})`, folder: folderId(out) };
      }
      // The old site kept as the spare: its id written first, so a spare is never without one.
      const folder = folderId(out);
      const [aside] = asides;
      if (keepSpare !== undefined && asides.length === 1 && liveNow !== undefined && folderId(aside!) === liveNow && keptAsSpare(aside!, spareFolder(out), keepSpare)) {
        return { spare: keepSpare, folder };
      }
      for (const aside of asides) removeOurFolder(aside);
      return { folder };
    },
    abort() {
      removeOurFolder(staging);
    },
  };
}

/**
 * Renames the set-aside old site to the spare; false when that cannot be done (something is there
 * already, another build's spare or a file; the folder cannot be written): the spare only saves
 * time, and the new site is in place already.
 */
function keptAsSpare(aside: string, spare: string, id: string): boolean {
  try {
    fs.writeFileSync(path.join(aside, SPARE_FILE), id);
    fs.renameSync(aside, spare);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes the spare, of id `id`, from the site in place: each of its files (`routes`) linked, not
 * copied. False when that cannot be done (no hard links here, something in the spare's place):
 * the spare only saves time.
 */
export function linkSpare(outDir: string, routes: Iterable<string>, id: string): boolean {
  const out = path.resolve(outDir);
  if (exists(spareFolder(out))) return false;
  const work = makeWorkFolder(path.dirname(out), besidePrefix(out), "new");
  try {
    const writer = new FolderWriter(work);
    for (const route of routes) writer.link(route, path.join(out, route));
    if (keptAsSpare(work, spareFolder(out), id)) return true;
  } catch {
    // as when keptAsSpare cannot
  }
  removeOurFolder(work);
  return false;
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
  const staging = makeWorkFolder(real, INSIDE_PREFIX, "new");
  return {
    writer: new FolderWriter(staging),
    fromSpare: false,
    commit() {
      swapContents(staging, real);
      removeOurFolder(staging);
      return { contentsSwapped: why, folder: folderId(real) };
    },
    abort() {
      removeOurFolder(staging);
    },
  };
}

/** Written into a staged folder once it is complete: the names it holds, for a roll-forward. */
const COMPLETE_FILE = ".xnews-complete";

/**
 * Replaces the contents of `target` with those of `staging`, entry by entry. The names are
 * recorded first, so that a build killed part-way is finished by the next one (recoverInside).
 */
function swapContents(staging: string, target: string): void {
  const names = fs.readdirSync(staging).filter(isSiteEntry).sort();
  fs.writeFileSync(path.join(staging, COMPLETE_FILE), JSON.stringify(names));
  const aside = makeWorkFolder(target, INSIDE_PREFIX, "old");
  let n = 0;
  /** Moves `name` out of the site into `aside`; gone already (another build moved it) is fine. */
  const setAside = (name: string) => {
    try {
      fs.renameSync(path.join(target, name), path.join(aside, `${n++}-${name}`));
    } catch (e) {
      if (!isCode(e, "ENOENT")) throw e;
    }
  };
  for (const name of names) {
    for (let attempt = 0; ; attempt++) {
      setAside(name);
      try {
        move(path.join(staging, name), path.join(target, name));
        break;
      } catch (e) {
        // Another build's entry landed there meanwhile: it is set aside in turn.
        if (!isCode(e, "ENOTEMPTY", "EEXIST", "EISDIR", "ENOTDIR") || attempt >= 50) throw e;
      }
    }
  }
  const kept = new Set(names);
  for (const name of fs.readdirSync(target)) if (!kept.has(name) && isSiteEntry(name)) setAside(name);
  if (!exists(path.join(target, MARKER_FILE))) fs.writeFileSync(path.join(target, MARKER_FILE), MARKER_TEXT);
  removeOurFolder(aside);
}

/** A contents swap that a killed build left part-done is finished; other leftovers are removed. */
function recoverInside(folder: string): void {
  const leftovers = fs
    .readdirSync(folder)
    .sort()
    .map((name) => ({ name, work: parseWorkFolder(INSIDE_PREFIX, name) }))
    .filter(({ name, work }) => work && !isRunning(work.pid) && isOurs(path.join(folder, name)));
  for (const { name, work } of leftovers) {
    const staged = path.join(folder, name);
    const complete = path.join(staged, COMPLETE_FILE);
    if (work!.kind !== "new" || !exists(complete)) continue;
    const names = new Set(JSON.parse(fs.readFileSync(complete, "utf8")) as string[]);
    for (const entry of names) {
      if (!exists(path.join(staged, entry))) continue; // already moved in
      fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
      move(path.join(staged, entry), path.join(folder, entry));
    }
    for (const entry of fs.readdirSync(folder)) if (!names.has(entry) && isSiteEntry(entry)) fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
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

/** Deletes a work folder with its marker last, so that a folder half-deleted by a kill is still known as ours. */
function removeOurFolder(dir: string): void {
  if (!isFolder(dir)) return;
  for (const name of fs.readdirSync(dir)) if (name !== MARKER_FILE) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A real folder (not reached through a link) holding xnews's marker. */
function isOurs(dir: string): boolean {
  return isFolder(dir) && exists(path.join(dir, MARKER_FILE));
}

function isEmptyFolder(dir: string): boolean {
  return isFolder(dir) && fs.readdirSync(dir).length === 0;
}

/** A folder itself, not a link to one. */
function isFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A folder's device and inode (a link's target's), which a rename keeps: undefined when there is none. */
export function folderId(dir: string): string | undefined {
  try {
    const s = fs.statSync(dir);
    return s.isDirectory() ? `${s.dev}:${s.ino}` : undefined;
  } catch {
    return undefined;
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
