// Turns a schema validator's issues into diagnostics that point at the offending line.
import type { z } from "zod";
import { errorAt, type Diagnostic } from "./diagnostics.js";
import type { YamlSource } from "./yaml-source.js";

export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], source: YamlSource, file: string): Diagnostic[] {
  // One fault can raise many issues that land on one spot (each item of a list reached through
  // one alias is located at the alias): a user is told once.
  const seen = new Set<string>();
  return issues.flatMap((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const pos = source.positionOf(path);
    const field = path.filter((p) => typeof p === "string").join(".");
    const message = /^Invalid input/.test(issue.message) ? `${field || "a value"} has the wrong form` : issue.message;
    const key = JSON.stringify([pos?.line, pos?.column, message]);
    if (seen.has(key)) return [];
    seen.add(key);
    return [errorAt(file, message, hintFor(field), pos?.line, pos?.column)];
  });
}

function hintFor(field: string): string {
  return field ? `fix "${field}" as README.md describes` : "see README.md for the expected form";
}
