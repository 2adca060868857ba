// The generated corpus's photos: made (photos.ts) into public/img/gen/, and which of them each
// article shows as its cover and, for one in five, in its body after the lead.
import os from "node:os";
import { MAX_PIXELS } from "../content/image-facts.js";
import { CorpusError } from "./corpus-error.js";
import { makePhoto } from "./photos.js";
import type { Random } from "./random.js";
import { CITY_WIDE, COUNTY_BY_SLUG, REPORTERS, TOPICS } from "./vocabulary.js";
import type { CorpusPhoto } from "./write-corpus.js";


/** Where the photos are, under public/: stories name them as /img/gen/N.jpg. */
export const PHOTO_ROUTE = "/img/gen";
/** Bump when photos.ts paints different pixels, so that a kept photo folder is made again. */
export const PHOTO_VERSION = 1;
const MIN_PHOTO_SIDE = 16;

export interface CorpusImages {
  /** Distinct photos; beyond it, articles share them in turn. Default: one per article, at most DEFAULT_MAX_PHOTOS. */
  count?: number;
  /** Of each photo as stored (a rotated one is shown height × width). */
  width: number;
  height: number;
}

export function assertPhotoOptions(count: number, most: number, images: CorpusImages): void {
  if (!Number.isInteger(count) || count < 1 || count > most) {
    throw new CorpusError(`the number of photos must be a whole number from 1 to ${most}, not ${count}`);
  }
  const { width, height } = images;
  const sides = [width, height];
  if (!sides.every((n) => Number.isInteger(n) && n >= MIN_PHOTO_SIDE) || width * height > MAX_PIXELS) {
    throw new CorpusError(`photos must be at least ${MIN_PHOTO_SIDE} pixels a side and at most ${MAX_PIXELS / 1e6} megapixels, not ${width}x${height}`);
  }
}

/**
 * The photos in order, a few made at once: painting runs in this thread while sharp encodes the
 * one before on libuv's threads, so two cores stay busy.
 */
export async function* generatedPhotos(count: number, width: number, height: number): AsyncGenerator<CorpusPhoto> {
  const ahead = Math.max(2, os.availableParallelism());
  const pending: Promise<Buffer>[] = [];
  let next = 1;
  for (let n = 1; n <= count; n++) {
    while (next <= count && pending.length < ahead) pending.push(makePhoto(next++, width, height));
    yield { name: photoName(n), bytes: await pending.shift()! };
  }
}

const photoName = (n: number) => `${n}.jpg`;
const photoRoute = (n: number) => `${PHOTO_ROUTE}/${photoName(n)}`;

export interface PhotoSet {
  count: number;
  /** Its own sequence, so that the stories' other lines are drawn exactly as without photos. */
  rng: Random;
}

export interface Pictures {
  cover: string;
  /** A Markdown image with its caption, placed after the lead. */
  inBody?: string;
}

const PHOTO_SCENES = ["现场", "工作现场", "一线", "活动现场", "一角"];

/** The photos in turn as covers; one article in five also shows a photo (another one) in its body. */
export function picturesOf(index: number, channel: string, photos: PhotoSet): Pictures {
  const { rng, count } = photos;
  const cover = photoRoute((index % count) + 1);
  if (!rng.chance(0.2)) return { cover };
  const place = COUNTY_BY_SLUG.get(channel)?.full ?? rng.pick(CITY_WIDE);
  const alt = `${place}${rng.pick(TOPICS)}${rng.pick(PHOTO_SCENES)}`;
  const caption = `图为${alt}。(记者 ${rng.pick(REPORTERS)} 摄)`;
  return { cover, inBody: `![${alt}](${photoRoute(rng.int(1, count))} "${caption}")` };
}

/** The body with `block` as its own paragraph after the first: a story opens with words, not a picture. */
export function afterLead(body: string, block: string): string {
  const end = body.indexOf("\n\n");
  return end === -1 ? `${body.trimEnd()}\n\n${block}\n` : `${body.slice(0, end)}\n\n${block}${body.slice(end)}`;
}
