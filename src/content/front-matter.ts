// A story file: YAML front matter between --- lines, then Markdown.
import matter from "gray-matter";
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
  // gray-matter strips comment lines with a regex whose cost is the block's lines squared.
  const lines = frontMatterLines(text);
  if (lines > MAX_FRONT_MATTER_LINES) {
    return { ok: false, diagnostics: [errorAt(file, `the front matter runs ${lines.toLocaleString("en")} lines (at most ${MAX_FRONT_MATTER_LINES.toLocaleString("en")})`, "a story's fields take a few dozen lines: look for a closing --- that is missing or misplaced", 1, 1)] };
  }
  let source: YamlSource | undefined;
  // Front matter starts on line 2, after the opening ---; gray-matter may hand it over with
  // that line's newline still in front.
  const readBlock = (yamlText: string) => (source = readYaml(yamlText, file, yamlText.startsWith("\n") ? 1 : 2));
  const parsed = matter(text, { engines: { yaml: (yamlText: string) => (readBlock(yamlText).data ?? {}) as object } });
  if (!source) source = readYaml("", file, 2);
  if (source.diagnostics.length) return { ok: false, diagnostics: source.diagnostics };
  const data = source.data;
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return { ok: false, diagnostics: [errorAt(file, "the front matter must be fields written as `name: value`", "e.g. title: 赤壁市获评“湖北省质量强省示范市”", 2, 1)] };
  }
  const bodyStart = text.length - parsed.content.length;
  const bodyLine = countLines(text.slice(0, bodyStart)) + 1;
  return { ok: true, value: { data: (data ?? {}) as Record<string, unknown>, source, body: parsed.content, bodyLine } };
}

const MAX_FRONT_MATTER_LINES = 10_000;

/** Lines between the opening --- and the closing one (which is known to be there). */
function frontMatterLines(text: string): number {
  return countLines(text.slice(0, text.indexOf("\n---", 3) + 1));
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
