// Problems found in a user's input are data, collected all at once and printed by the CLI or the
// dev server. Only a bug in xnews itself escapes as a plain exception.

export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Path of the file at fault, relative to the project where possible. */
  file: string;
  line?: number;
  column?: number;
  severity: Severity;
  message: string;
  /** How to fix it, in plain words. */
  hint?: string;
}

/** An error caused by the user's input or setup: printed without a stack trace. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[], options?: { cause?: unknown }) {
    super(diagnostics.map(formatDiagnostic).join("\n"), options);
    this.name = "UserError";
    this.diagnostics = diagnostics;
  }
}

export function errorAt(file: string, message: string, hint?: string, line?: number, column?: number): Diagnostic {
  return { file, line, column, severity: "error", message, hint };
}

export function warningAt(file: string, message: string, hint?: string, line?: number, column?: number): Diagnostic {
  return { file, line, column, severity: "warning", message, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
  const hint = d.hint ? `  (${d.hint})` : "";
  return `${where}  ${d.severity}: ${d.message}${hint}`;
}

/** Sorted the way a user reads them: by file, errors first, then by line. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === "error" ? 0 : 1);
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      rank(a) - rank(b) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.message, b.message),
  );
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
