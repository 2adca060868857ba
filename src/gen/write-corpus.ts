import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CorpusError } from "./corpus-error.js";

// ---------------------------------------------------------------- writing

export interface CorpusFile {
  /** Relative to the content folder, with "/". */
  path: string;
  text: string;
}

/** Marks a content folder as made by the generator: only such a folder is ever replaced. */
export const GENERATED_MARKER = ".xnews-generated";

/**
 * The one place that touches the disk. Files go to a fresh sibling folder first, which then
 * replaces content/ whole: an interrupted run never leaves a half-old, half-new corpus.
 */
export function writeCorpus(contentDir: string, files: Iterable<CorpusFile>): void {
  assertReplaceable(contentDir);
  const staging = stagingBeside(contentDir);
  try {
    fs.writeFileSync(path.join(staging, GENERATED_MARKER), MARKER_TEXT);
    const made = new Set<string>();
    for (const file of files) {
      const target = path.join(staging, file.path);
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(target, file.text);
    }
    fs.rmSync(contentDir, { recursive: true, force: true });
    fs.renameSync(staging, contentDir);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

const MARKER_TEXT = "Written by npm run gen (xnews's corpus generator); replaced whole when it runs again.\n";

/** A fresh empty folder beside `dir`, to fill and then rename over it. */
function stagingBeside(dir: string): string {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  // mkdir, not mkdtemp (always 0700): the corpus gets the modes the user's umask gives.
  const staging = path.join(parent, `.${path.basename(dir)}-gen-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
  fs.mkdirSync(staging);
  return staging;
}

export interface CorpusPhoto {
  /** A file name in the photo folder. */
  name: string;
  bytes: Buffer;
}

/**
 * The generated photos' folder, written like content/: into a fresh sibling, then swapped in
 * whole. `stamp` names the set (count, size, generator version) in the folder's marker; a folder
 * already stamped the same holds these very bytes (photos are deterministic), so it is kept and
 * nothing is made: photos are by far the slowest part of a corpus.
 */
export async function writePhotoFolder(dir: string, stamp: string, photos: () => AsyncIterable<CorpusPhoto>): Promise<"written" | "kept"> {
  const marker = `${MARKER_TEXT}${stamp}\n`;
  if (readMarker(dir) === marker) return "kept";
  assertReplaceable(dir);
  const staging = stagingBeside(dir);
  try {
    for await (const photo of photos()) fs.writeFileSync(path.join(staging, photo.name), photo.bytes);
    // The marker last: a folder with it is complete.
    fs.writeFileSync(path.join(staging, GENERATED_MARKER), marker);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return "written";
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

function readMarker(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, GENERATED_MARKER), "utf8");
  } catch {
    return undefined;
  }
}

/** Only an empty folder, or one the generator made, may be replaced: never a real site's content/ or pictures. */
function assertReplaceable(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return; // nothing there yet
  }
  const ours = stat.isDirectory() && (fs.readdirSync(dir).length === 0 || fs.existsSync(path.join(dir, GENERATED_MARKER)));
  if (!ours) {
    throw new CorpusError(
      `${dir} already exists and was not made by the generator; not replacing it. Choose another --out (the generator writes DIR/content, and with --images DIR/public/img/gen), or move that folder away first.`,
    );
  }
}
