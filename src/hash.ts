// Short fingerprints of text (story files, bodies, templates, job keys): equal text, equal hash; any change, another.
import crypto from "node:crypto";

export function hash(text: string): string {
  return crypto.hash("sha1", text, "base64url");
}
