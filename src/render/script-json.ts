// Data written into a page's <script> elements (JSON-LD, the 最新 list): JSON in which nothing can
// close the script element or end a line early, whatever text the site's writers put in it.

export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What could end a script element or a line inside one, written as \u escapes (JSON reads them back the same). */
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;
