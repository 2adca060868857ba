// A copied file's fingerprint: its source's size, times and inode (hashing a 3 GiB video is no use).
import fs from "node:fs";

export function sourceFingerprint(source: string): string {
  const s = fs.statSync(source, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
}

/** A copy job's key (render/jobs.ts), also what dev's output remembers for a copied file. */
export function copyKey(source: string): string {
  return `copy:${sourceFingerprint(source)}`;
}
