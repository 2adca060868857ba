// The dependency index (render/dependencies.ts) decides which outputs are not made again. It is
// stored as columns and kept in flat arrays; what it answers must survive storing, recording an
// output again and again (as `xnews dev` does all day), and forgetting outputs.
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { DependencyIndex, type StoredDependencies } from "../src/render/dependencies.js";
import type { SiteReader } from "../src/render/reader.js";

/** A reader whose facts print as the table says (a fact not in it no longer exists). */
function readerOf(prints: Record<string, string>): SiteReader {
  return { print: (fact: string) => prints[fact] } as unknown as SiteReader;
}

function storedAgain(index: DependencyIndex): DependencyIndex {
  return new DependencyIndex(v8.deserialize(v8.serialize(index.stored())) as StoredDependencies);
}

describe("the dependency index", () => {
  it("after storing, tells an output unchanged only when its key is the same and none of its facts changed", () => {
    const before = readerOf({ a: "1", b: "1", c: "1" });
    const index = new DependencyIndex();
    index.set("one.html", "page:x", ["a", "b"], before);
    index.set("two.html", "page:x", ["b", "c"], before);
    index.set("feed.xml", "text:h1", undefined, before);
    index.commit();
    const again = storedAgain(index);
    expect([...again.routes()]).toEqual(["one.html", "two.html", "feed.xml"]);
    expect(again.compare(readerOf({ a: "1", b: "1", c: "2" }))).toBe(1);
    expect(again.unchanged("one.html", "page:x")).toBe(true);
    expect(again.unchanged("two.html", "page:x")).toBe(false);
    expect(again.unchanged("one.html", "page:y")).toBe(false);
    expect(again.unchanged("feed.xml", "text:h1")).toBe(true);
    expect(again.unchanged("feed.xml", "text:h2")).toBe(false);
    expect(again.unchanged("new.html", "page:x")).toBe(false);
  });

  it("keeps each output's own facts while its store grows", () => {
    const prints: Record<string, string> = {};
    const factsOf = (i: number) => [`a${i}`, `b${i}`, `c${i % 10}`];
    for (let i = 0; i < 5000; i++) for (const f of factsOf(i)) prints[f] = "1";
    const index = new DependencyIndex();
    for (let i = 0; i < 5000; i++) index.set(`p${i}.html`, "page:x", factsOf(i), readerOf(prints));
    index.commit();
    const { routes, facts, factCounts, factIds } = index.stored();
    let at = 0;
    routes.forEach((route, i) => {
      const read = Array.from(factIds.subarray(at, (at += factCounts[i]!)), (n) => facts[n]);
      expect(read, route).toEqual(factsOf(i));
    });
  });

  it("recorded again thousands of times and then forgotten, keeps only the facts its outputs read", () => {
    const prints: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) prints[`f${i}`] = "1";
    const read = readerOf(prints);
    const index = new DependencyIndex();
    for (let round = 0; round < 3000; round++) {
      index.set("page.html", "page:x", [`f${round}`, `f${(round + 1) % 3000}`], read);
      index.set(`other-${round % 7}.html`, "page:x", ["f0"], read);
      // A page that comes and goes (a story renamed and renamed back, as in a long dev session).
      index.set(`renamed-${round}.html`, "page:x", ["f1"], read);
      index.forget(`renamed-${round}.html`);
    }
    // What recording again and forgetting left behind is dropped, not kept for the session's length.
    expect((index as unknown as { keyOf: string[] }).keyOf.length).toBeLessThan(1000);
    index.set("gone.html", "page:x", ["f5"], read);
    index.forget("gone.html");
    index.commit();
    const stored = index.stored();
    expect(stored.routes).toEqual(["page.html", ...Array.from({ length: 7 }, (_, i) => `other-${i}.html`)]);
    expect(stored.facts.sort()).toEqual(["f0", "f2999"]);
    const again = storedAgain(index);
    again.compare(readerOf({ ...prints, f2999: "2" }));
    expect(again.unchanged("page.html", "page:x")).toBe(false);
    expect(again.unchanged("other-3.html", "page:x")).toBe(true);
    again.compare(readerOf({ ...prints, f5: "2", f1: "2" }));
    expect(again.unchanged("page.html", "page:x")).toBe(true);
  });
});
