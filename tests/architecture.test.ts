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

describe("the layer rule", () => {
  it("finds the modules and their imports", () => {
    expect(modules.length).toBeGreaterThan(40);
    expect(graph.get("site.ts")).toContain("model/site-model.ts");
    for (const [module, imports] of graph) for (const target of imports) expect(modules, `${module} imports ${target}`).toContain(target);
  });

  it("has no module importing from a later layer", () => {
    const wrong = [...graph].flatMap(([module, imports]) => imports.filter((t) => layerOf(t) > layerOf(module)).map((t) => `${module} → ${t}`));
    expect(wrong).toEqual([]);
  });

  it("has no circle of imports", () => {
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (module: string, trail: string[]) => {
      if (state.get(module) === "done") return;
      if (state.get(module) === "open") {
        circles.push([...trail.slice(trail.indexOf(module)), module].join(" → "));
        return;
      }
      state.set(module, "open");
      for (const next of graph.get(module) ?? []) visit(next, [...trail, module]);
      state.set(module, "done");
    };
    for (const module of modules) visit(module, []);
    expect(circles).toEqual([]);
  });

  it("would catch a later-layer import and a circle", () => {
    // The checks above are only as good as their reading of imports: a known bad pair is caught.
    expect(layerOf("render/views.ts")).toBeGreaterThan(layerOf("model/site-model.ts"));
    expect(importsOf("render/views.ts")).toContain("model/site-model.ts");
  });
});
