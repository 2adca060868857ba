// public/: copied as-is to the output root, xnews's own assets first, the site's on top.
import fs from "node:fs";
import path from "node:path";
import { listFiles } from "../content/files.js";
import { compareText } from "../diagnostics.js";
import type { Writer } from "./writer.js";

/** Every file of the given public folders as "css/site.css" → absolute path; later folders win. */
export function collectPublicFiles(dirs: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of dirs) for (const rel of listFiles(dir, [""])) files.set(rel, path.join(dir, rel));
  return new Map([...files].sort(([a], [b]) => compareText(a, b)));
}

export function copyPublicFiles(files: ReadonlyMap<string, string>, writer: Writer): number {
  for (const [rel, abs] of files) writer.write(rel, fs.readFileSync(abs));
  return files.size;
}
