// A Nunjucks failure → a diagnostic naming the template file and line.
import fs from "node:fs";
import path from "node:path";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { displayPath } from "../content/files.js";
import { bfs, describeCycle, readTemplate, templateFiles, type TemplateReading } from "./template-check.js";

export function templateError(error: unknown, templatesDir: string): Diagnostic {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof RangeError || text.trimEnd().endsWith("Maximum call stack size exceeded")) return endlessError(text, templatesDir);
  // Nunjucks writes "(file) [Line 3, Column 5]\n  message" with the innermost template first.
  const where = /\(([^()\n]+)\)\s*\[Line (\d+), Column (\d+)\]/.exec(text);
  const message = text.split("\n").map((l) => l.trim()).filter((l) => l && !/^\(.*\)$/.test(l) && !/^\(.*\)\s*\[Line/.test(l)).at(-1) ?? text;
  const file = where?.[1] ? displayPath(path.resolve(templatesDir, where[1])) : displayPath(templatesDir);
  return errorAt(
    file,
    `template error: ${message.replace(/^Error: /, "")}`,
    "fix the template's syntax, or the name of the template or filter it uses",
    where ? Number(where[2]) : undefined,
    where ? Number(where[3]) : undefined,
  );
}

/**
 * Nunjucks ran out of stack: templates that include each other without end, through references
 * the template check cannot rule out (inside an if or a loop, or by a computed name). Nunjucks
 * names every template it was rendering, without lines; the innermost is read again to find the
 * reference that leads back.
 */
function endlessError(text: string, templatesDir: string): Diagnostic {
  const rendering = renderingTemplates(text);
  const files = templateFiles(templatesDir);
  const nameOf = new Map([...files].map(([name, file]) => [path.resolve(file), name]));
  const names = rendering.map((file) => nameOf.get(path.resolve(templatesDir, file))).filter((n): n is string => n !== undefined);
  const innermost = names[0];
  if (innermost === undefined) {
    return errorAt(displayPath(templatesDir), "template error: templates are nested too deeply (Nunjucks ran out of stack)", "look for templates that include each other without end");
  }
  const involved = new Set(names);
  const readings = new Map<string, TemplateReading>();
  for (const name of involved) {
    try {
      readings.set(name, readTemplate(fs.readFileSync(files.get(name)!, "utf8")));
    } catch {
      // Changed or unreadable since: the cycle is told without it.
    }
  }
  const next = (name: string) => (readings.get(name)?.references ?? []).flatMap((r) => (r.target !== undefined && involved.has(r.target) ? [r.target] : []));
  const shown = displayPath(files.get(innermost)!);
  const references = readings.get(innermost)?.references ?? [];
  // The way back from the innermost template to itself, through the templates being rendered.
  for (const first of new Set(next(innermost))) {
    const back = bfs(first, next);
    if (!back.has(innermost)) continue;
    const ordered = wayFrom(first, innermost, back);
    const ref = references.find((r) => r.target === first)!;
    const { message, hint } = describeCycle([innermost, ...ordered], ref.kind);
    const guardedHint = "the {% if %} or loop around it never stops the repetition: change its condition, or remove the tag";
    return errorAt(shown, `template error: ${message}`, ref.guarded ? guardedHint : hint, ref.line, ref.column);
  }
  const computed = references.find((r) => r.target === undefined);
  return errorAt(
    shown,
    `template error: ${innermost} leads back to itself without end, through a template name computed when rendering`,
    "make sure the name it computes does not lead back to a template being rendered",
    computed?.line,
    computed?.column,
  );
}

/** The path first → … → to through a breadth-first tree rooted at `first`. */
function wayFrom(first: string, to: string, tree: ReadonlyMap<string, string>): string[] {
  const way: string[] = [];
  for (let n = to; ; n = tree.get(n)!) {
    way.push(n);
    if (n === first) break;
  }
  return way.reverse();
}

/** The template files Nunjucks names in its message, innermost first, each once. */
function renderingTemplates(text: string): string[] {
  const seen = new Set<string>();
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^(?:Template render error: )?\(([^()]+)\)(?:\s*\[Line \d+, Column \d+\])?$/.exec(lines[i]!.trim());
    if (m) seen.add(m[1]!);
  }
  return [...seen];
}
