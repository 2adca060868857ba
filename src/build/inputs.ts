// Every file a build reads, stamped before any is read: the story files' stamps decide which
// readings the cache may give back, and one key over all the stamps tells a build that nothing
// changed since the last one, which then has nothing to do.
import crypto from "node:crypto";
import path from "node:path";
import { modifiedMs, stampTree } from "../content/file-stamps.js";
import { BUILTIN_TEMPLATES } from "../render/environment.js";
import { publicDirsOf, type ProjectPaths } from "../site.js";

/**
 * A file modified this shortly before it was stamped might be saved again within the same clock
 * tick and keep its stamp: a reading of it is not kept, and it makes the inputs' key unknown.
 */
export const RACY_MS = 2000;

export interface InputStamps {
  /** Every file under content/, the templates folders and the public folders, by absolute path. */
  stamps: Map<string, string>;
  /** One key for all of them and the folders stamped; undefined when a file is too new to trust. */
  key: string | undefined;
  /** The folders other than content/ (read after every story, so stamped again once a build is written). */
  later: string[];
}

export function stampInputs(paths: ProjectPaths): InputStamps {
  // xnews's own templates fill any gap in the site's, so they are read too.
  const roots = [...new Set([paths.contentDir, paths.templatesDir, BUILTIN_TEMPLATES, ...publicDirsOf(paths)].map((d) => path.resolve(d)))];
  const later = roots.slice(1);
  const stamps = stampTree(roots);
  const recent = Date.now() - RACY_MS;
  const parts = [JSON.stringify(roots)];
  for (const [file, stamp] of stamps) {
    if (modifiedMs(stamp) > recent) return { stamps, key: undefined, later };
    parts.push(file, stamp);
  }
  return { stamps, key: crypto.hash("sha1", parts.join("\n"), "hex"), later };
}

/**
 * Whether the templates and public folders still hold what was stamped: they are read after every
 * story, and a file that came and went in between would be in the site but not in the key.
 */
export function laterInputsUnchanged(inputs: InputStamps): boolean {
  const now = stampTree(inputs.later);
  let before = 0;
  for (const [file, stamp] of inputs.stamps) {
    if (!inputs.later.some((root) => file.startsWith(root + path.sep))) continue;
    before++;
    if (now.get(file) !== stamp) return false;
  }
  return before === now.size;
}
