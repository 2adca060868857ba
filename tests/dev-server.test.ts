// xnews dev as an editor uses it: served pages, live reload after an edit, and a server that
// shows nothing outside the output folder.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type DevServer } from "../src/dev/server.js";
import type { FileChange } from "../src/dev/session.js";
import { watchFolders } from "../src/dev/watch.js";
import { REPO, SITE_YML, storyFile, tempDir, writeProject } from "./helpers/site.js";

/** A raw GET: the path is sent exactly as given, not normalised as fetch() would. */
function get(base: string, rawPath: string): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: rawPath }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body }));
      })
      .on("error", reject);
  });
}

describe("the dev server", () => {
  let root: string;
  let server: DevServer;
  let secret: string;

  beforeAll(async () => {
    const parent = tempDir("xnews-serve-");
    root = path.join(parent, "dist");
    secret = path.join(parent, "secret.txt");
    fs.writeFileSync(secret, "do not serve");
    fs.mkdirSync(path.join(root, "chibi"), { recursive: true });
    fs.mkdirSync(path.join(root, "css"));
    fs.writeFileSync(path.join(root, "index.html"), "<!DOCTYPE html><html><body><p>首页</p></body></html>");
    fs.writeFileSync(path.join(root, "chibi/index.html"), "<!DOCTYPE html><html><body><p>赤壁</p></body></html>");
    fs.writeFileSync(path.join(root, "404.html"), "<!DOCTYPE html><html><body><p>页面未找到</p></body></html>");
    fs.writeFileSync(path.join(root, "css/site.css"), "body{}");
    fs.writeFileSync(path.join(root, "feed.xml"), "<rss/>");
    fs.writeFileSync(path.join(root, "data.json"), "{}");
    fs.writeFileSync(path.join(root, "app.js"), "1");
    fs.symlinkSync(secret, path.join(root, "link.txt"));
    server = await startServer(root, "127.0.0.1", 0);
  });
  afterAll(() => server.close());

  it("listens on 127.0.0.1", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it.each([
    ["/", "text/html; charset=utf-8"],
    ["/css/site.css", "text/css; charset=utf-8"],
    ["/app.js", "text/javascript; charset=utf-8"],
    ["/feed.xml", "application/xml; charset=utf-8"],
    ["/data.json", "application/json; charset=utf-8"],
  ])("serves %s as %s", async (p, type) => {
    const r = await get(server.url, p);
    expect(r.status).toBe(200);
    expect(r.type).toBe(type);
  });

  it("serves /dir/ as /dir/index.html, with the reload script added", async () => {
    const r = await get(server.url, "/chibi/");
    expect(r.body).toContain("<p>赤壁</p>");
    expect(r.body).toContain("new EventSource(");
    expect(fs.readFileSync(path.join(root, "chibi/index.html"), "utf8")).not.toContain("EventSource");
  });

  it("redirects a folder asked for without its final /, so relative links resolve from it", async () => {
    const url = new URL(server.url);
    const status = await new Promise<{ code: number; location?: string }>((resolve) =>
      http.get({ host: url.hostname, port: url.port, path: "/chibi" }, (res) => {
        res.resume();
        resolve({ code: res.statusCode!, location: res.headers.location });
      }),
    );
    expect(status).toEqual({ code: 301, location: "/chibi/" });
  });

  it("serves a site whose url has a sub-path under that path", async () => {
    const sub = await startServer(root, "127.0.0.1", 0, "/news/");
    try {
      expect(sub.url).toMatch(/\/news\/$/);
      expect((await get(sub.url, "/news/chibi/")).body).toContain("<p>赤壁</p>");
      expect((await get(sub.url, "/chibi/")).status).toBe(404);
      expect((await get(sub.url, "/news/../secret.txt")).status).toBe(404);
    } finally {
      await sub.close();
    }
  });

  it("answers a missing page with the site's 404.html and status 404", async () => {
    const r = await get(server.url, "/no/such/page.html");
    expect(r.status).toBe(404);
    expect(r.body).toContain("页面未找到");
  });

  it.each(["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/chibi/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/chibi\\..\\..\\secret.txt", "/link.txt", "/%00", "/%E0%A4%A"])(
    "never serves anything outside the output folder: %s",
    async (p) => {
      const r = await get(server.url, p);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain("do not serve");
    },
  );
});

describe("xnews dev", () => {
  let child: ChildProcess;
  let project: string;
  let url = "";
  let output = "";

  beforeAll(async () => {
    project = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/a.md": storyFile({ id: "a", title: "第一稿", date: "2021-03-01 09:00", channel: "chibi" }),
    });
    child = spawn(process.execPath, [path.join(REPO, "lib/cli.js"), "dev", "--port", "0"], { cwd: project });
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (output += d));
    await until(() => /serving .* at (http:\S+)/.test(output));
    url = /serving .* at (http:\S+)/.exec(output)![1]!;
  });
  afterAll(() => {
    child.kill("SIGTERM");
  });

  it("serves the built site and prints its address", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await get(url, "/chibi/202103/t20210301_a.html")).body).toContain("第一稿");
  });

  it("sends a reload event after an edit, and then serves the new page", async () => {
    const events = await openEvents(url);
    fs.writeFileSync(path.join(project, "content/articles/a.md"), storyFile({ id: "a", title: "第二稿", date: "2021-03-01 09:00", channel: "chibi" }));
    await until(() => events.received.includes("reload"));
    events.close();
    expect((await get(url, "/chibi/202103/t20210301_a.html")).body).toContain("第二稿");
    expect(output).toMatch(/edited content\/articles\/a\.md: \d+ files written in \d+ ms/);
  });

  it("shows a bad file's problem in the terminal and the browser, keeps the last good page, and recovers", async () => {
    const events = await openEvents(url);
    fs.writeFileSync(path.join(project, "content/articles/a.md"), "---\ntitle: 坏稿\ndate: 2021-03-01 09:00\nchannel: chibbi\n---\n正文\n");
    await until(() => events.received.some((e) => e.includes("chibbi")));
    expect(output).toContain('content/articles/a.md:4:1  error: channel "chibbi" is not a channel in site.yml');
    const page = await get(url, "/chibi/202103/t20210301_a.html");
    expect(page.body).toContain("第二稿");
    expect(page.body).toContain("chibbi"); // the overlay's data, shown over the last good page
    fs.writeFileSync(path.join(project, "content/articles/a.md"), storyFile({ id: "a", title: "第三稿", date: "2021-03-01 09:00", channel: "chibi" }));
    await until(() => events.received.includes("reload"));
    events.close();
    expect((await get(url, "/chibi/202103/t20210301_a.html")).body).toContain("第三稿");
  });
});

async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Listens to the server's event stream; `received` holds "reload" or each problems payload. */
async function openEvents(base: string): Promise<{ received: string[]; close(): void }> {
  const received: string[] = [];
  const u = new URL(base);
  let ready = false;
  const req = http.get({ host: u.hostname, port: u.port, path: "/__xnews/events" }, (res) => {
    let buffer = "";
    res.setEncoding("utf8").on("data", (d: string) => {
      buffer += d;
      let at: number;
      while ((at = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? "";
        if (event === "reload") received.push("reload");
        else if (event === "problems" && ready) received.push(data);
        ready = true;
      }
    });
  });
  await until(() => ready);
  return { received, close: () => req.destroy() };
}

describe("the watcher", () => {
  it("gathers a burst of 500 saves (a git checkout) into one batch", async () => {
    const dir = tempDir("xnews-watch-");
    const batches: FileChange[][] = [];
    const watcher = await watchFolders([dir], (batch) => batches.push(batch));
    try {
      for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(dir, `story-${i}.md`), `第${i}篇`);
      await until(() => batches.flat().length >= 500);
      await new Promise((r) => setTimeout(r, 200));
      expect(batches).toHaveLength(1);
      expect(new Set(batches[0]!.map((c) => path.basename(c.file))).size).toBe(500);
    } finally {
      await watcher.close();
    }
  });
});
