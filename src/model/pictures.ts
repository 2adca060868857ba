// The site's own pictures that pages show (covers, pictures in bodies, 组图): which file each
// names, what it is, and the smaller copies (variants) made of it for <picture>/srcset, each an
// output of its own. A picture named but missing, damaged or unsafe is an error where it is named.
import path from "node:path";
import { isImageProblem, type ImageFacts, type ImageProblem } from "../content/image-facts.js";
import type { Story } from "../content/story.js";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { isWebAddress, publicRoute } from "../paths.js";

/** Where a picture is named: for messages about it. */
export interface PictureUse {
  /** "cover", "picture", "gallery picture", as the message names it. */
  what: string;
  src: string;
  file: string;
  line?: number;
}

export interface Picture {
  /** Under public/ and in the output: "img/a.jpg". */
  route: string;
  /** The file under public/. */
  source: string;
  facts: ImageFacts;
  /** The smaller copies, by width, WebP before the fallback; none for GIF, SVG and animated WebP. */
  variants: ImageVariant[];
  /** A JPEG published under its own name without its EXIF (no GPS position), in place of the file as given. */
  cleaned?: ImageVariant;
  /** Where it is first named: the owner of its variants in messages. */
  use: PictureUse;
}

/** Pictures' facts read from their files (content/image-facts.ts), or what is wrong with them, by route. */
export type PictureFacts = ReadonlyMap<string, ImageFacts | ImageProblem>;

/**
 * The pictures the stories show, by route, in the order first named; and an error at each place
 * a picture is named that is missing under public/ or whose file is wrong. A picture whose facts
 * were not read (a model built without files) is only checked to exist.
 */
export function sitePictures(stories: readonly Story[], publicFiles: ReadonlyMap<string, string>, known: PictureFacts = new Map()): { pictures: Map<string, Picture>; diagnostics: Diagnostic[] } {
  const pictures = new Map<string, Picture>();
  const problems = new Map<string, ImageProblem>();
  const diagnostics: Diagnostic[] = [];
  for (const use of pictureUses(stories)) {
    const route = publicRoute(use.src);
    const source = publicFiles.get(route);
    if (source === undefined) {
      diagnostics.push(errorAt(use.file, `${use.what} "${use.src}" names no file under public/`, "put the picture in public/ (public/img/a.jpg is written /img/a.jpg), or correct its name", use.line));
      continue;
    }
    const facts = known.get(route);
    if (!facts || pictures.has(route)) continue;
    let problem = problems.get(route);
    if (!problem) {
      if (!isImageProblem(facts)) {
        const cleaned: ImageVariant | undefined = facts.format === "jpeg" ? { route, width: facts.width, height: facts.height, format: "jpeg", original: { orientation: facts.orientation ?? 1 } } : undefined;
        pictures.set(route, { route, source, facts, variants: variantsOf(route, facts), cleaned, use });
        continue;
      }
      problems.set(route, (problem = facts));
    }
    diagnostics.push(errorAt(use.file, `${use.what} "${use.src}" ${problem.problem}`, problem.hint, use.line));
  }
  return { pictures, diagnostics };
}

/** Every place the stories name a picture of the site's own, in order: cover, body, gallery. */
function* pictureUses(stories: readonly Story[]): Generator<PictureUse> {
  for (const s of stories) {
    if (s.cover && !isWebAddress(s.cover)) yield { what: "cover", src: s.cover, file: s.file, line: s.fieldLines.cover };
    for (const p of s.pictures.body) yield { what: "picture", src: p.src, file: s.file, line: p.line };
    for (const p of s.pictures.gallery) if (!isWebAddress(p.src)) yield { what: "gallery picture", src: p.src, file: s.file, line: p.line };
  }
}

/** Widths offered to srcset: a phone, a tablet or the article column at 2x, a wide screen. */
export const VARIANT_WIDTHS: readonly number[] = [480, 800, 1200];

export interface ImageVariant {
  /** Beside the original, without a leading slash: "img/a.480w.webp". */
  route: string;
  width: number;
  height: number;
  format: "webp" | "jpeg" | "png" | "gif";
  /** The picture itself under its own name, its camera's metadata left out (render/jpeg-metadata.ts): the EXIF orientation it keeps. */
  original?: { orientation: number };
}

type VariantFormat = ImageVariant["format"];

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
