import { describe, expect, it } from "vitest";
import { cutTeaser } from "../src/content/teaser.js";

const chars = (s: string) => Array.from(s).length;

describe("teasers", () => {
  it("keeps text of 60 characters or less as it is", () => {
    const text = "赤".repeat(60);
    expect(cutTeaser(text)).toBe(text);
  });

  it("cuts CJK text at 60 characters, each counting one, and adds ...", () => {
    const text = "咸宁新闻网讯".repeat(20);
    const teaser = cutTeaser(text);
    expect(teaser.endsWith("...")).toBe(true);
    expect(chars(teaser.slice(0, -3))).toBe(60);
  });

  it("counts characters outside the BMP as one and never splits them", () => {
    const teaser = cutTeaser("𠀀".repeat(61));
    expect(teaser).toBe(`${"𠀀".repeat(60)}...`);
  });

  it("cuts Latin text before a word rather than inside it", () => {
    const text = "The quick brown fox jumps over the lazy dog while Xianning reporters watch closely";
    const teaser = cutTeaser(text);
    expect(teaser).toBe("The quick brown fox jumps over the lazy dog while Xianning...");
    expect(chars(teaser) - 3).toBeLessThanOrEqual(60);
  });

  it("does not double the ... of text another CMS already cut", () => {
    expect(cutTeaser("咸宁新闻网讯 日前,市政府办印发方案...")).toBe("咸宁新闻网讯 日前,市政府办印发方案...");
    const cut = cutTeaser(`${"赤".repeat(61)}...`);
    expect(cut).toBe(`${"赤".repeat(60)}...`);
  });

  it("drops a comma left dangling at the cut", () => {
    expect(cutTeaser(`${"赤".repeat(59)},${"壁".repeat(10)}`)).toBe(`${"赤".repeat(59)}...`);
  });
});
