// What the build needs to know about a picture before it uses one: its format and its size as a
// reader sees it, or a problem an editor can act on. Only the file's header is parsed
// (image-size), never its pixels, so checking a thousand photos costs well under a millisecond each.
//
// What is caught here: files that are no picture at all, formats browsers cannot show, pictures
// over MAX_PIXELS (before anything decodes them), SVG that carries script, and JPEG, PNG and WebP
// files cut short (their end marker or declared length is missing: a copy or upload that stopped
// half-way). What is not: damage inside a file whose beginning and end are intact (garbled
// JPEG data, a bad PNG checksum), nor cut-short GIF and AVIF files. Those fail only when the
// pixels are decoded, i.e. when the variants are made (render/image-variants.ts).
import fs from "node:fs";
import { imageSize } from "image-size";
import { jpegSegments } from "./jpeg-segments.js";

/** Above this, decoding a picture could take gigabytes: a camera's largest photo is ~60 MP. */
export const MAX_PIXELS = 100_000_000;

export interface ImageFacts {
  format: "jpeg" | "png" | "webp" | "gif" | "avif" | "svg";
  /** As displayed: after EXIF orientation, so a portrait photo stored on its side is taller than wide. */
  width: number;
  height: number;
  /** A JPEG's EXIF orientation (1 to 8) when it has one other than 1: how it is turned to be shown. */
  orientation?: number;
  /** More than one frame (an animated GIF or WebP): resizing would keep only the first. */
  animated?: boolean;
}

/** Something wrong with the picture itself, worded to follow its file name ("a.jpg is …"). */
export interface ImageProblem {
  problem: string;
  hint: string;
}

export function isImageProblem(read: object | string): read is ImageProblem {
  return typeof read === "object" && "problem" in read;
}

const SAVE_AGAIN = "save it again as JPEG, PNG or WebP";

/**
 * Synchronous, so that the site's reading (content → model) stays one pass that dev's rebuilds
 * can run again without waiting on anything; the header is parsed by image-size, not decoded.
 */
export function readImageFacts(bytes: Buffer, size = bytes.length): ImageFacts | ImageProblem {
  if (size === 0) return { problem: "is empty (0 bytes)", hint: "add the picture again: the file holds nothing" };
  const header = readHeader(bytes);
  if (isImageProblem(header)) return header;
  const format = shownFormatOf(header.type ?? "");
  if (isImageProblem(format)) return format;
  const problem = sizeProblem(header) ?? (format === "svg" ? svgProblem(bytes) : cutShortProblem(format, bytes, size));
  if (problem) return problem;
  // EXIF orientations 5 to 8 turn the picture a quarter: it is shown with width and height swapped.
  const turned = (header.orientation ?? 1) >= 5;
  const facts: ImageFacts = { format, width: turned ? header.height : header.width, height: turned ? header.width : header.height };
  if (isAnimated(format, bytes)) facts.animated = true;
  if (header.orientation && header.orientation !== 1) facts.orientation = header.orientation;
  return facts;
}

/** How much of a large file's beginning (its header, EXIF and colour profile) and end (its end marker) is read. */
const HEAD_BYTES = 128 * 1024;
const TAIL_BYTES = 16 * 1024;

/**
 * A picture file's facts. Of a large file only the beginning and the end are read: a build
 * checks every picture the site shows, and a thousand photos are gigabytes. The whole file is
 * read when that is not enough: anything but a JPEG, PNG or WebP by its first bytes (an SVG is
 * checked whole for scripts), or an end marker not at the end (a phone's "motion photo" carries
 * a video after its JPEG). A file that cannot be read is a problem, not a crash.
 */
export function readImageFile(file: string): ImageFacts | ImageProblem {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    return { problem: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, hint: "check that the file is there and readable (its permissions)" };
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= HEAD_BYTES + TAIL_BYTES) return readImageFacts(readAt(fd, 0, size));
    const head = readAt(fd, 0, HEAD_BYTES);
    if (!sniffedFormat(head)) return readImageFacts(readAt(fd, 0, size));
    const quick = readImageFacts(Buffer.concat([head, readAt(fd, size - TAIL_BYTES, TAIL_BYTES)]), size);
    return quick === CUT_SHORT ? readImageFacts(readAt(fd, 0, size)) : quick;
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  const read = fs.readSync(fd, bytes, 0, length, position);
  return read < length ? bytes.subarray(0, read) : bytes;
}

interface Header {
  width: number;
  height: number;
  orientation?: number;
  type?: string;
}

function readHeader(bytes: Buffer): Header | ImageProblem {
  try {
    const size = imageSize(bytes);
    if (!size.width || !size.height) return notAnImage("it states no width and height");
    return size;
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0]!.trim() : String(e);
    // A header cut off part-way: the file begins as a picture of a known format, and ends early.
    const begun = sniffedFormat(bytes);
    if (begun && cutShortProblem(begun, bytes)) return CUT_SHORT;
    return notAnImage(/unsupported/i.test(reason) ? "its bytes are in no picture format xnews knows" : reason);
  }
}

function notAnImage(why: string): ImageProblem {
  return { problem: `is not an image (or is damaged): ${why}`, hint: SAVE_AGAIN };
}

/** Formats every current browser shows in <img>; the others, named as an editor knows them. */
function shownFormatOf(type: string): ImageFacts["format"] | ImageProblem {
  switch (type) {
    case "jpg":
      return "jpeg";
    case "png":
    case "webp":
    case "gif":
    case "svg":
    case "avif":
      return type;
    case "heic":
    case "heif":
      return {
        problem: "is a HEIC photo (the iPhone's own format), which most browsers cannot show",
        hint: "save it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)",
      };
    default:
      return { problem: `is a ${formatName(type)} file, which browsers cannot show`, hint: SAVE_AGAIN };
  }
}

/** More than one frame: a GIF with a second image descriptor after its first, a WebP with an ANIM chunk. */
function isAnimated(format: ImageFacts["format"], bytes: Buffer): boolean {
  if (format === "webp") return bytes.subarray(12, 64).includes("ANIM");
  return format === "gif" && bytes.indexOf("NETSCAPE2.0") !== -1;
}

const FORMAT_NAMES: Record<string, string> = { tif: "TIFF", jp2: "JPEG 2000", j2c: "JPEG 2000", jxl: "JPEG XL", "jxl-stream": "JPEG XL", psd: "Photoshop", bmp: "BMP" };
const formatName = (format: string) => FORMAT_NAMES[format] ?? format.toUpperCase();

function sizeProblem(header: Header): ImageProblem | undefined {
  const { width, height } = header;
  const pixels = width * height;
  if (pixels <= MAX_PIXELS) return undefined;
  return {
    problem: `is ${width}×${height} pixels (${megapixels(pixels)} megapixels), over the ${MAX_PIXELS / 1e6}-megapixel limit`,
    hint: "scale it down before adding it",
  };
}

/** Whole megapixels, unless rounding would make an over-the-limit picture read as within it (100.02). */
function megapixels(pixels: number): string {
  const mp = pixels / 1e6;
  return Math.round(mp) > MAX_PIXELS / 1e6 ? String(Math.round(mp)) : mp.toFixed(2);
}

// ---------------------------------------------------------------- cut-short files

const CUT_SHORT: ImageProblem = {
  problem: "is cut short: the file ends before the picture does",
  hint: "copy or download it again; it was not saved whole",
};

/** The format a file's first bytes announce, for the formats whose end we can check. */
function sniffedFormat(bytes: Buffer): "jpeg" | "png" | "webp" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "webp";
  return undefined;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function cutShortProblem(format: ImageFacts["format"], bytes: Buffer, size = bytes.length): ImageProblem | undefined {
  const complete = format === "jpeg" ? jpegHasEnd(bytes) : format === "png" ? pngHasEnd(bytes) : format === "webp" ? webpHasEnd(bytes, size) : true;
  return complete ? undefined : CUT_SHORT;
}

const JPEG_END = Buffer.from([0xff, 0xd9]);

/**
 * Whether the end-of-image marker follows the first scan. Inside scan data 0xFF is always
 * followed by 0x00 or a restart marker, so FF D9 there can only be the real end; an EXIF
 * thumbnail's own end marker comes before the scan and is skipped. Bytes after the end (a phone's
 * "motion photo" video) are fine. A header we cannot walk is left to the decoder.
 */
function jpegHasEnd(bytes: Buffer): boolean {
  const { scan } = jpegSegments(bytes);
  return scan === undefined || bytes.indexOf(JPEG_END, scan + 2) !== -1;
}

/** The IEND chunk, with its fixed checksum: every whole PNG ends with these 12 bytes. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

const pngHasEnd = (bytes: Buffer) => bytes.lastIndexOf(PNG_END) !== -1;

/** A WebP file states its own length in its RIFF header. */
const webpHasEnd = (bytes: Buffer, size: number) => bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= size;

// ---------------------------------------------------------------- SVG

const SVG_SCRIPT: ImageProblem = { problem: "carries a script", hint: "remove the script, or save the picture as PNG" };

/**
 * An SVG opened from its own address runs its scripts on the site's domain. Refused: script and
 * foreignObject elements (and SVG 1.2's handler), on… event attributes, and javascript: or
 * vbscript: anywhere (href, xlink:href, <set to=…>, <animate values=…>, CSS url()), looked for
 * after decoding character references and dropping whitespace, which browsers ignore there.
 * Erring towards refusal: the same words in an SVG's visible text are refused too.
 */
function svgProblem(bytes: Buffer): ImageProblem | undefined {
  const text = svgText(bytes);
  if (text === undefined) return { problem: "is a compressed or non-UTF-8 SVG file, which cannot be checked for scripts", hint: "save it again as plain (UTF-8) SVG, or as PNG" };
  if (/<!ENTITY/i.test(text)) return { problem: "declares its own XML entities (<!ENTITY>), which can hide a script", hint: "save it again without a DOCTYPE, or as PNG" };
  if (/<\s*(?:[\w.-]+:)?(?:script|foreignObject|handler)\b/i.test(text)) return SVG_SCRIPT;
  if (/[\s"'/]on[a-z]+\s*=/i.test(text)) return SVG_SCRIPT;
  const squeezed = decodeCharacterReferences(text)
    .replace(/[\u0000-\u0020\u007f-\u00a0\u200b-\u200d\ufeff]+/g, "")
    .toLowerCase();
  if (/(?:java|vb)script:/.test(squeezed)) return SVG_SCRIPT;
  // Markup spelt with character references (an iframe's srcdoc) or a stylesheet that transforms the file.
  if (/<(?:[\w.-]+:)?(?:script|foreignobject|handler|iframe)\b/.test(squeezed) || /<\?xml-stylesheet/i.test(text)) return SVG_SCRIPT;
  return undefined;
}

/** The SVG as text; undefined for gzip (.svgz) or text that is not UTF-8 or UTF-16 with a BOM. */
function svgText(bytes: Buffer): string | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return undefined;
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return text.includes("\u0000") ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The named references that can spell a URL scheme in HTML; XML itself has only the first five. */
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n" };

function decodeCharacterReferences(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name.toLowerCase()] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}
