// A JPEG's header walked segment by segment, up to where its picture data starts: for telling a
// file cut short (content/image-facts.ts) and for publishing one without its metadata
// (render/jpeg-metadata.ts).

export interface JpegSegment {
  marker: number;
  /** Where the segment's FF marker is, and where the next thing starts. */
  at: number;
  end: number;
}

/**
 * The segments after the start-of-image marker, and `scan`: where the start-of-scan marker is (the
 * picture data follows it), the file's length when it ends before any scan, or undefined when the
 * header is no chain of segments (then the decoder is left to judge it).
 */
export function jpegSegments(bytes: Buffer): { segments: JpegSegment[]; scan: number | undefined } {
  const segments: JpegSegment[] = [];
  let at = 2; // after FF D8
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return { segments, scan: undefined };
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // a fill byte before a marker
      continue;
    }
    if (marker === 0xda) return { segments, scan: at };
    // TEM and the restart markers have no length.
    const end = marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7) ? at + 2 : at + 2 + bytes.readUInt16BE(at + 2);
    segments.push({ marker, at, end });
    at = end;
  }
  return { segments, scan: bytes.length };
}
