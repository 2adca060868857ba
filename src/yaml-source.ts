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
 * What plain values mean: null, true and false are read (flags need them); everything else stays
 * the text it was written as. "3.10", "0012" and "2018-12-07" are text, shown and read by our own
 * rules; YAML 1.2 core would make them 3.1, 12 and a date. An explicit !!int or !!float still counts.
 */
const yamlTypes = (jsYaml as unknown as { types: Record<"null" | "bool" | "int" | "float", jsYaml.Type> }).types;
const TEXT_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [yamlTypes.null, yamlTypes.bool], explicit: [yamlTypes.int, yamlTypes.float] });

/** The most a file may hold once aliases are filled in: far above any real site.yml or front matter. */
export const YAML_VALUE_LIMIT = 100_000;
export const YAML_TEXT_LIMIT = 10_000_000;

/**
 * Parses YAML text that starts at `firstLine` of `file` (a front matter block starts on line 2).
 * Numbers and dates stay text (TEXT_SCHEMA); `yes` is not true.
 */
export function readYaml(text: string, file: string, firstLine = 1): YamlSource {
  const unreadable = unreadableCharacter(text, file, firstLine);
  if (unreadable) return { data: undefined, diagnostics: [unreadable], positionOf: () => undefined };
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: TEXT_SCHEMA, filename: file });
  } catch (e) {
    if (!(e instanceof jsYaml.YAMLException)) throw e;
    return { data: undefined, diagnostics: exactErrors(text, file, firstLine, e), positionOf: () => undefined };
  }
  // Aliases share what they name, so the parse is small; whatever walks it meets every copy.
  if (isOverBudget(data)) return { data: undefined, diagnostics: [overBudgetError(text, file, firstLine)], positionOf: () => undefined };
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
    // Up to the first colon, then trimmed: a lazy key before `\s*:` tried every split of a long run of spaces.
    const key = /^([^\s#\-"'{[][^:#]*):(?:\s|$)/.exec(line)?.[1]!.trimEnd();
    if (key !== undefined && !lines.has(key)) lines.set(key, i + 1);
  });
  return lines;
}

/** Characters YAML refuses to read (js-yaml: "non-printable"): found here so the message can say where and what. */
const UNREADABLE = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unreadableCharacter(text: string, file: string, firstLine: number): Diagnostic | undefined {
  const m = UNREADABLE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const what = code >= 0xd800 && code <= 0xdfff ? `half of a character (${name})` : code >= 0xfffe ? `a noncharacter (${name})` : `an invisible control character (${name})`;
  const { line, column } = lineColumn(text, m.index);
  return errorAt(file, `${what} is written here, and YAML cannot hold it`, "delete it: it cannot be shown, and text pasted from Word or a PDF often carries one", line + firstLine - 1, column);
}

/** 1-based line and column (in UTF-16 units, as the parsers count) of an offset in text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Counts the values of parsed YAML as anything that walks it will meet them: a value an alias
 * names counts again each time it is reached. Iterative, and stops as soon as a limit is passed.
 */
function isOverBudget(data: unknown): boolean {
  let values = 1;
  let chars = 0;
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") chars += v.length;
    else if (typeof v === "object" && v !== null) {
      const keys = Array.isArray(v) ? undefined : Object.keys(v);
      const children: unknown[] = Array.isArray(v) ? v : Object.values(v);
      values += children.length;
      if (values > YAML_VALUE_LIMIT) return true;
      for (const k of keys ?? []) chars += k.length;
      for (const child of children) stack.push(child);
    }
    if (chars > YAML_TEXT_LIMIT) return true;
  }
  return false;
}

/**
 * Where YAML that is too big grows past the limits: the same count over the `yaml` package's
 * tree (slower, but it knows positions), blaming the alias written in the file through which
 * the count was reached. Only run once a file has been found too big.
 */
function overBudgetError(text: string, file: string, firstLine: number): Diagnostic {
  const { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, isPair } = exactParser();
  const lineCounter = new LineCounter();
  // uniqueKeys off: its check compares every key with every earlier one (20,000 keys: 3.6 s).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  type Node = NonNullable<typeof doc.contents>;
  // Each alias → the node it names: the last anchor of that name before it, in document order.
  const anchors = new Map<string, Node>();
  const target = new Map<unknown, Node | undefined>();
  const order: unknown[] = [doc.contents];
  while (order.length) {
    const node = order.pop();
    if (isAlias(node)) target.set(node, anchors.get(node.source));
    else if (isMap(node) || isSeq(node) || isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, node as Node);
      if (!isScalar(node)) for (let i = node.items.length - 1; i >= 0; i--) order.push(node.items[i]);
    } else if (isPair(node)) order.push(node.value, node.key);
  }
  let values = 1;
  let chars = 0;
  let culprit: { node: { range?: [number, number, number] | null }; alias?: string } | undefined;
  const stack: { node: unknown; via?: { range?: [number, number, number] | null; source: string } }[] = [{ node: doc.contents }];
  while (stack.length && !culprit) {
    const { node, via } = stack.pop()!;
    if (isAlias(node)) {
      stack.push({ node: target.get(node), via: via ?? node });
      continue;
    }
    if (isScalar(node)) chars += String(node.value ?? "").length;
    else if (isMap(node) || isSeq(node)) {
      values += node.items.length;
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isPair(item)) {
          if (isScalar(item.key)) chars += String(item.key.value ?? "").length;
          stack.push({ node: item.value, via });
        } else stack.push({ node: item, via });
      }
    }
    if (values > YAML_VALUE_LIMIT || chars > YAML_TEXT_LIMIT) culprit = via ? { node: via, alias: via.source } : { node: node as { range?: [number, number, number] } };
  }
  const limit = values > YAML_VALUE_LIMIT ? `${YAML_VALUE_LIMIT.toLocaleString("en")} values` : `${YAML_TEXT_LIMIT.toLocaleString("en")} characters`;
  const at = culprit?.node.range ? lineCounter.linePos(culprit.node.range[0]) : { line: 1, col: 1 };
  return culprit?.alias !== undefined
    ? errorAt(
        file,
        `the alias *${culprit.alias} makes this YAML too big: with its aliases filled in it holds more than ${limit}`,
        `an alias (*name) repeats everything its anchor (&name) holds, and aliases inside it repeat again; write the values out once instead`,
        at.line + firstLine - 1,
        at.col,
      )
    : errorAt(file, `this YAML holds more than ${limit}`, "settings and front matter are meant to be short; move long lists and texts out of them", at.line + firstLine - 1, at.col);
}

/** The `yaml` package's account of a syntax error: the clearer of the two parsers' messages. */
function exactErrors(text: string, file: string, firstLine: number, fastError: jsYaml.YAMLException): Diagnostic[] {
  // Too deep for js-yaml is too deep for the `yaml` package's recursion too: say so plainly.
  if (/^nesting exceeded maxDepth/.test(fastError.reason)) {
    const mark = fastError.mark;
    return [errorAt(file, TOO_DEEP, TOO_DEEP_HINT, (mark?.line ?? 0) + firstLine, (mark?.column ?? 0) + 1)];
  }
  // A key written twice: js-yaml knows where. (The `yaml` package's own check compares every key
  // with every earlier one, which a front matter of 100,000 keys makes take minutes.)
  if (/^duplicated mapping key/.test(fastError.reason)) {
    const mark = fastError.mark;
    return [errorAt(file, "YAML syntax error: a field is written twice", yamlHint("DUPLICATE_KEY"), (mark?.line ?? 0) + firstLine, (mark?.column ?? 0) + 1)];
  }
  const { LineCounter, parseDocument } = exactParser();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (!doc.errors.length) {
    const mark = fastError.mark;
    return [errorAt(file, `YAML syntax error: ${fastError.reason}`, yamlHint(""), (mark?.line ?? 0) + firstLine, (mark?.column ?? 0) + 1)];
  }
  // One slip can make an error of every bracket after it: the first on each line, a few lines.
  const lines = new Set<number>();
  const out: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    if (lines.has(pos.line)) continue;
    lines.add(pos.line);
    const tooDeep = /Maximum call stack/.test(e.message);
    const message = tooDeep ? TOO_DEEP : `YAML syntax error: ${plainYamlMessage(e.message)}`;
    out.push(errorAt(file, message, tooDeep ? TOO_DEEP_HINT : yamlHint(e.code), pos.line + firstLine - 1, pos.col));
    if (out.length === MAX_SYNTAX_ERRORS) break;
  }
  return out;
}

const MAX_SYNTAX_ERRORS = 10;
const TOO_DEEP = "values are nested more than 100 levels deep";
const TOO_DEEP_HINT = "no setting or field needs this; look for brackets [ { that are never closed, or a long run of - - -";

function exactPositions(text: string, firstLine: number) {
  const { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } = exactParser();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
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
