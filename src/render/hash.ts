// Short fingerprints of text, for job keys: equal text, equal key; any change, another key.
import crypto from "node:crypto";

export function hash(text: string): string {
  return crypto.hash("sha1", text, "base64url");
}
