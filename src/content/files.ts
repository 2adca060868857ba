// Finding and reading the project's text files. A file that is not UTF-8 is reported, not guessed.
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import path from "node:path";
import { errorAt, type Diagnostic } from "../diagnostics.js";

export interface TextFile {
  /** Path as shown to the user (relative to the working directory where possible). */
  display: string;
  /** Path relative to the folder it was found in, with forward slashes. */
  rel: string;
  text: string;
}

/** Every file under `dir` whose name ends in one of `extensions`, sorted by path; [] if no such dir. */
export function listFiles(dir: string, extensions: readonly string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && extensions.some((ext) => e.name.endsWith(ext)))
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join("/"))
    .filter((p) => !p.split("/").some((part) => part.startsWith(".")))
    .sort();
}

export type ReadResult = { ok: true; file: TextFile } | { ok: false; diagnostic: Diagnostic };

/** Reads a text file as UTF-8 (a BOM is dropped, CRLF becomes LF). */
export function readTextFile(dir: string, rel: string): ReadResult {
  const abs = path.join(dir, rel);
  const display = displayPath(abs);
  const bytes = fs.readFileSync(abs);
  if (!isUtf8(bytes)) {
    return {
      ok: false,
      diagnostic: errorAt(
        display,
        "this file is not UTF-8 text (it looks like a legacy encoding such as GBK or GB18030)",
        `save it as UTF-8 in your editor, or convert it: iconv -f GB18030 -t UTF-8 "${display}" > fixed.md && mv fixed.md "${display}"`,
      ),
    };
  }
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, file: { display, rel, text: text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text } };
}

/** A path as the user would write it: relative to where they are, when it is below or above. */
export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  const above = rel.split(path.sep).every((part) => part === "..");
  return (rel && (above || (!rel.startsWith("..") && !path.isAbsolute(rel))) ? rel : rel === "" ? "." : abs).split(path.sep).join("/");
}
