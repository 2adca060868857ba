// Templates checked before any page is rendered: syntax, the templates they name, the filters
// they use, templates that include each other without end. The same reading gives, for each
// template, a hash of it and of every template it uses: part of the key of the pages it makes.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { displayPath, listFiles } from "../content/files.js";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { guesser } from "../suggest.js";
import { BUILTIN_TEMPLATES, ENVIRONMENT_OPTIONS, createEnvironment } from "./environment.js";
import { hash } from "../hash.js";
import { PAGE_TEMPLATES } from "./jobs.js";

export interface TemplateSet {
  diagnostics: Diagnostic[];
  /** For each template, every template it uses, directly or not (extends, include, import). */
  uses: Map<string, Set<string>>;
  /** Where each template name is read from: the site's folder, else xnews's own. */
  files: Map<string, string>;
  /** For each template, a hash of its text and of every template it uses: it changes when its output may. */
  hashes: Map<string, string>;
}

interface NunjucksNode {
  lineno: number;
  colno: number;
  value?: unknown;
  typename: string;
  name?: NunjucksNode;
  template?: NunjucksNode;
  fields?: readonly string[];
  children?: unknown[];
  [field: string]: unknown;
}

/** A template named by extends, include or import. */
export interface TemplateReference {
  kind: "extends" | "include" | "import";
  /** The name when written as a literal; undefined when computed at render time. */
  target?: string;
  /** 1-based, as shown to users. */
  line: number;
  column: number;
  /** Inside an if, a loop or a macro: it may not run on every rendering. */
  guarded: boolean;
}

export interface TemplateReading {
  references: TemplateReference[];
  /** Filters used, with where. */
  filters: { name: string; line: number; column: number }[];
}

const REFERENCE_KINDS: Record<string, TemplateReference["kind"]> = { Extends: "extends", Include: "include", Import: "import", FromImport: "import" };
/** Nodes whose contents may run zero times, or only when called. */
const GUARDS = new Set(["If", "IfAsync", "InlineIf", "For", "AsyncEach", "AsyncAll", "Macro", "Caller", "Switch"]);

const require = createRequire(import.meta.url);

type Parser = { parse(src: string, ext: unknown[], opts: object): NunjucksNode };

/** Parses a template's source; throws Nunjucks's error on a syntax error. */
export function readTemplate(source: string): TemplateReading {
  const lib = require("nunjucks") as { parser: Parser };
  return walk(lib.parser.parse(source, [], ENVIRONMENT_OPTIONS));
}

/** Every reference and filter, found without recursion (a deeply nested template is no crash). */
function walk(root: NunjucksNode): TemplateReading {
  const reading: TemplateReading = { references: [], filters: [] };
  const stack: [NunjucksNode, boolean][] = [[root, false]];
  while (stack.length) {
    const [node, guarded] = stack.pop()!;
    const kind = REFERENCE_KINDS[node.typename];
    if (kind) {
      const target = node.template;
      const literal = target?.typename === "Literal" && typeof target.value === "string" ? target.value : undefined;
      reading.references.push({ kind, target: literal, line: node.lineno + 1, column: node.colno + 1, guarded });
    } else if (node.typename === "Filter" || node.typename === "FilterAsync") {
      reading.filters.push({ name: String(node.name?.value), line: node.lineno + 1, column: node.colno + 1 });
    }
    const inner = guarded || GUARDS.has(node.typename);
    const children = Array.isArray(node.children) ? node.children : (node.fields ?? []).map((f) => node[f]);
    // Pushed in reverse, so that they are read in source order.
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && typeof child === "object" && typeof (child as NunjucksNode).typename === "string") stack.push([child as NunjucksNode, inner]);
    }
  }
  return reading;
}

export function checkTemplates(templatesDir: string): TemplateSet {
  const filters = Object.keys((createEnvironment(templatesDir) as unknown as { filters: Record<string, unknown> }).filters);
  const knownFilters = new Set(filters);
  const guessFilter = guesser(filters);
  const files = templateFiles(templatesDir);
  const guessTemplate = guesser(files.keys());
  const diagnostics: Diagnostic[] = [];
  const direct = new Map<string, Set<string>>();
  const readings = new Map<string, TemplateReading>();
  const texts = new Map<string, string>();
  /** A template that names another by an expression may use any of them. */
  let dynamic = false;

  for (const [name, file] of files) {
    const shown = displayPath(file);
    const refs = new Set<string>();
    direct.set(name, refs);
    let reading: TemplateReading;
    try {
      const text = fs.readFileSync(file, "utf8");
      texts.set(name, text);
      reading = readTemplate(text);
    } catch (e) {
      const err = e as { lineno?: number; colno?: number; message: string };
      const message = err.message.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? err.message;
      diagnostics.push(errorAt(shown, `template syntax error: ${message.replace(/^\(.*?\)\s*(\[Line \d+, Column \d+\])?\s*/, "")}`, "check that every {% tag %} is closed ({% endif %}, {% endfor %}, {% endblock %}) and spelt right", err.lineno, err.colno));
      continue;
    }
    readings.set(name, reading);
    for (const f of reading.filters) {
      if (!knownFilters.has(f.name)) {
        const guess = guessFilter(f.name);
        diagnostics.push(errorAt(shown, `unknown filter "${f.name}"`, guess ? `did you mean "${guess}"?` : "see the Nunjucks manual for the built-in filters", f.line, f.column));
      }
    }
    for (const ref of reading.references) {
      if (ref.target === undefined) {
        dynamic = true; // computed at render time
        continue;
      }
      refs.add(ref.target);
      if (!files.has(ref.target)) {
        const guess = guessTemplate(ref.target);
        diagnostics.push(errorAt(shown, `template "${ref.target}" does not exist`, guess ? `did you mean "${guess}"?` : `create it in ${displayPath(templatesDir)}`, ref.line, ref.column));
      }
    }
  }
  for (const name of PAGE_TEMPLATES) {
    if (!files.has(name)) diagnostics.push(errorAt(displayPath(templatesDir), `template "${name}" is missing`, "xnews needs it to render pages; restore it from xnews's templates/"));
  }
  for (const diagnostic of cycleDiagnostics(readings, files)) diagnostics.push(diagnostic);
  const uses = transitive(direct);
  return { diagnostics, uses, files, hashes: closureHashes(texts, uses, dynamic) };
}

function closureHashes(texts: Map<string, string>, uses: Map<string, Set<string>>, dynamic: boolean): Map<string, string> {
  const names = [...texts.keys()].sort();
  const hashes = new Map<string, string>();
  for (const name of names) {
    const closure = dynamic ? names : [name, ...[...(uses.get(name) ?? [])].sort()];
    hashes.set(name, hash(closure.map((n) => `${n}\0${texts.get(n) ?? ""}\0`).join("")));
  }
  return hashes;
}

/**
 * Templates that extend, include or import each other on every rendering never finish (Nunjucks
 * runs out of stack): an error on each template of such a cycle, at the reference that leads on.
 * References inside an if, a loop or a macro may end (a tree drawn by a template that includes
 * itself for each child): those are left to the render, which reports them if they do not.
 */
function cycleDiagnostics(readings: ReadonlyMap<string, TemplateReading>, files: ReadonlyMap<string, string>): Diagnostic[] {
  const edges = new Map<string, string[]>();
  for (const [name, reading] of readings) {
    const targets = reading.references.filter((r) => !r.guarded && r.target !== undefined && readings.has(r.target)).map((r) => r.target!);
    edges.set(name, [...new Set(targets)]);
  }
  const next = (name: string) => edges.get(name) ?? [];
  const out: Diagnostic[] = [];
  for (const name of [...readings.keys()].sort()) {
    // Breadth first from the template: the first one reached that leads back closes its shortest cycle.
    const from = bfs(name, next);
    const last = [...from.keys()].find((n) => next(n).includes(name));
    if (last === undefined) continue;
    const way = [name];
    for (let n = last; n !== name; n = from.get(n)!) way.push(n);
    const cycle = [name, ...way.slice(1).reverse(), name];
    const ref = readings.get(name)!.references.find((r) => !r.guarded && r.target === cycle[1]);
    const { message, hint } = describeCycle(cycle, ref?.kind ?? "include");
    out.push(errorAt(displayPath(files.get(name)!), message, hint, ref?.line, ref?.column));
  }
  return out;
}

/** Breadth first from `start`: each name reached, with the name it was reached from. */
export function bfs(start: string, next: (name: string) => readonly string[]): Map<string, string> {
  const from = new Map<string, string>([[start, start]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const n of next(queue[i]!)) {
      if (from.has(n)) continue;
      from.set(n, queue[i]!);
      queue.push(n);
    }
  }
  return from;
}

const VERBS: Record<TemplateReference["kind"], string> = { extends: "extends", include: "includes", import: "imports" };
const CYCLE_SHOWN = 12;

export function describeCycle(cycle: readonly string[], kind: TemplateReference["kind"]): { message: string; hint: string } {
  const names = cycle.length <= CYCLE_SHOWN ? cycle : [...cycle.slice(0, CYCLE_SHOWN - 4), `… ${cycle.length - CYCLE_SHOWN + 1} more …`, ...cycle.slice(-3)];
  const shown = names.join(" → ");
  if (cycle.length === 2) {
    return {
      message: `template ${VERBS[kind]} itself without end: ${shown}`,
      hint: kind === "extends" ? "extend another template, e.g. layout.njk" : `remove the ${kind}, or put it inside an {% if %} that ends the repetition`,
    };
  }
  return { message: `templates include each other without end: ${shown}`, hint: "remove one of these extends, include or import tags, or put it inside an {% if %} that ends the repetition" };
}

/** Every .njk template by name ("partials/nav.njk"), the site's shadowing xnews's own. */
export function templateFiles(templatesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of [BUILTIN_TEMPLATES, path.resolve(templatesDir)]) {
    for (const rel of listFiles(dir, [".njk", ".html"])) files.set(rel, path.join(dir, rel));
  }
  return files;
}

/** Each template's direct references followed to the end, with an explicit stack (chains may be long). */
function transitive(direct: Map<string, Set<string>>): Map<string, Set<string>> {
  const all = new Map<string, Set<string>>();
  for (const name of direct.keys()) {
    const seen = new Set<string>();
    const stack = [name];
    while (stack.length) {
      for (const next of direct.get(stack.pop()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    all.set(name, seen);
  }
  return all;
}
