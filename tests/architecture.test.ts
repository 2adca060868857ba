// The layer rule, executable: data flows content → model → render → output, the site and the
// build compose them, dev and the CLI sit on top. A module may import from its own layer and from
// those before it, never from a later one, and no import may close a circle.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, listTree } from "./helpers/site.js";

const SRC = path.join(REPO, "src");

/** Each layer, by the first part of a module's path under src/; top-level modules named alone. */
const LAYERS: Record<string, number> = {
  // Shared modules every layer may use.
  "diagnostics.ts": 0,
  "config.ts": 0,
  "dates.ts": 0,
  "yaml-source.ts": 0,
  "schema-diagnostics.ts": 0,
  "suggest.ts": 0,
  "paths.ts": 0,
  "hash.ts": 0,
  "slugs.ts": 0,
  "site-identity.ts": 0,
  content: 1,
  model: 2,
  render: 3,
  output: 4,
  "site.ts": 5,
  build: 6,
  commands: 6,
  dev: 7,
  "cli.ts": 8,
  // Tools beside the pipeline, on top of it.
  gen: 9,
  bench: 10,
};

const modules = listTree(SRC).filter((f) => f.endsWith(".ts"));

function layerOf(module: string): number {
  const layer = LAYERS[module.split("/")[0]!];
  if (layer === undefined) throw new Error(`src/${module} is in no layer: add its folder to LAYERS in tests/architecture.test.ts`);
  return layer;
}

/** The modules under src/ that `module` imports (type-only imports included: they are dependencies too). */
function importsOf(module: string): string[] {
  const text = fs.readFileSync(path.join(SRC, module), "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/gms)) {
    found.push(path.posix.normalize(path.posix.join(path.posix.dirname(module), m[1]!)).replace(/\.js$/, ".ts"));
  }
  return found;
}

const graph = new Map(modules.map((m) => [m, importsOf(m)]));

/** Imports that point to a later layer, as "from → to". */
function laterLayerImports(imports: Map<string, string[]>): string[] {
  return [...imports].flatMap(([module, targets]) => targets.filter((t) => layerOf(t) > layerOf(module)).map((t) => `${module} → ${t}`));
}

/** Every circle of imports found by a depth-first walk, as "a → b → a". */
function circlesIn(imports: Map<string, string[]>): string[] {
  const state = new Map<string, "open" | "done">();
  const circles: string[] = [];
  const visit = (module: string, trail: string[]) => {
    if (state.get(module) === "done") return;
    if (state.get(module) === "open") {
      circles.push([...trail.slice(trail.indexOf(module)), module].join(" → "));
      return;
    }
    state.set(module, "open");
    for (const next of imports.get(module) ?? []) visit(next, [...trail, module]);
    state.set(module, "done");
  };
  for (const module of imports.keys()) visit(module, []);
  return circles;
}

describe("the layer rule", () => {
  it("finds the modules and their imports", () => {
    expect(modules.length).toBeGreaterThan(40);
    expect(graph.get("site.ts")).toContain("model/site-model.ts");
    for (const [module, imports] of graph) for (const target of imports) expect(modules, `${module} imports ${target}`).toContain(target);
  });

  it("has no module importing from a later layer", () => {
    expect(laterLayerImports(graph)).toEqual([]);
  });

  it("has no circle of imports", () => {
    expect(circlesIn(graph)).toEqual([]);
  });

  it("would catch a later-layer import and a circle", () => {
    const bad = new Map([
      ["model/site-model.ts", ["render/views.ts"]],
      ["render/views.ts", ["render/jobs.ts"]],
      ["render/jobs.ts", ["render/views.ts"]],
    ]);
    expect(laterLayerImports(bad)).toEqual(["model/site-model.ts → render/views.ts"]);
    expect(circlesIn(bad)).toEqual(["render/views.ts → render/jobs.ts → render/views.ts"]);
    // And the reading of imports finds a real one, with the layers it crosses in order.
    expect(layerOf("render/views.ts")).toBeGreaterThan(layerOf("model/site-model.ts"));
    expect(importsOf("render/views.ts")).toContain("model/site-model.ts");
  });
});
