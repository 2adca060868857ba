// Finding and reading the project's text files. A file that is not UTF-8 is reported, not guessed.
import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import path from "node:path";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { listFileTree } from "./file-tree.js";

export interface TextFile {
  /** Path as shown to the user (relative to the working directory where possible). */
  display: string;
  /** Path relative to the folder it was found in, with forward slashes. */
  rel: string;
  text: string;
}

/** Every file under `dir` whose name ends in one of `extensions`, sorted by path; [] if no such dir. */
export function listFiles(dir: string, extensions: readonly string[]): string[] {
  return listFileTree(dir, extensions).files;
}

export type ReadResult = { ok: true; file: TextFile } | { ok: false; diagnostic: Diagnostic };

/** Reads a text file as UTF-8 (a BOM is dropped, CRLF becomes LF). */
export function readTextFile(dir: string, rel: string): ReadResult {
  const abs = path.join(dir, rel);
  const display = displayPath(abs);
  const bytes = readRegularFile(abs);
  if (!bytes) return { ok: false, diagnostic: errorAt(display, "this is not a regular file (a named pipe, socket or device)", "replace it with a regular text file") };
  const problem = encodingProblem(bytes, display);
  if (problem) return { ok: false, diagnostic: problem };
  let text = bytes.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, file: { display, rel, text: text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text } };
}

/**
 * A file's bytes, or undefined if it is not a regular file. Opened without waiting, then checked:
 * a named pipe put where a story was (between listing and reading) must not block xnews forever.
 */
function readRegularFile(abs: string): Buffer | undefined {
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** Why bytes are not UTF-8 text we can read, said as the user can act on it; undefined when they are. */
function encodingProblem(bytes: Buffer, display: string): Diagnostic | undefined {
  const convert = (from: string) => `convert it: iconv -f ${from} -t UTF-8 "${display}" > fixed.tmp && mv fixed.tmp "${display}"`;
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    return errorAt(display, `this file is ${utf16 === "UTF-16" ? "UTF-16" : `${utf16} (UTF-16 without a byte order mark)`} text, not UTF-8`, `save it as UTF-8 in your editor, or ${convert(utf16)}`);
  }
  const bad = isUtf8(bytes) ? -1 : firstNonUtf8Byte(bytes);
  if (bad >= 0) {
    const { line, column } = bytePosition(bytes, bad);
    const byte = `0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, "0")}`;
    // Nothing but a legacy encoding's text reads whole as GB18030 and has no UTF-8 letters before the fault.
    return legacyChinese(bytes, bad)
      ? errorAt(display, `this file is not UTF-8 text: byte ${byte} here is not UTF-8 (it looks like a legacy encoding such as GBK or GB18030)`, `save it as UTF-8 in your editor, or ${convert("GB18030")}`, line, column)
      : errorAt(display, `this file is not UTF-8 text: byte ${byte} here is not UTF-8, in a file that is UTF-8 before it`, "retype the text at this spot (it was damaged, or pasted from a program using another encoding) and save the file as UTF-8", line, column);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = bytePosition(bytes, nul);
    return errorAt(display, "this file holds a NUL byte (U+0000) here, which text never holds", "delete it: it is invisible, and comes from a damaged file or a copy from another program; if the whole file is binary, it does not belong under content/", line, column);
  }
  return undefined;
}

/** UTF-16 by its byte order mark, or by a zero in every other byte of its start (text that is mostly ASCII). */
function utf16Kind(bytes: Buffer): "UTF-16" | "UTF-16LE" | "UTF-16BE" | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return "UTF-16";
  const sample = Math.min(bytes.length, 512) & ~1;
  if (sample < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  // Field names and digits are ASCII, so their high bytes are zero; a CJK character rarely has a zero byte.
  const enough = Math.max(4, sample / 20);
  if (oddZeros >= enough && evenZeros * 8 <= oddZeros) return "UTF-16LE";
  if (evenZeros >= enough && oddZeros * 8 <= evenZeros) return "UTF-16BE";
  return undefined;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (as isUtf8 judges). */
function firstNonUtf8Byte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte → length, and the range its first continuation byte must fall in (no overlongs, no surrogates, ≤ U+10FFFF).
    const [length, low, high] =
      b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf]
      : b === 0xe0 ? [3, 0xa0, 0xbf]
      : b === 0xed ? [3, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf]
      : b === 0xf0 ? [4, 0x90, 0xbf]
      : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf]
      : b === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (!length) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/** 1-based line and column (in characters, after a byte order mark) of a byte in UTF-8 text. */
function bytePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < lineStart; i = bytes.indexOf(0x0a, i + 1)) line++;
  const start = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : lineStart;
  // The bytes before the fault on its line are UTF-8: count their characters as the editor shows them.
  return { line, column: [...bytes.subarray(start, offset).toString("utf8")].length + 1 };
}

/** Whether the bytes read whole as GB18030 and nothing before the fault was UTF-8 beyond ASCII. */
function legacyChinese(bytes: Buffer, bad: number): boolean {
  if (bytes.subarray(0, bad).some((b) => b >= 0x80)) return false;
  try {
    new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A path as the user would write it: relative to where they are when it is below, ".." for the
 * folder just above; any other path, and a folder further up (never ../../../..), absolute.
 */
export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  const below = rel !== "" && rel.split(path.sep)[0] !== ".." && !path.isAbsolute(rel);
  return (below || rel === ".." ? rel : rel === "" ? "." : path.resolve(abs)).split(path.sep).join("/");
}
