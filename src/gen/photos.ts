// Made-up photos for tests and the image benchmark: JPEGs of a camera's size and weight (about
// 2 MB at 4000×3000), the same bytes for the same seed. Smooth gradients and soft shapes with
// grain on top give the encoders the work a real photo gives; some seeds carry an EXIF
// orientation (the photo is stored on its side, as a phone held upright stores it) and some a
// GPS position, so that tests can check one is applied and the other removed.
import sharp, { type Exif } from "sharp";
import { type Random, createRandom } from "./random.js";

export interface PhotoTags {
  /** EXIF orientation 6: stored on its side, shown turned 90° clockwise (height × width on screen). */
  orientation?: 6;
  /** A GPS position (near Xianning) in the EXIF. */
  gps: boolean;
}

/** Which tags the photo of `seed` carries: a rotated one in four, a located one in three. */
export function photoTagsOf(seed: number): PhotoTags {
  return { ...(seed % 4 === 1 ? { orientation: 6 as const } : {}), gps: seed % 3 === 0 };
}

/** Stored as width × height pixels; shown as height × width when photoTagsOf(seed) has an orientation. */
export async function makePhoto(seed: number, width = 4000, height = 3000): Promise<Buffer> {
  const rng = createRandom(`photo ${seed}`);
  const pixels = paintScene(width, height, rng);
  const tags = photoTagsOf(seed);
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 88 });
  if (tags.orientation) image = image.withMetadata({ orientation: tags.orientation });
  return image.withExif(exifOf(seed, tags, rng)).toBuffer();
}

function exifOf(seed: number, tags: PhotoTags, rng: Random): Exif {
  const exif: Exif = { IFD0: { Make: "Canon", Model: "EOS 80D", Artist: `xnews gen photo ${seed}` } };
  if (tags.gps) {
    // Xianning is at about 29°50′N 114°19′E; a few minutes either way.
    exif.IFD3 = {
      GPSLatitudeRef: "N",
      GPSLatitude: `29/1 ${rng.int(40, 59)}/1 ${rng.int(0, 59)}/1`,
      GPSLongitudeRef: "E",
      GPSLongitude: `114/1 ${rng.int(10, 29)}/1 ${rng.int(0, 59)}/1`,
    };
  }
  return exif;
}

// ---------------------------------------------------------------- painting

type Rgb = [number, number, number];

interface Corners {
  topLeft: Rgb;
  topRight: Rgb;
  bottomLeft: Rgb;
  bottomRight: Rgb;
}

interface Shape {
  /** An ellipse's centre and radii, or a rectangle's centre and half-sizes. */
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  ellipse: boolean;
  colour: Rgb;
  opacity: number;
}

/** Grain, per pixel, as a sensor gives it: most of a full-size JPEG's weight. */
const GRAIN = 8;
/** Texture (foliage, brickwork, crowds): random values on a grid of this many pixels, blended between. */
const TEXTURE_CELL = 6;
const TEXTURE = 22;

/**
 * RGB bytes, painted a row at a time: the sky-to-ground gradient, the shapes crossing the row,
 * then texture and grain. Texture survives downscaling, so the variants weigh what a real
 * photo's do; grain does not. Both come from a xorshift inline (rng.next() per pixel would be
 * several times slower), seeded from the scene's own random numbers.
 */
function paintScene(width: number, height: number, rng: Random): Uint8ClampedArray {
  const corners: Corners = { topLeft: randomColour(rng), topRight: randomColour(rng), bottomLeft: randomColour(rng), bottomRight: randomColour(rng) };
  const shapes = Array.from({ length: rng.int(5, 10) }, () => randomShape(width, height, rng));
  const noise = xorshift(rng.int(1, 0x7fffffff));
  const texture = textureGrid(width, height, noise);
  const out = new Uint8ClampedArray(width * height * 3);
  const row = new Float32Array(width * 3);
  const detail = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    paintGradientRow(row, y / Math.max(1, height - 1), corners);
    for (const shape of shapes) paintShapeRow(row, y, shape);
    textureRow(detail, y, texture);
    const base = y * width * 3;
    for (let x = 0; x < width; x++) {
      const v = detail[x]! + ((noise() & 0xff) / 255 - 0.5) * 2 * GRAIN;
      const i = x * 3;
      out[base + i] = row[i]! + v;
      out[base + i + 1] = row[i + 1]! + v;
      out[base + i + 2] = row[i + 2]! + v;
    }
  }
  return out;
}

/** xorshift32: a few operations a number, where the scene's Random is a call and a division. */
function xorshift(seed: number): () => number {
  let state = (seed | 1) >>> 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

interface TextureGrid {
  columns: number;
  values: Float32Array;
}

function textureGrid(width: number, height: number, noise: () => number): TextureGrid {
  const columns = Math.ceil(width / TEXTURE_CELL) + 2;
  const rows = Math.ceil(height / TEXTURE_CELL) + 2;
  const values = new Float32Array(columns * rows);
  for (let i = 0; i < values.length; i++) values[i] = ((noise() & 0xff) / 255 - 0.5) * 2 * TEXTURE;
  return { columns, values };
}

/** Row y of the texture: bilinear between the grid points around each pixel, a cell at a time. */
function textureRow(detail: Float32Array, y: number, { columns, values }: TextureGrid): void {
  const fy = (y % TEXTURE_CELL) / TEXTURE_CELL;
  const above = Math.floor(y / TEXTURE_CELL) * columns;
  const below = above + columns;
  let left = values[above]! + (values[below]! - values[above]!) * fy;
  for (let gx = 0, x = 0; x < detail.length; gx++) {
    const right = values[above + gx + 1]! + (values[below + gx + 1]! - values[above + gx + 1]!) * fy;
    const step = (right - left) / TEXTURE_CELL;
    for (let k = 0; k < TEXTURE_CELL && x < detail.length; k++, x++) detail[x] = left + step * k;
    left = right;
  }
}

const randomColour = (rng: Random): Rgb => [rng.int(20, 235), rng.int(20, 235), rng.int(20, 235)];

function randomShape(width: number, height: number, rng: Random): Shape {
  const size = Math.min(width, height);
  return {
    cx: rng.int(0, width - 1),
    cy: rng.int(0, height - 1),
    rx: rng.int(Math.ceil(size / 20), Math.ceil(size / 4)),
    ry: rng.int(Math.ceil(size / 20), Math.ceil(size / 4)),
    ellipse: rng.chance(0.6),
    colour: randomColour(rng),
    opacity: 0.4 + 0.5 * rng.next(),
  };
}

/** Bilinear between the four corners: left and right edge colours for this row, then across. */
function paintGradientRow(row: Float32Array, fy: number, { topLeft, topRight, bottomLeft, bottomRight }: Corners): void {
  const width = row.length / 3;
  for (let c = 0; c < 3; c++) {
    const left = topLeft[c]! + (bottomLeft[c]! - topLeft[c]!) * fy;
    const right = topRight[c]! + (bottomRight[c]! - topRight[c]!) * fy;
    const step = (right - left) / Math.max(1, width - 1);
    for (let x = 0; x < width; x++) row[x * 3 + c] = left + step * x;
  }
}

/** Blends the part of `shape` on row y into the row. */
function paintShapeRow(row: Float32Array, y: number, shape: Shape): void {
  const dy = (y - shape.cy) / shape.ry;
  if (dy < -1 || dy > 1) return;
  const half = shape.ellipse ? shape.rx * Math.sqrt(1 - dy * dy) : shape.rx;
  const width = row.length / 3;
  const from = Math.max(0, Math.ceil(shape.cx - half));
  const to = Math.min(width - 1, Math.floor(shape.cx + half));
  const keep = 1 - shape.opacity;
  const [r, g, b] = shape.colour.map((v) => v * shape.opacity) as Rgb;
  for (let x = from; x <= to; x++) {
    const i = x * 3;
    row[i] = row[i]! * keep + r;
    row[i + 1] = row[i + 1]! * keep + g;
    row[i + 2] = row[i + 2]! * keep + b;
  }
}
