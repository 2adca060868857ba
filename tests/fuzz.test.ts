// Thousands of random mutations of the sample site's files: every one ends in a clean report or
// a clean build, never an uncaught exception. Seeded, so a failure replays.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../src/diagnostics.js";
import { SearchIndexes, indexInThisThread } from "../src/render/search-index.js";
import { DependencyIndex } from "../src/render/dependencies.js";
import { createJobRenderer } from "../src/render/render-job.js";
import { Site } from "../src/site.js";
import { REPO, listTree, tempDir } from "./helpers/site.js";

const RUNS = Number(process.env.XNEWS_FUZZ_RUNS ?? 3000);
const SAMPLE = path.join(REPO, "content");
const files = listTree(SAMPLE);
const originals = new Map(files.map((f) => [f, fs.readFileSync(path.join(SAMPLE, f))]));

const site = tempDir("xnews-fuzz-");
fs.cpSync(SAMPLE, path.join(site, "content"), { recursive: true });

/** Text an editor (or a broken editor) might type: YAML's and Markdown's special characters. */
const nasty = fc.oneof(
  fc.constantFrom(":", ": ", "---", "- ", "[", "]", "{", "}", "#", "&a", "*a", "!!binary", "|", ">", '"', "'", "\t", "\n", "\r\n", "\0", "\u2028", "\uFEFF", "<script>", "](javascript:x)", "![", "```", "    ", "%", "../", "2018-02-30", "null", "~", "true", "1e999", "💥", "赤壁", "title:", "date:", "channel: chibi", "related: [", "id: ../x"),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

type Mutation =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "deleteLine"; line: number }
  | { kind: "duplicateLine"; line: number }
  | { kind: "replaceValue"; line: number; text: string }
  | { kind: "indent"; line: number; by: number }
  | { kind: "bytes"; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: nasty }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("deleteLine" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("duplicateLine" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("replaceValue" as const), line: fc.nat(), text: nasty }),
  fc.record({ kind: fc.constant("indent" as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant("bytes" as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 3 }) }),
);

function mutate(original: Buffer, m: Mutation): Buffer {
  if (m.kind === "bytes") {
    const at = m.at % (original.length + 1);
    return Buffer.concat([original.subarray(0, at), Buffer.from(m.bytes), original.subarray(at)]);
  }
  const text = original.toString("utf8");
  const lines = text.split("\n");
  const line = "line" in m ? m.line % lines.length : 0;
  switch (m.kind) {
    case "insert": {
      const at = m.at % (text.length + 1);
      return Buffer.from(text.slice(0, at) + m.text + text.slice(at));
    }
    case "delete": {
      const at = m.at % (text.length + 1);
      return Buffer.from(text.slice(0, at) + text.slice(at + m.length));
    }
    case "deleteLine":
      lines.splice(line, 1);
      break;
    case "duplicateLine":
      lines.splice(line, 0, lines[line]!);
      break;
    case "replaceValue":
      lines[line] = lines[line]!.replace(/:.*$/, `: ${m.text}`);
      break;
    case "indent":
      lines[line] = m.by > 0 ? " ".repeat(m.by) + lines[line] : lines[line]!.slice(-m.by);
      break;
  }
  return Buffer.from(lines.join("\n"));
}

/** Reads, models and renders the whole site; returns how it ended. Throws only on an xnews bug. */
function buildInMemory(): "report" | "built" {
  const whole = new Site({ contentDir: path.join(site, "content"), templatesDir: path.join(REPO, "templates"), publicDir: path.join(REPO, "public"), outDir: path.join(site, "dist") });
  whole.load();
  if (hasErrors(whole.problems())) return "report";
  const render = createJobRenderer(whole.renderSettings());
  const search = new SearchIndexes(indexInThisThread(whole.model!.config.markdown));
  search.indexMissing(whole.model!.search);
  for (const { job } of whole.plan(new DependencyIndex(), search).steps) if (job && job.kind !== "copy" && job.kind !== "picture") expect(typeof (job.kind === "deferred" ? job.make() : render(job))).toBe("string");
  return "built";
}

describe("random mutations of the sample site", () => {
  it(`never crash xnews (${RUNS} cases)`, () => {
    const outcomes = { report: 0, built: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(mutation, { minLength: 1, maxLength: 3 }), (file, mutations) => {
        const target = path.join(site, "content", file);
        try {
          fs.writeFileSync(target, mutations.reduce(mutate, originals.get(file)!));
          outcomes[buildInMemory()]++;
        } finally {
          fs.writeFileSync(target, originals.get(file)!);
        }
      }),
      { numRuns: RUNS, seed: 20181207 },
    );
    // Both ends were reached: the mutations are neither all harmless nor all fatal.
    expect(outcomes.report).toBeGreaterThan(RUNS / 20);
    expect(outcomes.built).toBeGreaterThan(RUNS / 20);
  });
});
