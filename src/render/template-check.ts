// Templates checked before any page is rendered: syntax, the templates they name, the filters
// they use. The same reading gives which template depends on which, for the dev server.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type nunjucks from "nunjucks";
import { displayPath, listFiles } from "../content/files.js";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { nearest } from "../suggest.js";
import { BUILTIN_TEMPLATES, ENVIRONMENT_OPTIONS, createEnvironment } from "./environment.js";
import { PAGE_TEMPLATES } from "./pages.js";

export interface TemplateSet {
  diagnostics: Diagnostic[];
  /** For each template, every template it uses, directly or not (extends, include, import). */
  uses: Map<string, Set<string>>;
  /** Where each template name is read from: the site's folder, else xnews's own. */
  files: Map<string, string>;
}

interface NunjucksNode {
  lineno: number;
  colno: number;
  value?: unknown;
  typename: string;
  name?: NunjucksNode;
  template?: NunjucksNode;
  findAll(type: unknown): NunjucksNode[];
}

const require = createRequire(import.meta.url);

export function checkTemplates(templatesDir: string): TemplateSet {
  const lib = require("nunjucks") as typeof nunjucks & { parser: { parse(src: string, ext: unknown[], opts: object): NunjucksNode }; nodes: Record<string, unknown> };
  const filters = Object.keys((createEnvironment(templatesDir) as unknown as { filters: Record<string, unknown> }).filters);
  const files = templateFiles(templatesDir);
  const diagnostics: Diagnostic[] = [];
  const direct = new Map<string, Set<string>>();

  for (const [name, file] of files) {
    const shown = displayPath(file);
    const refs = new Set<string>();
    direct.set(name, refs);
    let ast: NunjucksNode;
    try {
      ast = lib.parser.parse(fs.readFileSync(file, "utf8"), [], ENVIRONMENT_OPTIONS);
    } catch (e) {
      const err = e as { lineno?: number; colno?: number; message: string };
      const message = err.message.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? err.message;
      diagnostics.push(errorAt(shown, `template syntax error: ${message.replace(/^\(.*?\)\s*(\[Line \d+, Column \d+\])?\s*/, "")}`, "check that every {% tag %} is closed ({% endif %}, {% endfor %}, {% endblock %}) and spelt right", err.lineno, err.colno));
      continue;
    }
    for (const node of ast.findAll(lib.nodes.Filter)) {
      const filter = String(node.name?.value);
      if (!filters.includes(filter)) {
        const guess = nearest(filter, filters);
        diagnostics.push(errorAt(shown, `unknown filter "${filter}"`, guess ? `did you mean "${guess}"?` : "see the Nunjucks manual for the built-in filters", node.lineno + 1, node.colno + 1));
      }
    }
    for (const type of ["Extends", "Include", "Import", "FromImport"]) {
      for (const node of ast.findAll(lib.nodes[type])) {
        const target = node.template;
        if (target?.typename !== "Literal" || typeof target.value !== "string") continue; // computed at render time
        refs.add(target.value);
        if (!files.has(target.value)) {
          const guess = nearest(target.value, files.keys());
          diagnostics.push(errorAt(shown, `template "${target.value}" does not exist`, guess ? `did you mean "${guess}"?` : `create it in ${displayPath(templatesDir)}`, node.lineno + 1, node.colno + 1));
        }
      }
    }
  }
  for (const name of PAGE_TEMPLATES) {
    if (!files.has(name)) diagnostics.push(errorAt(displayPath(templatesDir), `template "${name}" is missing`, "xnews needs it to render pages; restore it from xnews's templates/"));
  }
  return { diagnostics, uses: transitive(direct), files };
}

/** Every .njk template by name ("partials/nav.njk"), the site's shadowing xnews's own. */
function templateFiles(templatesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of [BUILTIN_TEMPLATES, path.resolve(templatesDir)]) {
    for (const rel of listFiles(dir, [".njk", ".html"])) files.set(rel, path.join(dir, rel));
  }
  return files;
}

function transitive(direct: Map<string, Set<string>>): Map<string, Set<string>> {
  const all = new Map<string, Set<string>>();
  const visit = (name: string, seen: Set<string>) => {
    for (const next of direct.get(name) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      visit(next, seen);
    }
  };
  for (const name of direct.keys()) {
    const seen = new Set<string>();
    visit(name, seen);
    all.set(name, seen);
  }
  return all;
}
