// The dev server under hostile requests: seeded random request lines and headers, sent as raw
// bytes. Whatever arrives, the server keeps running, shows nothing from outside its folder,
// redirects only to paths on its own site and changes no file. It runs in a process of its own
// (the compiled lib/, as xnews dev runs it), so that a crash ends it as it would for a user.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, tempDir } from "./helpers/site.js";

const SEED = 20_240_611;
const BATCHES = 250;
const BATCH_SIZE = 20;

/** Text of files outside the served folders; no response may ever contain any of it. */
const SECRETS = ["SIBLING-SECRET-6c1e", "OUTSIDE-DIR-SECRET-94ab", "OUTSIDE-PAGE-SECRET-0d27"];

/** Every entry under a folder, symlinks not followed: kind, link target or a hash of the bytes. */
function snapshot(dir: string, rel = ""): string[] {
  const lines: string[] = [];
  for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
    const entry = path.join(rel, name);
    const full = path.join(dir, entry);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) lines.push(`link ${entry} -> ${fs.readlinkSync(full)}`);
    else if (stat.isDirectory()) lines.push(`dir ${entry}`, ...snapshot(dir, entry));
    else lines.push(`file ${entry} ${stat.mode} ${stat.mtimeMs} ${crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex")}`);
  }
  return lines;
}

/** Sends the bytes, half-closes, and reads until the server closes or is quiet for `quietMs`. */
function send(port: number, bytes: Buffer, quietMs: number): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const socket = net.connect(port, "127.0.0.1", () => socket.end(bytes));
    socket.setEncoding("latin1").on("data", (d: string) => (text += d));
    // An open event stream, or a request still waiting for a body, goes quiet rather than closing.
    socket.setTimeout(quietMs, () => socket.destroy());
    socket.on("error", () => {}); // a reset after a refusal is an answer too; the checks read `text`
    socket.on("close", () => resolve(text));
  });
}

// The pieces request targets are made of: separators, dot segments, escapes that decode to them,
// bad escapes, characters URL parsers choke on, names that exist inside and outside the root.
// Characters node's parser refuses in a request line (non-ASCII, quotes, angle brackets) are rarer,
// so that most requests reach the server's own code.
const piece = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      "/", "/", "/", "//", "/\\", "..", ".", "%2e", "%2E", "%2e%2e", "%2f", "%2F", "%5c", "%5C", "%", "%z", "%zz", "%0", "%00", "%ff", "%E8%B5%A4",
      "%E8%B5%A4%E5%A3%81", "%C0%AE", "[", "]", ":", "@", "\\", "?", "#", "~", ";", "*", "%20", "+", "'",
      "chibi", "chibi", "css", "site.css", "index.html", "404.html", "link.txt", "linkdir", "up", "secret.txt", "outside", "page.txt",
      "news", "news", "__xnews", "events", "__xnews/events", "a:99999", "[::1]", "localhost:PORT",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("赤壁", "é", "\u2024", "\uff0e", '"', "<", ">", " ", "\t") },
);
const longRun = fc.constantFrom("a".repeat(3000), "/".repeat(300), "../".repeat(200), "%2e%2e%2f".repeat(150), "%".repeat(500), "x".repeat(5000));
const prefix = fc.constantFrom("", "/", "/", "/", "/", "/", "/", "/", "/", "//", "//", "/news/", "/news/", "/news/", "http://evil.example", "http://127.0.0.1:PORT", "HTTP://LOCALHOST:PORT", "*", "evil.example:443", "\\", "\\\\evil.example");
const target = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(prefix, fc.array(fc.oneof({ weight: 20, arbitrary: piece }, { weight: 1, arbitrary: longRun }), { maxLength: 8 })).map(([p, ps]) => p + ps.join("")) },
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      "/", "/chibi", "/chibi/", "//chibi", "/./chibi", "//css//site.css", "/css/site.css", "/%E8%B5%A4%E5%A3%81", "/news/", "/news", "/news//chibi", "/news/chibi",
      "/news/./css/site.css", "/__xnews/events", "/nope.html", "*",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);
const method = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom("GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "HEAD", "POST", "PUT", "OPTIONS", "DELETE", "PATCH", "CONNECT", "TRACE") },
  { weight: 1, arbitrary: fc.constantFrom("get", "BREW", "", "G T", "GET\0", "GETGETGETGETGETGETGETGETGETGETGETGET") },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const version = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("HTTP/1.1", "HTTP/1.1", "HTTP/1.0") },
  { weight: 1, arbitrary: fc.constantFrom("HTTP/2.0", "HTTP/1.1 extra", "http/1.1", "", "HTTP/9") },
);
const hostValue = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("127.0.0.1:PORT", "localhost:PORT", "LOCALHOST:PORT", "localhost.:PORT", "[::1]:PORT", "[0:0:0:0:0:0:0:1]:PORT") },
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      "127.0.0.1:OTHERPORT", "127.0.0.1", "localhost", "evil.example", "evil.example:PORT", "evil.example.:PORT", "127.0.0.1.evil.example:PORT",
      "localhost.evil.example:PORT", "[::ffff:127.0.0.1]:PORT", "[fe80::1%25eth0]:PORT", "0.0.0.0:PORT", "[::]:PORT", "2130706433:PORT", "127.1:PORT",
      "", ":PORT", "[", "[::1", "]:PORT", "127.0.0.1:PORT:PORT", "127.0.0.1:99999", "127.0.0.1:-1", "user@127.0.0.1:PORT", "127.0.0.1:PORT/evil",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("a".repeat(9000), `${"a.".repeat(2000)}:PORT`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
// Mostly one Host header; sometimes none, two, or written oddly.
const hostHeaders = fc.oneof(
  { weight: 12, arbitrary: hostValue.map((h) => [`Host: ${h}`]) },
  { weight: 1, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: hostValue.map((h) => [`host:${h}`]) },
  { weight: 2, arbitrary: fc.tuple(hostValue, hostValue).map(([a, b]) => [`Host: ${a}`, `Host: ${b}`]) },
);
const header = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      "Connection: keep-alive", "Connection: close", "Content-Length: 0", "Content-Length: 5", "Expect: 100-continue", "Upgrade: websocket\r\nConnection: Upgrade",
      "Origin: http://evil.example", "X-Forwarded-Host: evil.example", "Forwarded: host=evil.example", "Referer: http://evil.example/", "X-Unicode: 赤壁", "Accept: text/html",
      `X-Long: ${"h".repeat(8000)}`,
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "Content-Length: -1", "Content-Length: 1, 2", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip", "no colon here", " leading: space", ": empty name",
      "X-Nul: a\0b", "X-Junk: \x01\x02", `X-Huge: ${"h".repeat(20_000)}`,
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })).map(([n, v]) => `${n}: ${v}`) },
);
const anyRequest = fc.record({
  server: fc.constantFrom(0, 1),
  method,
  target,
  version,
  headers: fc.tuple(hostHeaders, fc.array(header, { maxLength: 3 }), fc.nat(3)).map(([hosts, others, at]) => [...others.slice(0, at), ...hosts, ...others.slice(at)]),
  // After the headers: nothing, a body, or bytes node reads as a second (pipelined) request.
  body: fc.oneof({ weight: 8, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("hello", "0\r\n\r\n", "GET //chibi HTTP/1.1\r\nHost: evil.example\r\n\r\n") }),
});
// Half the requests are ones node parses and the Host check lets through, so that the hostile
// part (the path) reaches the code that finds files and builds redirects.
const wellFormed = fc.record({
  server: fc.constantFrom(0, 1),
  method: fc.constantFrom("GET", "GET", "HEAD"),
  target: fc.tuple(fc.constantFrom("/", "/", "//", "/news/", "/news//"), fc.array(piece, { maxLength: 6 })).map(([p, ps]) => p + ps.join("")),
  version: fc.constantFrom("HTTP/1.1", "HTTP/1.0"),
  headers: fc.constantFrom("127.0.0.1:PORT", "localhost:PORT", "[::1]:PORT").map((h) => [`Host: ${h}`, "Accept: text/html"]),
  body: fc.constant(""),
});
const request = fc.oneof(anyRequest, wellFormed);
type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

describe("the dev server under fuzzed requests", () => {
  let parent: string;
  let child: ChildProcess;
  let output = "";
  let ports: number[];
  let before: string[];

  beforeAll(async () => {
    parent = tempDir("xnews-fuzz-");
    fs.writeFileSync(path.join(parent, "secret.txt"), SECRETS[0]!);
    fs.mkdirSync(path.join(parent, "outside"));
    fs.writeFileSync(path.join(parent, "outside/index.html"), `<body>${SECRETS[1]}</body>`);
    fs.writeFileSync(path.join(parent, "outside/page.txt"), SECRETS[2]!);
    // Two served folders: one at "/", one under a site path whose 404.html leads outside.
    for (const [name, page404] of [["dist", "real"], ["dist-news", "link"]] as const) {
      const root = path.join(parent, name);
      fs.mkdirSync(path.join(root, "chibi"), { recursive: true });
      fs.mkdirSync(path.join(root, "css"));
      fs.mkdirSync(path.join(root, "赤壁"));
      fs.writeFileSync(path.join(root, "index.html"), "<body><p>首页 HOME-OK</p></body>");
      fs.writeFileSync(path.join(root, "chibi/index.html"), "<body><p>赤壁</p></body>");
      fs.writeFileSync(path.join(root, "css/site.css"), "body{}");
      if (page404 === "real") fs.writeFileSync(path.join(root, "404.html"), "<body><p>页面未找到</p></body>");
      else fs.symlinkSync(path.join(parent, "secret.txt"), path.join(root, "404.html"));
      fs.symlinkSync(path.join(parent, "secret.txt"), path.join(root, "link.txt"));
      fs.symlinkSync(path.join(parent, "outside"), path.join(root, "linkdir"));
      fs.symlinkSync("..", path.join(root, "up"));
      fs.symlinkSync("../outside/page.txt", path.join(root, "chibi/page.txt"));
    }
    const script = `const { startServer } = await import(${JSON.stringify(pathToFileURL(path.join(REPO, "lib/dev/server.js")).href)});
const parent = process.env.XNEWS_PARENT;
const servers = [await startServer(parent + "/dist", "127.0.0.1", 0), await startServer(parent + "/dist-news", "127.0.0.1", 0, "/news/")];
process.stdout.write("listening at " + servers.map((s) => s.url).join(" ") + "\\n");`;
    child = spawn(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, XNEWS_PARENT: parent } });
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (output += d));
    const end = Date.now() + 20_000;
    while (!/listening at .*\n/.test(output) && child.exitCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    const urls = /listening at (.*)\n/.exec(output)?.[1]?.split(" ");
    if (!urls) throw new Error(`the servers did not start:\n${output}`);
    ports = urls.map((u) => Number(new URL(u).port));
    output = "";
    before = snapshot(parent);
  });
  afterAll(() => {
    child.kill();
  });

  /** The request as bytes, with PORT the port of the server it goes to and OTHERPORT the other's. */
  function bytesOf(r: Request): Buffer {
    const lines = [`${r.method} ${r.target} ${r.version}`.trimEnd(), ...r.headers];
    const text = `${lines.join("\r\n")}\r\n\r\n${r.body}`;
    return Buffer.from(text.replaceAll("OTHERPORT", String(ports[1 - r.server])).replaceAll("PORT", String(ports[r.server])), "utf8");
  }

  /** The process still runs, has printed nothing (no internal error), and serves its home page. */
  async function homeAnswers(i: number): Promise<void> {
    expect(child.exitCode).toBeNull();
    expect(output).toBe("");
    const home = await send(ports[i]!, Buffer.from(`GET ${i ? "/news/" : "/"} HTTP/1.1\r\nHost: 127.0.0.1:${ports[i]}\r\nConnection: close\r\n\r\n`), 20_000);
    expect(home).toMatch(/^HTTP\/1\.1 200 /);
    expect(home).toContain("HOME-OK");
  }

  it(`survives ${BATCHES * BATCH_SIZE} hostile requests (seed ${SEED}), serving nothing from outside and redirecting only within the site`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (batch) => {
        const answers = await Promise.all(batch.map((r) => send(ports[r.server]!, bytesOf(r), 2000)));
        answers.forEach((text, k) => {
          const shown = JSON.stringify(bytesOf(batch[k]!).toString("utf8").slice(0, 300));
          for (const m of text.matchAll(/^HTTP\/1\.[01] (\d{3}) /gm)) statuses.set(Number(m[1]), (statuses.get(Number(m[1])) ?? 0) + 1);
          for (const secret of SECRETS) if (text.includes(secret)) throw new Error(`the answer to ${shown} shows a file from outside the root`);
          for (const [, location] of text.matchAll(/^location:[ \t]*(.*?)\r$/gim)) {
            const site = `http://127.0.0.1:${ports[batch[k]!.server]}`;
            if (!/^\/(?![/\\])/.test(location!) || new URL(location!, `${site}/`).origin !== site)
              throw new Error(`the answer to ${shown} redirects off the site: ${JSON.stringify(location)}`);
          }
        });
        await homeAnswers(0);
        await homeAnswers(1);
      }),
      { seed: SEED, numRuns: BATCHES, endOnFailure: true },
    );
    await homeAnswers(0);
    await homeAnswers(1);
    expect(snapshot(parent)).toEqual(before);
    expect(statuses.get(500)).toBeUndefined();
    // The fuzz reached every kind of answer, not just the first refusal.
    for (const status of [200, 301, 302, 400, 403, 404, 405]) expect(statuses.get(status) ?? 0, `status ${status} in ${JSON.stringify([...statuses])}`).toBeGreaterThan(10);
  });
});
