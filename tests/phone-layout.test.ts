// The sample site and tests/fixtures/typography-site in a real browser (Chromium from npm, driven by
// playwright-core: src/bench/browser.ts) at a 375 px phone, a 768 px tablet and a 1366 px desktop: nothing
// scrolls sideways, the sidebar never covers the story, the story starts within the first screen, the
// channel bar is one row with the current channel in view, tap targets are 44 px, body typography
// (lists, tables, quotes, pictures, dates) holds, and the portal's conveniences (当前位置, 字号, 打印,
// 返回顶部, 更多>>) work. Pages are served over HTTP, as a reader gets them: 404.html links /css/site.css.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { launchBrowser } from "../src/bench/browser.js";
import { REPO, tempDir } from "./helpers/site.js";

const SEED = "chibi/201812/t20181207_chibi-quality-city.html";
/** tests/fixtures/typography-site's story with lists, a wide table, a quote and a 900 px photo. */
const STORY = "chibi/202103/t20210320_typography.html";
const WIDTHS = [375, 768, 1366];
/** An iPhone X's screen: "the first screen" below. */
const SCREEN_HEIGHT = 812;

let browser: Browser;
let out: string;
const servers: http.Server[] = [];
let sampleUrl: string;
let fixtureUrl: string;

/** A plain static server for a built site, so root-relative links (/css/site.css) resolve. */
function serve(dir: string): Promise<string> {
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".jpg": "image/jpeg", ".webp": "image/webp" };
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (file.endsWith("/")) file += "index.html";
    fs.readFile(file, (error, data) => {
      res.writeHead(error ? 404 : 200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(error ? "" : data);
    });
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
}

beforeAll(async () => {
  out = path.join(tempDir(), "dist");
  await build({ contentDir: path.join(REPO, "content"), templatesDir: path.join(REPO, "templates"), publicDir: path.join(REPO, "public"), outDir: out }, { jobs: 1, cache: false });
  const fixture = path.join(REPO, "tests/fixtures/typography-site");
  const fixtureOut = path.join(tempDir(), "dist");
  const report = await build({ contentDir: path.join(fixture, "content"), templatesDir: path.join(fixture, "templates"), publicDir: path.join(fixture, "public"), outDir: fixtureOut }, { jobs: 1, cache: false });
  expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  [sampleUrl, fixtureUrl] = await Promise.all([serve(out), serve(fixtureOut)]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const server of servers) server.close();
});

/** A page of the sample site (or of the fixture, with `site` "fixture") at `width` px. */
async function open(route: string, width: number, site: "sample" | "fixture" = "sample", javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: SCREEN_HEIGHT }, javaScriptEnabled });
  const page = await context.newPage();
  const response = await page.goto((site === "sample" ? sampleUrl : fixtureUrl) + route);
  expect(response?.status()).toBe(200);
  return page;
}

const PAGES: [route: string, site: "sample" | "fixture"][] = [["index.html", "sample"], [SEED, "sample"], ["xianshi/index.html", "sample"], ["404.html", "sample"], [STORY, "fixture"], ["chibi/index.html", "fixture"]];

describe.each(WIDTHS)("at %i px", (width) => {
  it.each(PAGES)("%s does not scroll sideways, and nothing in the story reaches into the sidebar", async (route, site) => {
    const page = await open(route, width, site);
    const r = await page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const main = box(document.querySelector("main")!);
      const aside = document.querySelector(".sidebar");
      const a = aside && box(aside);
      // Pictures and tables are the things that grow wider than the column.
      const widest = Math.max(main.right, ...[...document.querySelectorAll("main img, main table, main figure")].map((e) => box(e).right));
      return {
        scrollWidth: document.documentElement.scrollWidth,
        overlap: !!a && a.height > 0 && !(a.left >= main.right || a.right <= main.left || a.top >= main.bottom || a.bottom <= main.top),
        overhang: widest - main.right,
      };
    });
    await page.context().close();
    expect(r.scrollWidth).toBeLessThanOrEqual(width);
    expect(r.overlap).toBe(false);
    expect(r.overhang).toBeLessThanOrEqual(0);
  });

  it.each([[SEED, "sample"], ["pinglun/index.html", "sample"], ["xianshi/index.html", "sample"], [STORY, "fixture"]] as const)("%s has its channel bar in one row, the current channel in view", async (route, site) => {
    // 评论 is the last channel: off the right edge of a phone unless it is pinned in view (CSS alone: scripts off).
    const page = await open(route, width, site, false);
    const r = await page.evaluate(() => {
      // The channels, and the row of a channel's children under them: each one row.
      const rows = [...document.querySelectorAll(".channel-nav > ul")].map((ul) => new Set([...ul.children].map((li) => Math.round(li.getBoundingClientRect().top))).size);
      const bar = document.querySelector(".channel-nav > ul")!.getBoundingClientRect();
      const current = document.querySelector(".channel-nav > ul:first-child .current")!.getBoundingClientRect();
      return { rows: Math.max(...rows), inView: current.left >= bar.left - 1 && current.right <= bar.right + 1 && current.width > 0 };
    });
    await page.context().close();
    expect(r).toEqual({ rows: 1, inView: true });
  });
});

describe("the seed article", () => {
  const route = SEED;

  it("puts the sidebar below the story on a phone, beside it on a desktop", async () => {
    const positions = async (width: number) => {
      const page = await open(route, width);
      const r = await page.evaluate(() => {
        const main = document.querySelector("main")!.getBoundingClientRect();
        const aside = document.querySelector(".sidebar")!.getBoundingClientRect();
        return { mainBottom: main.bottom, mainRight: main.right, asideTop: aside.top, asideLeft: aside.left };
      });
      await page.context().close();
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
    await page.context().close();
    expect(style.size).toBeGreaterThanOrEqual(16);
    expect(style.lineHeight / style.size).toBeGreaterThanOrEqual(1.5);
  });

  it("needs no JavaScript: the story reads the same with scripts off", async () => {
    const page = await open(route, 375, "sample", false);
    expect(await page.locator("h1").textContent()).toBe("赤壁市获评“湖北省质量强省示范市”");
    expect(await page.locator(".article-body h2").count()).toBe(3);
    await page.context().close();
  });
});

describe("a story on a 375 px phone", () => {
  it.each([[SEED, "sample"], [STORY, "fixture"]] as const)("%s: the title starts within 200 px, the body within the first screen", async (route, site) => {
    const page = await open(route, 375, site);
    const r = await page.evaluate(() => ({
      title: document.querySelector("h1")!.getBoundingClientRect().top,
      body: document.querySelector(".article-body p")!.getBoundingClientRect().top,
    }));
    await page.context().close();
    expect(r.title).toBeLessThanOrEqual(200);
    expect(r.body).toBeLessThan(SCREEN_HEIGHT);
  });

  it("has tap targets of 44 × 44 px: channel bar, breadcrumb, pager, 字号 and 打印, footer, 返回顶部", async () => {
    const small: string[] = [];
    for (const route of [STORY, "chibi/index.html"]) {
      const page = await open(route, 375, "fixture");
      small.push(...(await page.evaluate(() =>
        [...document.querySelectorAll(".channel-nav a, .breadcrumb a, .pager a, .pager span:not(.count), .article-tools label, .article-tools button, .footer a, .back-to-top a")]
          .map((e) => ({ e, box: e.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
          .map(({ e, box }) => `${e.textContent} ${Math.round(box.width)}×${Math.round(box.height)}`),
      )));
      await page.context().close();
    }
    expect(small).toEqual([]);
    // The fixture's channel has three stories at one a page, so the pager was measured.
    const page = await open("chibi/index.html", 375, "fixture");
    expect(await page.locator(".pager a").count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("shows the county list once on the 县市区 page", async () => {
    const page = await open("xianshi/index.html", 375);
    const links = await page.evaluate(() => [...document.querySelectorAll("a")].filter((a) => a.textContent === "嘉鱼" && a.getBoundingClientRect().width > 0).length);
    await page.context().close();
    expect(links).toBe(1);
  });

  it("keeps each date on one line, in 相关新闻 and in title lists", async () => {
    for (const [route, site] of [[SEED, "sample"], [STORY, "fixture"], ["index.html", "sample"]] as const) {
      const page = await open(route, 375, site);
      const r = await page.evaluate(() => {
        const times = [...document.querySelectorAll(".related time, .title-list time, .story-list time")];
        return { count: times.length, broken: times.filter((t) => t.getClientRects().length !== 1).map((t) => t.textContent) };
      });
      await page.context().close();
      expect(r.count, route).toBeGreaterThan(0);
      expect(r.broken, route).toEqual([]);
    }
  });
});

describe("body typography (tests/fixtures/typography-site)", () => {
  it("keeps list markers: numbers for a numbered list, bullets for the other", async () => {
    const page = await open(STORY, 375, "fixture");
    const r = await page.evaluate(() => ({
      ol: [...document.querySelectorAll(".article-body ol > li")].map((li) => getComputedStyle(li).listStyleType),
      ul: [...document.querySelectorAll(".article-body ul > li")].map((li) => getComputedStyle(li).listStyleType),
    }));
    await page.context().close();
    expect(r.ol).toEqual(["decimal", "decimal", "decimal"]);
    expect(r.ul).toHaveLength(3);
    for (const type of r.ul) expect(type).not.toBe("none");
  });

  it("rules the wide table and scrolls it inside itself on a phone, not the page", async () => {
    const page = await open(STORY, 375, "fixture");
    const r = await page.evaluate(() => {
      const table = document.querySelector(".article-body table")!;
      const cell = document.querySelector(".article-body td")!;
      return {
        tableBorder: parseFloat(getComputedStyle(table).borderTopWidth),
        cellBorder: parseFloat(getComputedStyle(cell).borderTopWidth),
        scrolls: table.scrollWidth > table.clientWidth,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    await page.context().close();
    expect(r.tableBorder).toBeGreaterThan(0);
    expect(r.cellBorder).toBeGreaterThan(0);
    expect(r.scrolls).toBe(true);
    expect(r.pageWidth).toBeLessThanOrEqual(375);
  });

  it("sets a blockquote apart", async () => {
    const page = await open(STORY, 375, "fixture");
    const style = await page.evaluate(() => {
      const s = getComputedStyle(document.querySelector(".article-body blockquote")!);
      return { border: parseFloat(s.borderLeftWidth), background: s.backgroundColor };
    });
    await page.context().close();
    expect(style.border).toBeGreaterThan(0);
    expect(style.background).not.toBe("rgba(0, 0, 0, 0)");
  });

  it.each(WIDTHS)("fits the 900 px photo to the column at %i px, not indented", async (width) => {
    const page = await open(STORY, width, "fixture");
    const r = await page.evaluate(() => {
      const body = document.querySelector(".article-body")!.getBoundingClientRect();
      const img = document.querySelector(".article-body img")!.getBoundingClientRect();
      return { bodyLeft: body.left, bodyWidth: body.width, left: img.left, width: img.width, ratio: img.width / img.height };
    });
    await page.context().close();
    expect(r.width).toBeLessThanOrEqual(r.bodyWidth);
    expect(r.width).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(1.5, 1);
    // Centred in the column when narrower, so equal margins either side: the paragraph's 2em indent would break that.
    expect(r.left - r.bodyLeft).toBeCloseTo((r.bodyWidth - r.width) / 2, 0);
  });
});

describe("the portal's conveniences", () => {
  it("labels the breadcrumb 当前位置", async () => {
    const page = await open(SEED, 375);
    expect((await page.locator(".breadcrumb").textContent())!.replace(/\s+/g, "")).toBe("当前位置:首页县市区赤壁");
    expect(await page.getByRole("navigation", { name: "当前位置" }).count()).toBe(1);
    await page.context().close();
  });

  it("sets the story's 字号 大 中 小 without JavaScript, by mouse and by keyboard", async () => {
    const page = await open(SEED, 375, "sample", false);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".article-body p")!).fontSize));
    const medium = await size();
    expect(await page.getByLabel("中").isChecked()).toBe(true);
    await page.getByText("大", { exact: true }).click();
    const large = await size();
    expect(large).toBeGreaterThan(medium);
    await page.getByLabel("大").press("ArrowRight"); // radios: the arrow keys move along 大 中 小
    await page.getByLabel("中").press("ArrowRight");
    expect(await page.getByLabel("小").isChecked()).toBe(true);
    const small = await size();
    expect(small).toBeLessThan(medium);
    expect(small).toBeGreaterThanOrEqual(16);
    await page.context().close();
  });

  it("offers 打印 only when scripts run, and prints the story without the site around it", async () => {
    const off = await open(SEED, 375, "sample", false);
    expect(await off.getByRole("button", { name: "打印" }).count()).toBe(0);
    await off.context().close();
    const page = await open(SEED, 1366);
    expect(await page.getByRole("button", { name: "打印" }).count()).toBe(1);
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() => [".masthead", ".channel-nav", ".sidebar", ".footer", ".article-tools", ".article-body"].map((s) => getComputedStyle(document.querySelector(s)!).display !== "none"));
    expect(shown).toEqual([false, false, false, false, false, true]);
    await page.context().close();
  });

  it.each(PAGES)("%s has 返回顶部, a link to an element that is there", async (route, site) => {
    const page = await open(route, 375, site, false);
    const target = await page.evaluate(() => {
      const link = [...document.querySelectorAll("a")].find((a) => a.textContent === "返回顶部");
      return link && document.getElementById(link.getAttribute("href")!.slice(1))?.tagName;
    });
    await page.context().close();
    expect(target).toBe("BODY");
  });

  it("puts 更多>> at the head of every channel block on the home page, to the channel", async () => {
    const page = await open("index.html", 1366);
    const blocks = await page.evaluate(() =>
      [...document.querySelectorAll(".blocks .box")].map((box) => ({
        title: box.querySelector(".box-title a")!.getAttribute("href"),
        more: box.querySelector("a.more")?.getAttribute("href"),
        text: box.querySelector("a.more")?.textContent,
        // level with the title
        level: Math.abs(box.querySelector("a.more")!.getBoundingClientRect().bottom - box.querySelector(".box-title")!.getBoundingClientRect().bottom) < 16,
      })),
    );
    await page.context().close();
    expect(blocks).toHaveLength(7);
    for (const b of blocks) expect(b).toEqual({ title: b.title, more: b.title, text: "更多>>", level: true });
  });

  it("shows a related item with no page of its own as text, not as a link", async () => {
    const page = await open(SEED, 1366);
    const r = await page.evaluate(() => {
      const look = (e: Element) => {
        const s = getComputedStyle(e);
        return { color: s.color, weight: s.fontWeight, cursor: s.cursor };
      };
      return { text: look(document.querySelector(".related-title > span")!), link: look(document.querySelector(".related-title > a")!) };
    });
    await page.context().close();
    expect(r.text.color).not.toBe(r.link.color);
    expect(r.text.weight).not.toBe(r.link.weight);
    expect(r.text.cursor).not.toBe("pointer");
  });
});
