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
  /** One key for all of them and the folders they are in; undefined when a file is too new to trust. */
  key: string | undefined;
}

export function stampInputs(paths: ProjectPaths): InputStamps {
  // xnews's own templates fill any gap in the site's, so they are read too.
  const roots = [...new Set([paths.contentDir, paths.templatesDir, BUILTIN_TEMPLATES, ...publicDirsOf(paths)].map((d) => path.resolve(d)))];
  const stamps = stampTree(roots);
  const recent = Date.now() - RACY_MS;
  const parts = [JSON.stringify(roots)];
  for (const [file, stamp] of stamps) {
    if (modifiedMs(stamp) > recent) return { stamps, key: undefined };
    parts.push(file, stamp);
  }
  return { stamps, key: crypto.hash("sha1", parts.join("\n"), "hex") };
}
