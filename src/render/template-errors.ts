// A Nunjucks failure → a diagnostic naming the template file and line.
import path from "node:path";
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { displayPath } from "../content/files.js";

export function templateError(error: unknown, templatesDir: string): Diagnostic {
  const text = error instanceof Error ? error.message : String(error);
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
