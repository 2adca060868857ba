import { describe, expect, it } from "vitest";
import { pagerNumbers, paginate } from "../src/model/pagination.js";
import { listRoute } from "../src/model/routes.js";

describe("pagination", () => {
  it.each([
    [0, [[0, 0]]],
    [1, [[0, 1]]],
    [20, [[0, 20]]],
    [21, [[0, 20], [20, 21]]],
    [41, [[0, 20], [20, 40], [40, 41]]],
  ])("splits %i stories into pages of 20", (count, expected) => {
    expect(paginate(count, 20).map((p) => [p.start, p.end])).toEqual(expected);
    expect(paginate(count, 20).map((p) => p.number)).toEqual(expected.map((_, i) => i + 1));
  });

  it("names list pages as TRS WCM does: page 2 is index_1.html", () => {
    const trs = { first: "index.html", pattern: "index_{i}.html" };
    expect([1, 2, 3].map((n) => listRoute("chibi", n, trs))).toEqual(["chibi/index.html", "chibi/index_1.html", "chibi/index_2.html"]);
  });

  it("can keep a DedeCMS site's list_{n}.html links", () => {
    const dede = { first: "list_1.html", pattern: "list_{n}.html" };
    expect([1, 2].map((n) => listRoute("chibi", n, dede))).toEqual(["chibi/list_1.html", "chibi/list_2.html"]);
  });

  it("shows first, last and a window around the current page", () => {
    const shown = pagerNumbers(10, 30).map((p) => (p.kind === "gap" ? "…" : p.number));
    expect(shown).toEqual([1, "…", 8, 9, 10, 11, 12, "…", 30]);
    expect(pagerNumbers(1, 1)).toEqual([{ kind: "page", number: 1 }]);
  });
});
