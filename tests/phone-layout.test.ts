// The sample site in a real browser (Chromium from npm, driven by playwright-core: src/bench/browser.ts)
// at a 375 px phone width: nothing scrolls sideways, the sidebar drops below the story, text is large enough.
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { launchBrowser } from "../src/bench/browser.js";
import { REPO, tempDir } from "./helpers/site.js";

let browser: Browser;
let out: string;

beforeAll(async () => {
  out = path.join(tempDir(), "dist");
  await build({ contentDir: path.join(REPO, "content"), templatesDir: path.join(REPO, "templates"), publicDir: path.join(REPO, "public"), outDir: out }, { jobs: 1, cache: false });
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function open(route: string, width: number) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(`file://${path.join(out, route)}`);
  return page;
}

describe.each(["index.html", "chibi/201812/t20181207_chibi-quality-city.html", "xianshi/index.html", "404.html"])("%s on a 375 px phone", (route) => {
  it("does not scroll sideways", async () => {
    const page = await open(route, 375);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.close();
    expect(width).toBeLessThanOrEqual(375);
  });
});

describe("the seed article", () => {
  const route = "chibi/201812/t20181207_chibi-quality-city.html";

  it("puts the sidebar below the story on a phone, beside it on a desktop", async () => {
    const positions = async (width: number) => {
      const page = await open(route, width);
      const r = await page.evaluate(() => {
        const main = document.querySelector("main")!.getBoundingClientRect();
        const aside = document.querySelector(".sidebar")!.getBoundingClientRect();
        return { mainBottom: main.bottom, mainRight: main.right, asideTop: aside.top, asideLeft: aside.left };
      });
      await page.close();
      return r;
    };
    const phone = await positions(375);
    expect(phone.asideTop).toBeGreaterThanOrEqual(phone.mainBottom);
    const desktop = await positions(1280);
    expect(desktop.asideLeft).toBeGreaterThanOrEqual(desktop.mainRight);
  });

  it("sets the story's text at 16 px or more, with room between lines", async () => {
    const page = await open(route, 375);
    const style = await page.evaluate(() => {
      const p = getComputedStyle(document.querySelector(".article-body p")!);
      return { size: parseFloat(p.fontSize), lineHeight: parseFloat(p.lineHeight) };
    });
    await page.close();
    expect(style.size).toBeGreaterThanOrEqual(16);
    expect(style.lineHeight / style.size).toBeGreaterThanOrEqual(1.5);
  });

  it("needs no JavaScript: the story reads the same with scripts off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`file://${path.join(out, route)}`);
    expect(await page.locator("h1").textContent()).toBe("赤壁市获评“湖北省质量强省示范市”");
    expect(await page.locator(".article-body h2").count()).toBe(3);
    await context.close();
  });
});
