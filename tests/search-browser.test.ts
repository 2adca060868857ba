// Search in a real browser (Chromium from npm, src/bench/browser.ts), opened from disk and from a
// server under a sub-path: the masthead's box, results with the hit marked, page 2 and back, no
// console errors, no script from a story's title; without JavaScript, the page says so, or the
// box goes to site.yml's search.fallback.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../src/bench/browser.js";
import { serveFolder, type ServedFolder } from "../src/bench/search-measures.js";
import { SITE_YML, buildProject, projectWith } from "./helpers/site.js";

const TRAP = `<img src=x onerror="document.title='pwned'">咸宁</script>`;

let browser: Browser;
let out: string;
let server: ServedFolder;

beforeAll(async () => {
  const articles = Array.from({ length: 45 }, (_, n) => ({
    id: `s${n}`,
    date: `2024-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 27)).padStart(2, "0")} 08:00`,
    channel: n % 2 ? "yaowen" : "chibi",
    title: n === 44 ? TRAP : `第${n}条消息`,
    body: `本报讯 第${n}条。咸宁市今年春耕生产有序推进。`,
  }));
  ({ out } = await buildProject(projectWith(articles, [], SITE_YML.replace("url: https://example.org", "url: https://example.org/news/"))));
  server = await serveFolder(out, {}, "news/");
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records every console error and uncaught exception. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { page, errors };
}

const resultTitles = (page: Page) => page.locator("#search-results li h2").allTextContents();

describe.each([
  ["opened from disk", () => `file://${out}/`],
  ["served under a sub-path", () => server.url],
])("search %s", (_, base) => {
  it("takes a query from the masthead, shows 20 results with the hit marked, pages to 2 and back", { timeout: 60_000 }, async () => {
    const { page, errors } = await openPage();
    await page.goto(`${base()}index.html`);
    await page.fill("#site-search-q", "咸宁");
    await page.press("#site-search-q", "Enter");
    await page.waitForURL(/search\.html\?q=%E5%92%B8%E5%AE%81/);
    await expect.poll(() => page.locator("#search-results li").count()).toBe(20);
    const first = await resultTitles(page);
    // The trap's title is a title hit: it ranks first, shown as text, its markup never run.
    expect(first[0]).toBe(TRAP);
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator("#search-results img").count()).toBe(0);
    expect(await page.locator("#search-results mark").first().textContent()).toBe("咸宁");
    expect(await page.locator("#search-status").textContent()).toContain("第 1 页");
    expect(await page.inputValue("#search-q")).toBe("咸宁");

    await page.click("#search-pager a[rel=next]");
    await page.waitForURL(/page=2/);
    await expect.poll(() => page.locator("#search-results li").count()).toBe(20);
    const second = await resultTitles(page);
    expect(second.filter((t) => first.includes(t))).toEqual([]);

    await page.goBack();
    await page.waitForURL((u) => !u.search.includes("page=2"));
    await expect.poll(() => resultTitles(page)).toEqual(first);

    // A result's link opens its story.
    await page.click("#search-results li:nth-child(2) h2 a");
    await page.waitForURL(/\/t2024\d+_s\d+\.html$/);
    expect(await page.locator("h1").textContent()).toBe(first[1]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says when nothing matches and when a query is too short", async () => {
    const { page, errors } = await openPage();
    await page.goto(`${base()}search.html?q=${encodeURIComponent("没有的词")}`);
    await expect.poll(() => page.locator("#search-status").textContent()).toContain("没有找到");
    await page.goto(`${base()}search.html?q=${encodeURIComponent("咸")}`);
    await expect.poll(() => page.locator("#search-status").textContent()).toContain("至少两个字");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("without JavaScript", () => {
  it("the search page says that search needs it", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`file://${out}/search.html?q=${encodeURIComponent("咸宁")}`);
    expect(await page.locator("main").textContent()).toContain("站内搜索需要浏览器运行 JavaScript");
    await context.close();
  });

  it("the box goes to search.fallback when site.yml sets one; with JavaScript, to search.html", async () => {
    const yml = `${SITE_YML}search:\n  fallback: "https://www.baidu.com/s?si=example.org&ct=2097152&wd={q}"\n`;
    const { out: fallbackOut } = await buildProject(projectWith([{ id: "a", date: "2024-01-01 08:00", channel: "yaowen" }], [], yml));
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`file://${fallbackOut}/index.html`);
    const form = page.locator("header form");
    expect(await form.getAttribute("action")).toBe("https://www.baidu.com/s");
    expect(await page.locator("#site-search-q").getAttribute("name")).toBe("wd");
    expect(await form.locator("input[type=hidden]").evaluateAll((inputs) => inputs.map((i) => `${(i as HTMLInputElement).name}=${(i as HTMLInputElement).value}`))).toEqual(["si=example.org", "ct=2097152"]);
    await context.close();

    const { page: live, errors } = await openPage();
    await live.goto(`file://${fallbackOut}/index.html`);
    await live.fill("#site-search-q", "正文");
    await live.press("#site-search-q", "Enter");
    await live.waitForURL(/search\.html\?q=/);
    await expect.poll(() => live.locator("#search-results li").count()).toBe(1);
    expect(errors).toEqual([]);
    await live.close();
  });
});
