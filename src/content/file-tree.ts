// Which files a project has. One rule, used by `xnews build` and `xnews dev` alike: regular files
// only, hidden names left out, symbolic links never followed. A link or a special file (a named
// pipe, a socket) is not read — reading a pipe would block forever, and a link may loop or lead
// out of the project — but it is reported, so nothing is skipped silently.
import fs from "node:fs";
import path from "node:path";
import { compareText, warningAt, type Diagnostic } from "../diagnostics.js";

export interface SkippedEntry {
  /** Relative to the listed folder, with "/". */
  rel: string;
  kind: "link" | "special";
}

export interface FileListing {
  /** Relative paths of the regular files, with "/", sorted. */
  files: string[];
  skipped: SkippedEntry[];
}

/**
 * Every regular file under `dir` whose name ends in one of `extensions` ("" for any), sorted;
 * links anywhere, and special files with such a name, as skipped. Empty if there is no `dir`.
 */
export function listFileTree(dir: string, extensions: readonly string[]): FileListing {
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  const wanted = (name: string) => extensions.some((ext) => name.endsWith(ext));
  const pending: string[] = [""];
  while (pending.length) {
    const rel = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      continue; // gone meanwhile, or not a folder
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) pending.push(child);
      else if (e.isFile()) {
        if (wanted(e.name)) files.push(child);
      } else if (e.isSymbolicLink()) skipped.push({ rel: child, kind: "link" });
      else if (wanted(e.name)) skipped.push({ rel: child, kind: "special" });
    }
  }
  // Plain code-unit order (sort()'s own): the same on every machine.
  return { files: files.sort(), skipped: skipped.sort((a, b) => compareText(a.rel, b.rel)) };
}

/** Whether `file` lies below `root` through real folders only: no link on the way. */
export function isReachableUnder(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return false;
  let at = root;
  try {
    for (const part of rel.split(path.sep).slice(0, -1)) {
      at = path.join(at, part);
      if (!fs.lstatSync(at).isDirectory()) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Whether `file` is a regular file reached without passing through a link below `root`. */
export function isPlainFileUnder(root: string, file: string): boolean {
  try {
    return isReachableUnder(root, file) && fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** The warning for a skipped entry, shown by `xnews check`, `build` and `dev` alike. */
export function skippedWarning(shownDir: string, entry: SkippedEntry): Diagnostic {
  const file = `${shownDir}/${entry.rel}`;
  return entry.kind === "link"
    ? warningAt(file, "this is a symbolic link; xnews reads only regular files, so it is skipped", "copy the file (or folder) here instead of linking to it")
    : warningAt(file, "this is not a regular file (a named pipe, socket or device); it is skipped", "replace it with a regular file, or remove it");
}
