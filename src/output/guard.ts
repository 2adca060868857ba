// The output folder is replaced whole on every build, so it must never be a folder that holds
// anything of the user's: the project, its sources, or a folder xnews did not write.
import fs from "node:fs";
import path from "node:path";
import { displayPath } from "../content/files.js";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { pathInside } from "../paths.js";
import { MARKER_FILE, VOLUME_ENTRIES } from "./writer.js";

export interface GuardedFolders {
  outDir: string;
  /** Folders the output may not be, sit inside, or contain: the project and its sources. */
  sources: Record<string, string>;
}

export function checkOutputFolder({ outDir, sources }: GuardedFolders): Diagnostic[] {
  const out = path.resolve(outDir);
  const shown = displayPath(out);
  const hint = "choose an output folder of its own, e.g. --out dist";
  let isLink = false;
  try {
    isLink = fs.lstatSync(out).isSymbolicLink();
  } catch {
    // not there yet: a build makes it
  }
  if (isLink && !fs.existsSync(out)) {
    return [errorAt(shown, `${shown} is a symbolic link to ${fs.readlinkSync(out)}, which does not exist`, `create that folder, or remove the link and let xnews make ${shown}`)];
  }
  // A link is judged by where it leads: that is the folder a build writes into.
  const places = isLink ? [out, fs.realpathSync(out)] : [out];
  for (const place of places) {
    for (const [role, dir] of Object.entries(sources)) {
      const source = path.resolve(dir);
      const real = fs.existsSync(source) ? fs.realpathSync(source) : source;
      for (const src of new Set([source, real])) {
        if (place === src) return [errorAt(shown, `refusing to write the site into ${role} (${displayPath(source)}): every build replaces the output folder whole`, hint)];
        if (pathInside(place, src) !== undefined) return [errorAt(shown, `refusing to write the site to ${shown}: it holds ${role} (${displayPath(source)}), which a build would delete`, hint)];
        if (pathInside(src, place) !== undefined && role !== "the project folder") return [errorAt(shown, `refusing to write the site inside ${role} (${displayPath(source)})`, hint)];
      }
    }
  }
  if (!fs.existsSync(out)) return [];
  if (!fs.statSync(out).isDirectory()) return [errorAt(shown, `${shown} is a file, not a folder`, hint)];
  const entries = fs.readdirSync(out).filter((name) => !VOLUME_ENTRIES.has(name));
  if (entries.length && !entries.includes(MARKER_FILE)) {
    return [errorAt(shown, `${shown} is not empty and was not written by xnews, so a build will not replace it`, `${hint}, or empty ${shown} yourself if nothing in it is needed`)];
  }
  return [];
}
