// The smaller copies of a picture that <picture>/srcset offer a reader's browser: which ones
// exist (variantsOf, pure) and how one is made (makeVariant, sharp). Every variant is the
// picture turned upright, in sRGB, with all metadata (EXIF and its GPS position, XMP, IPTC, ICC)
// left behind, so that nothing about the camera or the place a photo was taken is published.
import path from "node:path";
import sharp from "sharp";
import { MAX_PIXELS, type ImageFacts } from "../content/image-facts.js";

/** Widths offered to srcset: a phone, a tablet or the article column at 2x, a wide screen. */
export const VARIANT_WIDTHS: readonly number[] = [480, 800, 1200];

export interface ImageVariant {
  /** Beside the original, without a leading slash: "img/a.480w.webp". */
  route: string;
  width: number;
  height: number;
  format: "webp" | "jpeg" | "png" | "gif";
}

type VariantFormat = ImageVariant["format"];

const WEBP_QUALITY = 75;
const JPEG_QUALITY = 80;
const PNG_COMPRESSION = 9;

/** Bump when makeVariant changes in a way its options do not show, so cached variants are remade. */
const PIPELINE_VERSION = 1;

/** Names everything that shapes a variant's bytes: a cache key made with it goes stale when any changes. */
export const VARIANT_OPTIONS_KEY = [
  `v${PIPELINE_VERSION}`,
  `w${VARIANT_WIDTHS.join(",")}`,
  `webp${WEBP_QUALITY}`,
  `jpeg${JPEG_QUALITY}moz`,
  `png${PNG_COMPRESSION}`,
  `sharp${sharp.versions.sharp}`,
  `vips${sharp.versions.vips}`,
].join(" ");

/**
 * The variants of the picture at `route`, by width, WebP before the fallback. GIF (perhaps
 * animated), animated WebP and SVG have none: they are published as they are.
 */
export function variantsOf(route: string, facts: ImageFacts): ImageVariant[] {
  const fallback = fallbackFormatOf(facts);
  if (!fallback) return [];
  const formats: VariantFormat[] = fallback === "webp" ? ["webp"] : ["webp", fallback];
  return variantWidthsOf(facts.width).flatMap((width) =>
    formats.map((format) => ({ route: variantRoute(route, width, format), width, height: heightAt(width, facts), format })),
  );
}

/** The format for browsers without WebP: the original's own, or JPEG for AVIF (older Safari and Edge show none). */
function fallbackFormatOf(facts: ImageFacts): VariantFormat | undefined {
  if (facts.animated) return undefined;
  switch (facts.format) {
    case "jpeg":
    case "png":
    case "webp":
      return facts.format;
    case "avif":
      return "jpeg";
    default:
      return undefined;
  }
}

/** Every offered width up to the picture's own, and its own when narrower than the widest: never upscaled. */
function variantWidthsOf(ownWidth: number): number[] {
  const widths = new Set(VARIANT_WIDTHS.filter((w) => w <= ownWidth));
  if (ownWidth < Math.max(...VARIANT_WIDTHS)) widths.add(ownWidth);
  return [...widths].sort((a, b) => a - b);
}

const heightAt = (width: number, facts: ImageFacts) => Math.max(1, Math.round((width * facts.height) / facts.width));

const EXTENSIONS: Record<VariantFormat, string> = { webp: "webp", jpeg: "jpg", png: "png", gif: "gif" };

/** "img/a.jpg" → "img/a.480w.webp": the original's name with the width, in the variant's format. */
function variantRoute(route: string, width: number, format: VariantFormat): string {
  const { dir, name } = path.posix.parse(route);
  return path.posix.join(dir, `${name}.${width}w.${EXTENSIONS[format]}`);
}

// ---------------------------------------------------------------- making one

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

/**
 * One variant of the picture in `source`: turned upright (EXIF orientation), resized to exactly
 * the variant's size (the page states width and height, so they must match), in sRGB, and
 * encoded with no metadata (sharp keeps none unless asked). The same input gives the same bytes.
 * Throws when the pixels cannot be decoded (damage readImageFacts cannot see from the header).
 */
export async function makeVariant(source: Buffer, variant: ImageVariant): Promise<Buffer> {
  // "error", not sharp's default "warning": phones' JPEGs often carry harmless warnings browsers ignore.
  const image = sharp(source, { limitInputPixels: MAX_PIXELS, failOn: "error" });
  const sourceIsPalette = variant.format === "png" && (await image.metadata()).isPalette;
  const upright = image.rotate().resize(variant.width, variant.height, { fit: "fill" }).toColourspace("srgb");
  switch (variant.format) {
    case "webp":
      return upright.webp({ quality: WEBP_QUALITY }).toBuffer();
    case "jpeg":
      // JPEG has no transparency: a transparent AVIF's background becomes white, not black.
      return upright.flatten({ background: "#ffffff" }).jpeg({ quality: JPEG_QUALITY, mozjpeg: true, progressive: true }).toBuffer();
    case "png":
      // A palette only where the original had one (logos, charts): for a photo it would band.
      return upright.png({ compressionLevel: PNG_COMPRESSION, palette: sourceIsPalette }).toBuffer();
    case "gif":
      return upright.gif().toBuffer();
  }
}
