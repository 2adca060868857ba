// Turns a schema validator's issues into diagnostics that point at the offending line.
import type { z } from "zod";
import { errorAt, type Diagnostic } from "./diagnostics.js";
import type { YamlSource } from "./yaml-source.js";

export function schemaDiagnostics(issues: readonly z.core.$ZodIssue[], source: YamlSource, file: string): Diagnostic[] {
  return issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const pos = source.positionOf(path);
    const field = path.filter((p) => typeof p === "string").join(".");
    const message = /^Invalid input/.test(issue.message) ? `${field || "a value"} has the wrong form` : issue.message;
    return errorAt(file, message, hintFor(field), pos?.line, pos?.column);
  });
}

function hintFor(field: string): string {
  return field ? `fix "${field}" as README.md describes` : "see README.md for the expected form";
}
