// How one of the smaller copies of a picture that <picture>/srcset offer is made (which ones
// exist: model/pictures.ts). Every variant is the picture turned upright, in sRGB, with all metadata (EXIF and its GPS position, XMP, IPTC, ICC)
// left behind, so that nothing about the camera or the place a photo was taken is published.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics.js";
import sharp from "sharp";
import { errorAt, UserError } from "../diagnostics.js";
import { sourceFingerprint } from "./source-fingerprint.js";
import { jpegWithoutMetadata } from "./jpeg-metadata.js";
import { MAX_PIXELS } from "../content/image-facts.js";
import { VARIANT_WIDTHS, type ImageVariant } from "../model/pictures.js";

const WEBP_QUALITY = 75;
const JPEG_QUALITY = 80;
const PNG_COMPRESSION = 9;

/** Bump when makeVariant changes in a way its options do not show, so cached variants are remade. */
const PIPELINE_VERSION = 4;

/** Names everything that shapes a variant's bytes: a cache key made with it goes stale when any changes. */
export const VARIANT_OPTIONS_KEY = [
  `v${PIPELINE_VERSION}`,
  `w${VARIANT_WIDTHS.join(",")}`,
  `webp${WEBP_QUALITY}`,
  `jpeg${JPEG_QUALITY}`,
  `png${PNG_COMPRESSION}`,
  `sharp${sharp.versions.sharp}`,
  `vips${sharp.versions.vips}`,
].join(" ");


/**
 * libvips settings for a worker thread of the build's pool: one libvips thread per image (the
 * pool already keeps every core busy) and no operation cache (each picture is read once, so the
 * cache only holds memory). These settings are process-wide, shared by all workers: each sets
 * the same. On glibc Linux the main thread must import sharp too before workers start, or its
 * libraries unload when a worker exits (sharp issue #2263).
 */
export function configureSharpForWorker(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}

/** Making one copy of a picture; `use` is where the picture is named, for a message when it cannot be decoded. */
export interface PictureJob {
  kind: "picture";
  route: string;
  key: string;
  source: string;
  variant: ImageVariant;
  use: { what: string; file: string; line?: number };
}

/** A picture decoded once: upright, in sRGB, no wider than the widest copy, as raw pixels. */
interface Decoded {
  pixels: Buffer;
  raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
  /** The original is a palette PNG (a logo, a chart): its PNG copies stay palettes. */
  isPalette: boolean;
}

/**
 * Decodes `source` for its copies: turned upright (EXIF orientation), at most the widest copy's
 * width (a 4000 px JPEG is decoded at a half or a quarter of its size, which libvips does far
 * faster than whole), in sRGB. Throws when the pixels cannot be decoded (damage readImageFacts
 * cannot see from the header).
 */
async function decode(source: Buffer): Promise<Decoded> {
  // "error", not sharp's default "warning": phones' JPEGs often carry harmless warnings browsers ignore.
  const image = sharp(source, { limitInputPixels: MAX_PIXELS, failOn: "error" });
  const { isPalette, format } = await image.metadata();
  // Turned by the EXIF orientation of a JPEG only: it is the orientation the page's width and
  // height were read with (content/image-facts.ts); other formats are shown as stored.
  const { data, info } = await (format === "jpeg" ? image.rotate() : image)
    .resize({ width: Math.max(...VARIANT_WIDTHS), withoutEnlargement: true })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: data, raw: { width: info.width, height: info.height, channels: info.channels }, isPalette: Boolean(isPalette) };
}

/**
 * One variant of a decoded picture, resized to exactly its size (the page states width and
 * height, so they must match) and encoded with no metadata (sharp keeps none unless asked). The
 * same input gives the same bytes.
 */
async function encode(decoded: Decoded, variant: ImageVariant): Promise<Buffer> {
  const sized = sharp(decoded.pixels, { raw: decoded.raw }).resize(variant.width, variant.height, { fit: "fill" });
  switch (variant.format) {
    case "webp":
      return sized.webp({ quality: WEBP_QUALITY }).toBuffer();
    case "jpeg":
      // JPEG has no transparency: a transparent AVIF's background becomes white, not black.
      // libjpeg-turbo, not mozjpeg: the JPEG copies are for the few browsers without WebP, and
      // mozjpeg's smaller files cost 60% more encoding time per photo (measured on a 4000×3000 photo).
      return sized.flatten({ background: "#ffffff" }).jpeg({ quality: JPEG_QUALITY, progressive: true, optimiseCoding: true }).toBuffer();
    case "png":
      // A palette only where the original had one (logos, charts): for a photo it would band.
      return sized.png({ compressionLevel: PNG_COMPRESSION, palette: decoded.isPalette }).toBuffer();
    case "gif":
      return sized.gif().toBuffer();
  }
}

/** One variant of the picture in `source`. */
export async function makeVariant(source: Buffer, variant: ImageVariant): Promise<Buffer> {
  return encode(await decode(source), variant);
}

/**
 * The picture last decoded on this thread, by its file and stamp: a picture's copies are
 * consecutive outputs, so they come to one worker together, and the photo is decoded once for
 * all six, not once each.
 */
let last: { key: string; decoded: Promise<Decoded> } | undefined;

/** A picture job's file: the variant made from the source as it is now; a picture that cannot be decoded is an error where it is named. */
export async function pictureFile(job: PictureJob): Promise<Uint8Array> {
  const { use, source, variant } = job;
  try {
    if (variant.original) return jpegWithoutMetadata(fs.readFileSync(source), variant.original.orientation);
    const key = `${source}\0${sourceFingerprint(source)}`;
    if (last?.key !== key) last = { key, decoded: decode(fs.readFileSync(source)) };
    return await encode(await last.decoded, variant);
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.replace(/^Input (buffer|file) /i, "");
    throw new UserError([errorAt(use.file, `${use.what} could not be made: ${reason}`, "save the picture again as JPEG, PNG or WebP (it may be damaged)", use.line)]);
  }
}

let pictureThread: Worker | undefined;

/** How long dev waits for the picture thread to start, and for one copy: past these it is broken, not slow. */
const THREAD_START_MS = 20_000;
const COPY_MS = 120_000;

/**
 * pictureFile, waited for: made on a thread of its own (picture-thread.ts) while this one sleeps.
 * For `xnews dev`, whose rebuilds are synchronous; builds make pictures on their pool instead.
 */
export function pictureFileSync(job: PictureJob): Uint8Array {
  pictureThread ??= startPictureThread();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  pictureThread.postMessage({ job, done, reply: port2 }, [port2]);
  const waited = Atomics.wait(done, 0, 0, COPY_MS);
  const reply = receiveMessageOnPort(port1)?.message as { bytes?: Uint8Array; diagnostics?: Diagnostic[]; failure?: string } | undefined;
  port1.close();
  if (reply?.bytes) return reply.bytes;
  if (reply?.diagnostics) throw new UserError(reply.diagnostics);
  // A thread that failed or hangs is let go: the next rebuild starts a new one.
  void pictureThread.terminate();
  pictureThread = undefined;
  const why = waited === "timed-out" ? `no copy was made in ${COPY_MS / 1000} s` : (reply?.failure ?? "the thread that makes copies stopped");
  throw new UserError([errorAt(job.use.file, `${job.use.what} could not be made: ${why}`, "save the file again to try again; if it keeps failing, run xnews build to see the problem", job.use.line)]);
}

/** The thread, once it has said it is ready: a thread that cannot start would leave dev waiting for ever. */
function startPictureThread(): Worker {
  const ready = new Int32Array(new SharedArrayBuffer(4));
  // Run from lib/ (compiled), also when this module is run from src/ by the tests.
  const file = fileURLToPath(new URL("./picture-thread.js", import.meta.url)).replace(/([\\/])src([\\/]render[\\/]picture-thread\.js)$/, "$1lib$2");
  const thread = new Worker(file, { workerData: { ready } });
  // Dev's server keeps the process alive; this thread must not keep it after the server is gone.
  thread.unref();
  if (Atomics.wait(ready, 0, 0, THREAD_START_MS) === "timed-out") {
    void thread.terminate();
    throw new Error(`the picture thread (${file}) did not start in ${THREAD_START_MS / 1000} s`);
  }
  return thread;
}
