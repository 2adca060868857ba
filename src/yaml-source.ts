// YAML read with positions, so that every problem found later (a bad field, an unknown channel)
// can point at the line the user must change. js-yaml reads fast; the `yaml` package, slower but
// exact about positions, is only used when something has to be located beyond a top-level key.
import jsYaml from "js-yaml";
import { createRequire } from "node:module";
import type * as YamlLib from "yaml";

// The exact parser is needed only to locate a problem: loaded then, not on every start.
const require = createRequire(import.meta.url);
const exactParser = () => require("yaml") as typeof YamlLib;
import { errorAt, type Diagnostic } from "./diagnostics.js";

export interface YamlSource {
  data: unknown;
  /** Where the value at a key path is written, as 1-based line and column in the whole file. */
  positionOf(path: readonly (string | number)[]): { line: number; column: number } | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Parses YAML text that starts at `firstLine` of `file` (a front matter block starts on line 2).
 * YAML 1.2 core schema: dates stay text, so our own date rule reads them; `yes` is not true.
 */
export function readYaml(text: string, file: string, firstLine = 1): YamlSource {
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file });
  } catch (e) {
    return { data: undefined, diagnostics: exactErrors(text, file, firstLine, e as jsYaml.YAMLException), positionOf: () => undefined };
  }
  const keyLines = topLevelKeyLines(text);
  let exact: ReturnType<typeof exactPositions> | undefined;
  return {
    data,
    diagnostics: [],
    positionOf(path) {
      const line = path.length === 1 ? keyLines.get(String(path[0])) : undefined;
      if (line !== undefined) return { line: line + firstLine - 1, column: 1 };
      exact ??= exactPositions(text, firstLine);
      return exact(path);
    },
  };
}

/** Lines of the keys written at the start of a line: the fields of a front matter block. */
function topLevelKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split("\n").forEach((line, i) => {
    const m = /^([^\s#\-"'{[][^:#]*?)\s*:(?:\s|$)/.exec(line);
    if (m && !lines.has(m[1]!)) lines.set(m[1]!, i + 1);
  });
  return lines;
}

/** The `yaml` package's account of a syntax error: the clearer of the two parsers' messages. */
function exactErrors(text: string, file: string, firstLine: number, fastError: jsYaml.YAMLException): Diagnostic[] {
  const { LineCounter, parseDocument } = exactParser();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (!doc.errors.length) {
    const mark = fastError.mark;
    return [errorAt(file, `YAML syntax error: ${fastError.reason}`, yamlHint(""), (mark?.line ?? 0) + firstLine, (mark?.column ?? 0) + 1)];
  }
  return doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return errorAt(file, `YAML syntax error: ${plainYamlMessage(e.message)}`, yamlHint(e.code), pos.line + firstLine - 1, pos.col);
  });
}

function exactPositions(text: string, firstLine: number) {
  const { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } = exactParser();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path: readonly (string | number)[]) => {
    // Walk down while the path exists; report the key of a field (where a user looks), or
    // the closest parent that exists when the field is missing.
    let node: unknown = doc.contents;
    let at: [number, number, number] | undefined = isNode(node) ? (node.range ?? undefined) : undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
        if (!pair) break;
        at = (isNode(pair.key) && pair.key.range) || at;
        node = pair.value;
      } else if (isSeq(node) && typeof step === "number" && isNode(node.items[step])) {
        node = node.items[step];
        at = (node as { range?: [number, number, number] }).range ?? at;
      } else break;
    }
    if (!at) return undefined;
    const p = lineCounter.linePos(at[0]);
    return { line: p.line + firstLine - 1, column: p.col };
  };
}

function plainYamlMessage(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").trim();
}

function yamlHint(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "each field may appear once; remove or rename the second one";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation and that each field is written as `name: value`";
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return "a value that spans lines or contains ': ' must be put in quotes";
    default:
      return "put text that contains a colon, # or quotes inside double quotes";
  }
}
