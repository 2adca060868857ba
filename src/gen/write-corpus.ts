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
  const parent = path.dirname(contentDir);
  fs.mkdirSync(parent, { recursive: true });
  // mkdir, not mkdtemp (always 0700): the corpus gets the modes the user's umask gives.
  const staging = path.join(parent, `.content-gen-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
  fs.mkdirSync(staging);
  try {
    fs.writeFileSync(path.join(staging, GENERATED_MARKER), "Written by npm run gen (xnews's corpus generator); replaced whole when it runs again.\n");
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

/** Only an empty folder, or one the generator made, may be replaced: never a real site's content/. */
function assertReplaceable(contentDir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(contentDir);
  } catch {
    return; // nothing there yet
  }
  const ours = stat.isDirectory() && (fs.readdirSync(contentDir).length === 0 || fs.existsSync(path.join(contentDir, GENERATED_MARKER)));
  if (!ours) {
    throw new CorpusError(
      `${contentDir} already exists and was not made by the generator; not replacing it. Choose another --out (the generator writes DIR/content), or move that folder away first.`,
    );
  }
}
