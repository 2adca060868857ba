// xnews dev as an editor uses it: served pages, live reload after an edit, and a server that
// shows nothing outside the output folder.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostNamesFor, startServer, type DevServer } from "../src/dev/server.js";
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

/** A response read off a raw socket: status, headers (lower-case names) and body. */
interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  text: string;
}

/** Writes the bytes as they are (no client normalises them) and reads until the server closes. */
function raw(base: string, bytes: string): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(bytes, "latin1"));
    socket.setEncoding("utf8").on("data", (d: string) => (text += d));
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(bytes.slice(0, 80))}`)));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) headers[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join("\r\n\r\n"), text });
    });
  });
}

/** A raw request with the right Host; `lines` are extra header lines. */
function request(base: string, method: string, target: string, lines: string[] = []): Promise<RawResponse> {
  const host = new URL(base).host;
  return raw(base, `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n${lines.map((l) => `${l}\r\n`).join("")}Connection: close\r\n\r\n`);
}

/** startServer in a child process, on the compiled code in lib/; `output` is what it printed. */
async function serveInChild(root: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const script = `const { startServer } = await import(${JSON.stringify(pathToFileURL(path.join(REPO, "lib/dev/server.js")).href)});
const server = await startServer(process.env.XNEWS_ROOT, "127.0.0.1", 0);
process.stdout.write("listening at " + server.url + "\\n");`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, XNEWS_ROOT: root } });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (output += d));
  await until(() => /listening at \S+\n/.test(output) || child.exitCode !== null);
  const url = /listening at (\S+)\n/.exec(output)?.[1];
  if (!url) throw new Error(`the server did not start:\n${output}`);
  return { url, child, output: () => output.slice(output.indexOf("\n") + 1) };
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
    fs.mkdirSync(path.join(root, "赤壁"));
    fs.writeFileSync(path.join(root, "index.html"), "<!DOCTYPE html><html><body><p>首页</p></body></html>");
    fs.writeFileSync(path.join(root, "chibi/index.html"), "<!DOCTYPE html><html><body><p>赤壁</p></body></html>");
    fs.writeFileSync(path.join(root, "404.html"), "<!DOCTYPE html><html><body><p>页面未找到</p></body></html>");
    fs.writeFileSync(path.join(root, "css/site.css"), "body{}");
    fs.writeFileSync(path.join(root, "feed.xml"), "<rss/>");
    fs.writeFileSync(path.join(root, "data.json"), "{}");
    fs.writeFileSync(path.join(root, "app.js"), "1");
    fs.symlinkSync(secret, path.join(root, "link.txt"));
    fs.mkdirSync(path.join(parent, "outside"));
    fs.writeFileSync(path.join(parent, "outside/index.html"), "do not serve");
    fs.symlinkSync(path.join(parent, "outside"), path.join(root, "linkdir"));
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

  it.each(["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/chibi/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/chibi\\..\\..\\secret.txt", "/link.txt", "/%00", "/%E0%A4%A", "/linkdir", "/linkdir/", "/linkdir/index.html", "//linkdir"])(
    "never serves anything outside the output folder: %s",
    async (p) => {
      const r = await get(server.url, p);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain("do not serve");
    },
  );

  it("does not serve a 404.html that is a symlink out of the output folder", async () => {
    const other = path.join(tempDir("xnews-serve-"), "dist");
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, "index.html"), "<p>首页</p>");
    fs.symlinkSync(secret, path.join(other, "404.html"));
    const s = await startServer(other, "127.0.0.1", 0);
    try {
      for (const method of ["GET", "HEAD"]) {
        const r = await request(s.url, method, "/no/such/page.html");
        expect(r.status).toBe(404);
        expect(r.text).not.toContain("do not serve");
        expect(Number(r.headers["content-length"])).toBe(Buffer.byteLength("404 Not Found\n"));
      }
    } finally {
      await s.close();
    }
  });

  it("does not serve a file asked for as a folder", async () => {
    expect((await get(server.url, "/app.js/")).status).toBe(404);
  });

  it("answers HEAD with GET's status and headers and no body", async () => {
    for (const [target, status] of [["/chibi/", 200], ["/no/such/page.html", 404]] as const) {
      const g = await request(server.url, "GET", target);
      const h = await request(server.url, "HEAD", target);
      expect([g.status, h.status]).toEqual([status, status]);
      expect(Number(g.headers["content-length"])).toBe(Buffer.byteLength(g.body));
      expect(h.headers["content-length"]).toBe(g.headers["content-length"]);
      expect(h.headers["content-type"]).toBe(g.headers["content-type"]);
      expect(h.body).toBe("");
    }
  });

  // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 is same-origin with
  // whatever answers there, so the Host it sends must be refused.
  it("refuses a Host it was not started for with 403, and says which address to use", async () => {
    const port = new URL(server.url).port;
    const r = await raw(server.url, `GET / HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(403);
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(r.body).toContain(`http://127.0.0.1:${port}/`);
    expect(r.body).toContain("--host");
    expect(r.body).not.toContain("首页");
  });

  it.each(["evil.example", "127.0.0.1:1", "localhost:1", "127.0.0.1", "localhost", "localhost.evil.example:PORT", "127.0.0.1.nip.io:PORT", "[::2]:PORT", "192.0.2.1:PORT", ":PORT"])(
    "refuses Host: %s with 403",
    async (host) => {
      const r = await raw(server.url, `GET /chibi/ HTTP/1.1\r\nHost: ${host.replace("PORT", new URL(server.url).port)}\r\nConnection: close\r\n\r\n`);
      expect(r.status).toBe(host === ":PORT" ? 400 : 403);
      expect(r.body).not.toContain("赤壁");
    },
  );

  it.each(["127.0.0.1:PORT", "localhost:PORT", "LocalHost:PORT", "localhost.:PORT", "[::1]:PORT", "[0:0:0:0:0:0:0:1]:PORT"])("serves Host: %s", async (host) => {
    const r = await raw(server.url, `GET /chibi/ HTTP/1.1\r\nHost: ${host.replace("PORT", new URL(server.url).port)}\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(200);
    expect(r.body).toContain("赤壁");
  });

  it("refuses two Host headers, even when one is right, with 400", async () => {
    const r = await request(server.url, "GET", "/", ["Host: evil.example"]);
    expect(r.status).toBe(400);
    expect(r.body).not.toContain("首页");
  });

  it("serves an HTTP/1.0 request without Host (not a browser)", async () => {
    const r = await raw(server.url, "GET /chibi/ HTTP/1.0\r\n\r\n");
    expect(r.status).toBe(200);
    expect(r.body).toContain("赤壁");
  });

  it.each(["POST", "PUT", "DELETE", "HEAD", "OPTIONS"])("answers %s on the event stream with 405, Allow: GET", async (method) => {
    const r = await request(server.url, method, "/__xnews/events");
    expect(r.status).toBe(405);
    expect(r.headers["allow"]).toBe("GET");
    expect(r.headers["content-type"]).not.toContain("event-stream");
  });

  it.each([
    ["//chibi", "/chibi/"],
    ["//chibi/", "/chibi/"],
    ["///chibi//", "/chibi/"],
    ["/./chibi", "/chibi/"],
    ["/chibi/./", "/chibi/"],
    ["//css//site.css", "/css/site.css"],
    ["//", "/"],
    ["/chibi?next=//evil.example", "/chibi/"],
    ["//%E8%B5%A4%E5%A3%81", "/%E8%B5%A4%E5%A3%81/"],
  ])("redirects %s to a path on this site, %s", async (target, location) => {
    const r = await request(server.url, "GET", target);
    expect([r.status, r.headers["location"]]).toEqual([301, location]);
  });

  it("redirects under a site path written with empty segments to the normal path", async () => {
    const sub = await startServer(root, "127.0.0.1", 0, "//news//");
    try {
      expect(sub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\/$/);
      const top = await request(sub.url, "GET", "/");
      expect([top.status, top.headers["location"]]).toEqual([302, "/news/"]);
      const folder = await request(sub.url, "GET", "/news//chibi");
      expect([folder.status, folder.headers["location"]]).toEqual([301, "/news/chibi/"]);
    } finally {
      await sub.close();
    }
  });
});

// These requests used to end the process, so they are sent to a server in a process of its own
// (the compiled lib/, as xnews dev runs it), whose death the test would see.
describe("the dev server process, under requests that used to end it", () => {
  let proc: { url: string; child: ChildProcess; output: () => string };

  beforeAll(async () => {
    const root = tempDir("xnews-serve-");
    fs.writeFileSync(path.join(root, "index.html"), "<p>首页</p>");
    proc = await serveInChild(root);
  });
  afterAll(() => {
    proc.child.kill();
  });

  async function expectAlive(): Promise<void> {
    const r = await request(proc.url, "GET", "/");
    expect(proc.child.exitCode).toBeNull();
    expect(r.status).toBe(200);
    expect(r.body).toContain("首页");
    expect(proc.output()).not.toMatch(/error/i);
  }

  // Any web page can send these (<img src="http://127.0.0.1:4000//[">); they used to end the process.
  it.each(["//[", "//%", "//a:99999", "/%", "/%zz", "//[::1]:99999/x", "/\\\\evil"])("survives GET %s, which URL parsers refuse, and keeps serving", async (target) => {
    const r = await request(proc.url, "GET", target);
    expect(r.status).toBe(404);
    await expectAlive();
  });

  it.each([
    ["a request line that is not HTTP", "garbage\r\n\r\n"],
    ["a header line without a colon", "GET / HTTP/1.1\r\nHost: HOST\r\nno colon here\r\n\r\n"],
    ["a control character in the target", "GET /\x01 HTTP/1.1\r\nHost: HOST\r\n\r\n"],
    ["a byte outside ASCII in the target", "GET /\xe9 HTTP/1.1\r\nHost: HOST\r\n\r\n"],
    ["an unknown method", "BREW / HTTP/1.1\r\nHost: HOST\r\n\r\n"],
    ["an HTTP/1.1 request without Host", "GET / HTTP/1.1\r\n\r\n"],
  ])("answers %s with 400, closes that connection, and keeps serving", async (_what, bytes) => {
    const r = await raw(proc.url, bytes.replace("HOST", new URL(proc.url).host));
    expect(r.status).toBe(400);
    expect(r.text).not.toContain("首页");
    await expectAlive();
  });

  it("answers a path too long with 414 and headers too large with 431, and keeps serving", async () => {
    expect((await request(proc.url, "GET", `/${"a".repeat(5000)}`)).status).toBe(414);
    expect((await request(proc.url, "GET", "/", [`X-Junk: ${"a".repeat(20_000)}`])).status).toBe(431);
    await expectAlive();
  });

  it.each([
    ["GET", "http://evil.example/"],
    ["GET", "http://HOST/"],
    ["GET", "HOST"],
    ["OPTIONS", "*"],
    ["GET", "*"],
  ])("answers %s %s (not a path: it is not a proxy) with 400 and no page", async (method, target) => {
    const r = await request(proc.url, method, target.replace("HOST", new URL(proc.url).host));
    expect(r.status).toBe(400);
    expect(r.text).not.toContain("首页");
  });

  it("answers CONNECT with 405 and keeps serving", async () => {
    const r = await request(proc.url, "CONNECT", "evil.example:443");
    expect(r.status).toBe(405);
    await expectAlive();
  });
});

describe("the host names the dev server answers to", () => {
  const ipv6 = (a: string) => new URL(`http://[${a}]/`).hostname;

  it("on a loopback address: the loopback names", () => {
    expect(hostNamesFor("127.0.0.1", "127.0.0.1")).toEqual(new Set(["127.0.0.1", "localhost", "[::1]"]));
    expect(hostNamesFor("localhost", "::1")).toEqual(new Set(["localhost", "[::1]", "127.0.0.1"]));
    expect(hostNamesFor("::1", "::1")).toEqual(new Set(["localhost", "[::1]", "127.0.0.1"]));
  });

  it("on a specific address: that address, and the name it was given as", () => {
    expect(hostNamesFor("192.0.2.7", "192.0.2.7")).toEqual(new Set(["192.0.2.7"]));
    expect(hostNamesFor("FD00:0::7", "fd00::7")).toEqual(new Set(["[fd00::7]"]));
    expect(hostNamesFor("Box.Example.", "192.0.2.7")).toEqual(new Set(["box.example", "192.0.2.7"]));
  });

  it("on a wildcard: the loopback names, every interface address and the host name", () => {
    for (const wildcard of ["0.0.0.0", "::"]) {
      const names = hostNamesFor(wildcard, wildcard);
      for (const n of ["localhost", "127.0.0.1", "[::1]", os.hostname().toLowerCase().replace(/\.$/, "")]) expect(names).toContain(n);
      for (const i of Object.values(os.networkInterfaces()).flat()) if (i) expect(names).toContain(i.family === "IPv6" ? ipv6(i.address) : i.address);
      expect(names).not.toContain("evil.example");
    }
  });

  it("a server on 0.0.0.0 answers to this machine's host name and refuses other names", async () => {
    const dir = tempDir("xnews-serve-");
    fs.writeFileSync(path.join(dir, "index.html"), "<p>首页</p>");
    const wide = await startServer(dir, "0.0.0.0", 0);
    const port = new URL(wide.url).port;
    const local = `http://127.0.0.1:${port}/`;
    try {
      const ask = (host: string) => raw(local, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect((await ask(`${os.hostname()}:${port}`)).status).toBe(200);
      expect((await ask(`localhost:${port}`)).status).toBe(200);
      const refused = await ask(`evil.example:${port}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain(`${os.hostname()}) on port ${port}`);
      expect((await ask(`${os.hostname()}:1`)).status).toBe(403);
    } finally {
      await wide.close();
    }
  });
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
