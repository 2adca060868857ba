// A JPEG as published under its own name: the same picture, byte for byte, without what the camera
// wrote about where and how it was taken (EXIF with its GPS position, XMP, IPTC, comments). Only
// the orientation is kept, in a minimal EXIF block of its own, so the photo still shows upright.
// No pixel is decoded: segments before the picture's data are copied or left out.
import { jpegSegments } from "../content/jpeg-segments.js";

/** Segments that describe the photo rather than draw it: APP1 (EXIF, XMP), APP12/13 (IPTC), COM. */
const DROPPED = new Set([0xe1, 0xec, 0xed, 0xfe]);

/**
 * `jpeg` without its metadata, given the EXIF orientation it should keep (1: none). What follows
 * the picture's end marker goes too: a phone's "motion photo" video, or a second picture with EXIF
 * of its own (MPF, whose index segment goes as well).
 */
export function jpegWithoutMetadata(jpeg: Buffer, orientation: number): Buffer {
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  if (orientation !== 1) parts.push(orientationSegment(orientation));
  const { segments, scan } = jpegSegments(jpeg);
  for (const { marker, at, end } of segments) if (!DROPPED.has(marker) && !isMpfIndex(jpeg, at)) parts.push(jpeg.subarray(at, end));
  // The picture itself, to its end marker: inside scan data a 0xFF is always followed by 0x00 or
  // a restart marker, so FF D9 there is the end.
  const from = scan ?? segments.at(-1)?.end ?? 2;
  const last = jpeg.indexOf(END, from);
  parts.push(jpeg.subarray(from, last === -1 ? jpeg.length : last + 2));
  return Buffer.concat(parts);
}

const END = Buffer.from([0xff, 0xd9]);

/** APP2 "MPF": the index of the pictures after the first (a depth map, a second view). */
function isMpfIndex(jpeg: Buffer, at: number): boolean {
  return jpeg[at + 1] === 0xe2 && jpeg.toString("latin1", at + 4, at + 8) === "MPF\0";
}

/** An APP1 EXIF segment holding one tag: Orientation (0x0112), a SHORT, in a little-endian TIFF. */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write("II", 0, "latin1");
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // the first IFD
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14); // one value
  tiff.writeUInt16LE(orientation, 18);
  tiff.writeUInt32LE(0, 22); // no next IFD
  const body = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}
