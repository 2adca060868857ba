import fs from "node:fs";
import path from "node:path";
import { CorpusError } from "./corpus-error.js";

// ---------------------------------------------------------------- writing

export interface CorpusFile {
  /** Relative to the content folder, with "/". */
  path: string;
  text: string;
}

/**
 * The one place that touches the disk. Files go to a fresh sibling folder first, which then
 * replaces content/ whole: an interrupted run never leaves a half-old, half-new corpus.
 */
export function writeCorpus(contentDir: string, files: Iterable<CorpusFile>): void {
  assertReplaceable(contentDir);
  const parent = path.dirname(contentDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, ".content-gen-"));
  try {
    const made = new Set<string>();
    for (const file of files) {
      const target = path.join(staging, ...file.path.split("/"));
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

/** Only a folder that looks like a corpus (it has a site.yml) may be deleted: never a user's unrelated folder. */
function assertReplaceable(contentDir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(contentDir);
  } catch {
    return; // nothing there yet
  }
  if (!stat.isDirectory() || !fs.existsSync(path.join(contentDir, "site.yml"))) {
    throw new CorpusError(
      `${contentDir} already exists and is not a content folder (it has no site.yml); not replacing it. Choose another --out, or move it away first.`,
    );
  }
}
