// The sample site and tests/fixtures/typography-site in a real browser (Chromium from npm, driven by
// playwright-core: src/bench/browser.ts) at a 375 px phone, a 768 px tablet and a 1366 px desktop: nothing
// scrolls sideways, the sidebar never covers the story, the story starts within the first screen, the
// channel bar is one row with the current channel in view, tap targets are 44 px, body typography
// (lists, tables, quotes, pictures, dates) holds, the pictures (cover, figures, 组图, 焦点图, 图片新闻)
// fit, keep their shape and are the right copies, and the portal's conveniences (当前位置, 字号, 打印,
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
/**
 * tests/fixtures/typography-site's story with lists, a wide table, a quote, a 1600×1200 cover, a
 * captioned 900×600 figure, a 600×900 portrait figure and a 组图 of three pictures.
 */
const STORY = "chibi/202103/t20210320_typography.html";
/** The fixture's other featured story with a cover: the home page's 焦点图 (the newest featured one is the 头条). */
const FOCUS_STORY = "chibi/202103/t20210318_flood-season.html";
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

/** Loads every picture now, lazy ones too (loading="eager" starts a deferred one), and waits until all are decoded. */
async function loadPictures(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const images = [...document.images];
    for (const img of images) img.loading = "eager";
    await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
  });
}

const PAGES: [route: string, site: "sample" | "fixture"][] = [["index.html", "sample"], [SEED, "sample"], ["xianshi/index.html", "sample"], ["404.html", "sample"], [STORY, "fixture"], ["chibi/index.html", "fixture"], ["index.html", "fixture"]];

describe.each(WIDTHS)("at %i px", (width) => {
  it.each(PAGES)("%s does not scroll sideways, and nothing in the story reaches into the sidebar", async (route, site) => {
    const page = await open(route, width, site);
    await loadPictures(page);
    const r = await page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const mainElement = document.querySelector("main")!;
      const main = box(mainElement);
      const aside = document.querySelector(".sidebar");
      const a = aside && box(aside);
      // What shows of an element: a strip that scrolls inside itself (a table, the 组图) hides what is beyond its edge.
      const shownRight = (e: Element) => {
        let right = box(e).right;
        for (let up = e.parentElement; up && up !== mainElement; up = up.parentElement) if (getComputedStyle(up).overflowX !== "visible") right = Math.min(right, box(up).right);
        return right;
      };
      // Pictures and tables are the things that grow wider than the column.
      const widest = Math.max(main.right, ...[...document.querySelectorAll("main img, main table, main figure")].map(shownRight));
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

describe("pictures (tests/fixtures/typography-site)", () => {
  describe.each(WIDTHS)("at %i px", (width) => {
    it("fits the cover, the figures and the 组图 to the column, not indented, each in its own shape and a WebP copy of the right size", async () => {
      const page = await open(STORY, width, "fixture");
      // As served, before anything is loaded: the cover is on the first screen, body pictures after the first wait.
      const loading = await page.evaluate(() => ({
        cover: [...document.querySelectorAll(".cover img")].map((img) => img.getAttribute("loading")),
        body: [...document.querySelectorAll(".article-body img")].map((img) => img.getAttribute("loading")),
      }));
      expect(loading.cover).toEqual([null]);
      expect(loading.body.length).toBeGreaterThanOrEqual(2);
      expect(loading.body.slice(1).every((l) => l === "lazy")).toBe(true);
      await loadPictures(page);
      const r = await page.evaluate(() => {
        const box = (e: Element) => e.getBoundingClientRect();
        const main = box(document.querySelector("main")!);
        /** The content box of the column a picture sits in: the body, the article for the cover, a 组图 item. */
        const column = (img: Element) => {
          const e = img.closest(".article-body") ?? img.closest(".gallery li") ?? img.closest(".cover")!.parentElement!;
          const b = box(e);
          const s = getComputedStyle(e);
          return { left: b.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft), right: b.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight) };
        };
        const images = [...document.querySelectorAll(".cover img, .article-body img, .gallery img")] as HTMLImageElement[];
        return {
          counts: [".cover img", ".article-body img", ".gallery img"].map((s) => document.querySelectorAll(s).length),
          pageWidth: document.documentElement.scrollWidth,
          images: images.map((img) => {
            const b = box(img);
            const c = column(img);
            // 组图 items beside the first are scrolled out of the column: the strip itself must fit the main column.
            const inMain = img.closest(".gallery li") ? box(img.closest(".gallery ol")!) : b;
            return {
              name: img.currentSrc.split("/").pop() ?? img.src,
              alt: img.alt,
              currentSrc: img.currentSrc,
              loaded: img.complete && img.naturalWidth > 0,
              attrs: [Number(img.getAttribute("width")), Number(img.getAttribute("height"))],
              shown: [b.width, b.height],
              inColumn: b.left >= c.left - 0.5 && b.right <= c.right + 0.5,
              inMain: inMain.left >= main.left - 0.5 && inMain.right <= main.right + 0.5,
              // Flush with the column's left edge, or centred in it: never pushed right by a paragraph's indent.
              notIndented: Math.abs(b.left - c.left) <= 1 || Math.abs(b.left - c.left - (c.right - b.right)) <= 1,
            };
          }),
        };
      });
      await page.context().close();
      expect(r.counts).toEqual([1, 2, 3]);
      expect(r.pageWidth).toBeLessThanOrEqual(width);
      const wrong: string[] = [];
      for (const img of r.images) {
        const [w, h] = img.attrs;
        const [shownWidth, shownHeight] = img.shown;
        if (!img.loaded) wrong.push(`${img.name}: not loaded`);
        if (!(w! > 0 && h! > 0)) wrong.push(`${img.name}: no width and height`);
        else if (Math.abs(shownWidth! / shownHeight! / (w! / h!) - 1) > 0.02) wrong.push(`${img.name}: shown ${shownWidth}×${shownHeight}, not ${w}:${h}`);
        if (!img.inColumn) wrong.push(`${img.name}: outside its column`);
        if (!img.inMain) wrong.push(`${img.name}: outside the main column`);
        if (!img.notIndented) wrong.push(`${img.name}: indented`);
        if (!img.currentSrc.endsWith(".webp")) wrong.push(`${img.name}: not a WebP copy`);
        // At 375 px and a pixel ratio of 1, a column picture needs no more than the 480 px copy.
        if (width === 375 && /\.1200w\./.test(img.currentSrc)) wrong.push(`${img.name}: the 1200 px copy on a phone`);
      }
      expect(wrong).toEqual([]);
      const portrait = r.images.find((img) => img.alt === "项目建设者在工地值守")!;
      expect(portrait.shown[1]).toBeGreaterThan(portrait.shown[0]!);
    });

    it("puts each caption below its picture, where it can be read", async () => {
      const page = await open(STORY, width, "fixture");
      await loadPictures(page);
      const figures = await page.evaluate(() =>
        [...document.querySelectorAll(".article-body figure, .gallery figure")].map((figure) => {
          const img = figure.querySelector("img")!.getBoundingClientRect();
          const caption = figure.querySelector("figcaption");
          const c = caption?.getBoundingClientRect();
          const style = caption && getComputedStyle(caption);
          return {
            text: caption?.textContent,
            below: !!c && c.top >= img.bottom - 0.5,
            shown: !!c && !!style && c.width > 0 && c.height > 0 && style.visibility === "visible" && Number(style.opacity) > 0 && style.color !== style.backgroundColor,
            // Level with its picture: under it, not beside it.
            under: !!c && c.left < img.right && c.right > img.left,
          };
        }),
      );
      await page.context().close();
      expect(figures.map((f) => f.text)).toEqual(["图为一季度开工的赤壁经济开发区新厂房", "项目建设者在工地值守", "1/3赤壁经济开发区标准化厂房三期工程施工现场", "2/3陆水湖风景区环湖绿道", "3/3城区雨污分流改造工程夜间施工"]);
      for (const f of figures) expect(f, f.text ?? "").toMatchObject({ below: true, shown: true, under: true });
    });

    it("shows the 组图 one picture at a time, in a strip that scrolls sideways inside itself", async () => {
      const page = await open(STORY, width, "fixture");
      const strip = page.locator(".gallery ol");
      await strip.scrollIntoViewIfNeeded();
      const r = await strip.evaluate((ol) => ({
        clientWidth: ol.clientWidth,
        scrollWidth: ol.scrollWidth,
        items: [...ol.children].map((li) => li.getBoundingClientRect().width),
        pageWidth: document.documentElement.scrollWidth,
      }));
      expect(r.items).toHaveLength(3);
      for (const w of r.items) expect(Math.abs(w - r.clientWidth)).toBeLessThanOrEqual(1);
      expect(r.scrollWidth).toBeGreaterThan(r.clientWidth);
      expect(r.pageWidth).toBeLessThanOrEqual(width);
      // Swiped part of the way with the wheel, the strip snaps to the next picture, which loads though lazy; the page stays put.
      const box = (await strip.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (const n of [2, 3]) {
        await page.mouse.wheel(r.clientWidth * 0.6, 0);
        await page.waitForFunction((n) => {
          const ol = document.querySelector(".gallery ol")!;
          const img = ol.children[n - 1]!.querySelector("img")!;
          return Math.abs(ol.children[n - 1]!.getBoundingClientRect().left - ol.getBoundingClientRect().left) <= 1 && img.complete && img.naturalWidth > 0;
        }, n, { timeout: 5000 });
      }
      const after = await page.evaluate(() => ({ scrollX: window.scrollX, pageWidth: document.documentElement.scrollWidth }));
      expect(after.scrollX).toBe(0);
      expect(after.pageWidth).toBeLessThanOrEqual(width);
      await page.context().close();
    });
  });

  it("shows the 焦点图 and 图片新闻 on a 375 px phone: the whole picture a link, two or more pictures a row", async () => {
    const page = await open("index.html", 375, "fixture");
    await loadPictures(page);
    const r = await page.evaluate(() => {
      const box = (e: Element) => e.getBoundingClientRect();
      const focus = document.querySelector(".focus-list img")!;
      const link = focus.closest("a.photo-link");
      const photos = [...document.querySelectorAll(".photo-list li")].map((li) => Math.round(box(li).top));
      return {
        link: link?.getAttribute("href"),
        // The picture inside the link's box, so a tap anywhere on it is a tap on the link.
        inLink: !!link && box(focus).left >= box(link).left && box(focus).right <= box(link).right && box(focus).top >= box(link).top && box(focus).bottom <= box(link).bottom && box(focus).height > 0,
        firstRow: photos.filter((top) => top === photos[0]).length,
        sized: [...document.querySelectorAll(".focus-list img, .photo-list img")].every((img) => Number(img.getAttribute("width")) > 0 && Number(img.getAttribute("height")) > 0),
        webp: [...document.querySelectorAll(".focus-list img, .photo-list img")].every((img) => (img as HTMLImageElement).currentSrc.endsWith(".webp")),
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    expect(r).toEqual({ link: FOCUS_STORY, inLink: true, firstRow: expect.any(Number), sized: true, webp: true, pageWidth: expect.any(Number) });
    expect(r.firstRow).toBeGreaterThanOrEqual(2);
    expect(r.pageWidth).toBeLessThanOrEqual(375);
    await page.click(".focus-list img");
    await page.waitForURL(fixtureUrl + FOCUS_STORY);
    expect(page.url()).toBe(fixtureUrl + FOCUS_STORY);
    await page.context().close();
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
