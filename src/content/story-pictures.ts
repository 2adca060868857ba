// The pictures a story shows besides its cover: those in its body (![alt](/img/a.jpg "图注")) and
// its 组图 (gallery: in front matter), each with the line it was written on, so that a picture
// that is missing or damaged is reported where the editor named it.
import { z } from "zod";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { isSitePath, isWebAddress, publicRoute } from "../paths.js";
import type { YamlSource } from "../yaml-source.js";
import { detached as own } from "./teaser.js";

/** A picture named in a story: where it is (a public/ path or a web address) and the file's line. */
export interface PictureRef {
  src: string;
  line?: number;
}

interface GalleryItem extends PictureRef {
  caption?: string;
}

export interface StoryPictures {
  /** Pictures in the body, in order, as Markdown names them. */
  body: readonly PictureRef[];
  gallery: readonly GalleryItem[];
}

/** A story without pictures besides its cover (most stories): one object, shared, never changed. */
export const NO_PICTURES: StoryPictures = Object.freeze({ body: Object.freeze([]), gallery: Object.freeze([]) });

const GALLERY_FORM = "gallery must be a list of pictures, e.g. [{ src: /img/a.jpg, caption: 图注 }]";
const itemText = (what: string) => z.union([z.string(), z.number()], { error: `${what} must be text` }).transform((v) => String(v).trim());

/** The field this file reads, for the story schema: an item is { src, caption } or a path alone. */
export const pictureFields = {
  gallery: z
    .array(
      z.union([itemText("a gallery picture").transform((src) => ({ src, caption: undefined as string | undefined })), z.strictObject({ src: itemText("a gallery picture's src"), caption: itemText("a gallery picture's caption").optional() })], {
        error: "each gallery picture is { src: /img/a.jpg, caption: 图注 }",
      }),
      { error: GALLERY_FORM },
    )
    .default([]),
};

/** The story's pictures from its gallery and its body (body lines are the file's), or the problems with them. */
export function readPictures(gallery: { src: string; caption?: string }[], body: readonly PictureRef[], source: YamlSource, file: string, bodyLine: number): { pictures: StoryPictures; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const items: GalleryItem[] = gallery.map((item, i) => {
    const pos = source.positionOf(["gallery", i, "src"]) ?? source.positionOf(["gallery", i]);
    if (!item.src) diagnostics.push(errorAt(file, "a gallery picture has no src", "write each as { src: /img/a.jpg, caption: 图注 }", pos?.line, pos?.column));
    else if (!isWebAddress(item.src) && !isSitePath(item.src)) {
      diagnostics.push(errorAt(file, `gallery picture "${item.src}" is neither a path under public/ nor a web address`, "write /img/a.jpg for public/img/a.jpg, or a full https:// address", pos?.line, pos?.column));
    }
    return { src: own(item.src), caption: item.caption ? own(item.caption) : undefined, line: pos?.line };
  });
  const inBody = body.map((p) => ({ src: p.src, line: p.line === undefined ? undefined : bodyLine + p.line }));
  return { pictures: items.length || inBody.length ? { body: inBody, gallery: items } : NO_PICTURES, diagnostics };
}

/** The routes under public/ of the pictures a story names (cover, body, gallery), in that order. */
export function picturesNamed(story: { cover?: string; pictures: StoryPictures }): string[] {
  const named = [story.cover, ...story.pictures.body.map((p) => p.src), ...story.pictures.gallery.map((p) => p.src)];
  return named.filter((src): src is string => src !== undefined && !isWebAddress(src)).map(publicRoute);
}
