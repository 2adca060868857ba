// A story file: YAML front matter between --- lines, then Markdown.
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { readYaml, type YamlSource } from "../yaml-source.js";

export interface FrontMatterFile {
  data: Record<string, unknown>;
  source: YamlSource;
  body: string;
  /** The line of the file where the body starts. */
  bodyLine: number;
}

export type FrontMatterResult = { ok: true; value: FrontMatterFile } | { ok: false; diagnostics: Diagnostic[] };

export function readFrontMatter(text: string, file: string): FrontMatterResult {
  if (!/^---[ \t]*\n/.test(text)) {
    return {
      ok: false,
      diagnostics: [errorAt(file, "the file does not start with front matter", "begin it with a line ---, then title:, date: and channel: lines, then ---", 1, 1)],
    };
  }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(3))) {
    return { ok: false, diagnostics: [errorAt(file, "the front matter is never closed", "add a line --- after the last field, before the story's text", 1, 1)] };
  }
  const parsed = splitFrontMatter(text);
  // Front matter starts on line 2, after the opening ---, whose newline it may still hold.
  const source = parsed.blank ? readYaml("", file, 2) : readYaml(parsed.matter, file, parsed.matter.startsWith("\n") ? 1 : 2);
  if (source.diagnostics.length) return { ok: false, diagnostics: source.diagnostics };
  const data = source.data;
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return { ok: false, diagnostics: [errorAt(file, "the front matter must be fields written as `name: value`", "e.g. title: 赤壁市获评“湖北省质量强省示范市”", 2, 1)] };
  }
  const bodyStart = text.length - parsed.content.length;
  const bodyLine = countLines(text.slice(0, bodyStart)) + 1;
  return { ok: true, value: { data: (data ?? {}) as Record<string, unknown>, source, body: parsed.content, bodyLine } };
}

/**
 * The split gray-matter makes, without the regex it strips comment lines with (`^\s*#` with the
 * `m` flag tries every line of a run of blank lines to its end: 40,000 of them took a second):
 * the block runs from after the opening --- to the first "\n---", the body from the end of that line.
 * Called once the opening and closing lines are known to be there.
 */
function splitFrontMatter(text: string): { matter: string; blank: boolean; content: string } {
  const rest = text.slice(3);
  const close = rest.indexOf("\n---");
  const matter = rest.slice(0, close);
  let content = rest.slice(close + 4);
  if (content[0] === "\r") content = content.slice(1);
  if (content[0] === "\n") content = content.slice(1);
  return { matter, blank: isBlank(matter), content };
}

/** Nothing but blank lines and comments ("#" and at least one more character). */
function isBlank(block: string): boolean {
  for (const line of block.split("\n")) {
    const text = line.trimStart();
    if (text !== "" && !(text[0] === "#" && text.length > 1)) return false;
  }
  return true;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
