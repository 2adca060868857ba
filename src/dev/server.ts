// Serves the output folder and nothing outside it, adds the live-reload script to each HTML page
// as it is served (never on disk), and tells open tabs when to reload or what is wrong.
//
// Every request is treated as hostile: any web page can make the browser send one (an <img> to
// 127.0.0.1:4000, or a DNS name rebound to this machine). So no request can throw out of the
// handler, only requests naming this server in their Host are answered, and every redirect
// goes to a path on this same site.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import type { Diagnostic } from "../diagnostics.js";
import { formatDiagnostic } from "../diagnostics.js";

const EVENTS_PATH = "/__xnews/events";
/** Longer request paths are refused (414) before any decoding or file system work. */
const MAX_PATH = 4096;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};

export interface DevServer {
  url: string;
  /** Tells every open tab to reload. */
  reload(): void;
  /** Shows the problems over the page in every open tab (an empty list clears them). */
  showProblems(problems: readonly Diagnostic[]): void;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Where the server reports its own failures (a bug in xnews, not a bad request); stderr by default. */
  log?: (line: string) => void;
}

/**
 * @param sitePath the path the site lives under (site.yml's url: "/news/" for
 *   https://example.org/news), so that links made for that path work here too
 */
export function startServer(root: string, host: string, port: number, sitePath = "/", options: ServerOptions = {}): Promise<DevServer> {
  const base = fs.realpathSync(path.resolve(root));
  const prefix = normalSitePath(sitePath);
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const clients = new Set<http.ServerResponse>();
  let problems: readonly Diagnostic[] = [];
  // Known once listening (port 0 picks the port).
  let url = "";
  let address = "";
  let actualPort = -1;

  const send = (event: string, data: unknown) => {
    for (const c of clients) if (!c.writableEnded && !c.destroyed) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const named = checkHost(req, hostNamesFor(host, address), actualPort);
    if (named === "malformed") return plain(res, 400, "400 Bad Request: one Host header, naming a host and port, is needed\n");
    if (named === "other") return plain(res, 403, refusal(url, address, actualPort, prefix));
    const target = req.url ?? "";
    // Only origin-form ("/path?query"): not "http://other/" (proxy requests), "*" or "host:port".
    if (!target.startsWith("/")) return plain(res, 400, "400 Bad Request: xnews dev serves paths starting with /; it is not a proxy\n");
    if (target.length > MAX_PATH) return plain(res, 414, "414 URI Too Long\n");
    const rawPath = target.split(/[?#]/)[0]!;
    if (rawPath === EVENTS_PATH) {
      if (req.method !== "GET") return plain(res, 405, "405 Method Not Allowed\n", { allow: "GET" });
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
      res.write(`event: problems\ndata: ${JSON.stringify(problemLines(problems))}\n\n`);
      clients.add(res);
      res.on("close", () => clients.delete(res));
      res.on("error", () => clients.delete(res));
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "405 Method Not Allowed\n", { allow: "GET, HEAD" });
    const headOnly = req.method === "HEAD";
    if (!rawPath.startsWith(prefix)) {
      if (rawPath === "/" || `${rawPath}/` === prefix) redirect(res, 302, prefix);
      else notFound(res, base, headOnly, problems);
      return;
    }
    const found = resolveInside(base, `/${rawPath.slice(prefix.length)}`);
    if (found && "redirect" in found) redirect(res, 301, prefix.slice(0, -1) + found.to);
    else if (found) serveFile(res, found.file, 200, headOnly, problems);
    else notFound(res, base, headOnly, problems);
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      log(`xnews: dev server: internal error answering ${JSON.stringify((req.url ?? "").slice(0, 200))}: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) plain(res, 500, "500 Internal Server Error\n");
      else res.destroy();
    }
  });
  server.on("clientError", answerClientError);
  // A tunnel request (CONNECT host:port): this is not a proxy. The socket is ours once node hands it over.
  server.on("connect", (_req: http.IncomingMessage, socket: Duplex) => {
    socket.on("error", () => socket.destroy());
    answerRaw(socket, 405, "Method Not Allowed", "allow: GET, HEAD\r\n");
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      // From now on an error (say, too many open files on accept) is reported, not fatal.
      server.on("error", (e) => log(`xnews: dev server: ${e.message}`));
      ({ address, port: actualPort } = server.address() as net.AddressInfo);
      const shownHost = host.includes(":") ? `[${host}]` : host;
      url = `http://${shownHost}:${actualPort}${prefix}`;
      resolve({
        url,
        reload: () => send("reload", {}),
        showProblems(list) {
          problems = list;
          send("problems", problemLines(list));
        },
        close: () =>
          new Promise<void>((done) => {
            for (const c of clients) c.end();
            clients.clear();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The site path with empty and dot segments dropped: "/news/" for "//news", so a redirect to it stays on this site. */
function normalSitePath(sitePath: string): string {
  const names = sitePath.split("/").filter((n) => n !== "" && n !== "." && n !== "..");
  return names.length ? `/${names.map(encodeSegment).join("/")}/` : "/";
}

/** A path segment as it may appear in a Location: printable ASCII, never "/" or "\". */
function encodeSegment(name: string): string {
  return name.replace(/[^\x21-\x7e]|[/\\?#%]/gu, (c) => encodeURIComponent(c));
}

/**
 * The file a request names, if it is inside the root. Each segment of the raw path is decoded
 * once and must not hold NUL, "/" or "\" or be ".."; after resolving symlinks the file must still
 * be under the root. A folder serves its index.html. A request for a folder without its final
 * "/" (so that the page's relative links resolve from the folder), or with empty or "." segments
 * ("//chibi"), is a redirect `to` the normal path: "/" then the segments, never "//".
 */
export function resolveInside(base: string, rawPath: string): { file: string } | { redirect: true; to: string } | undefined {
  if (!rawPath.startsWith("/") || /%2f|%5c|%2e/i.test(rawPath)) return undefined;
  const folderAsked = rawPath.endsWith("/");
  const raw = rawPath.split("/").slice(1, folderAsked ? -1 : undefined);
  const names: string[] = [];
  for (const segment of raw) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (/[\0/\\]/.test(name) || name === "..") return undefined;
    if (name !== "" && name !== ".") names.push(name);
  }
  const normal = names.length === raw.length;
  const file = path.join(base, names.join("/"));
  if (!isUnder(base, file)) return undefined;
  try {
    const real = fs.realpathSync(file);
    if (!isUnder(base, real)) return undefined;
    const to = `/${names.map(encodeSegment).join("/")}`;
    if (fs.statSync(real).isDirectory()) {
      if (!folderAsked || !normal) return { redirect: true, to: names.length ? `${to}/` : "/" };
      const index = fs.realpathSync(path.join(real, "index.html"));
      return isUnder(base, index) && fs.statSync(index).isFile() ? { file: index } : undefined;
    }
    if (folderAsked || !fs.statSync(real).isFile()) return undefined; // a file is not a folder; no FIFOs or devices
    return normal ? { file: real } : { redirect: true, to };
  } catch {
    return undefined;
  }
}

function isUnder(base: string, file: string): boolean {
  return file === base || file.startsWith(base + path.sep);
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

/**
 * The host names a server listening on `listenHost` (bound to `address`) answers to; any other
 * Host is a page trying to reach it under a name of its own (DNS rebinding). Loopback: the
 * loopback names. A specific address: that address (and the name it was given as). A wildcard
 * (0.0.0.0, ::): the loopback names, this machine's interface addresses and its host name,
 * read afresh each time as interfaces come and go. IPv6 addresses are bracketed, as in a Host.
 */
export function hostNamesFor(listenHost: string, address: string): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => names.add(normalHostName(name));
  add(listenHost);
  add(address);
  const wildcard = address === "0.0.0.0" || address === "::";
  if (wildcard || isLoopback(address)) LOOPBACK_NAMES.forEach(add);
  if (wildcard) {
    for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) add(i.address);
    add(os.hostname());
  }
  return names;
}

function isLoopback(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\./i.test(address) || address.toLowerCase() === "localhost";
}

/** Lower case, no trailing dot; an IPv6 address in its short form, bracketed. */
function normalHostName(name: string): string {
  const bare = name.toLowerCase().replace(/\.$/, "");
  if (!net.isIPv6(bare.replace(/^\[(.*)\]$/, "$1"))) return bare;
  try {
    return new URL(`http://[${bare.replace(/^\[(.*)\]$/, "$1")}]/`).hostname;
  } catch {
    return bare;
  }
}

/**
 * Whether the request names this server: exactly one Host header, a host name from `names` and
 * the server's port (no port: 80). A request without Host (HTTP/1.0; node refuses HTTP/1.1
 * without one) is not from a browser, and is served.
 */
function checkHost(req: http.IncomingMessage, names: Set<string>, port: number): "ok" | "malformed" | "other" {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") count++;
  if (count > 1) return "malformed";
  const value = req.headers.host;
  if (value === undefined) return "ok";
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!m) return "malformed";
  return names.has(normalHostName(m[1]!)) && Number(m[2] ?? 80) === port ? "ok" : "other";
}

/** The 403 for a Host this server was not started for: which address to use instead, and how to add a name. */
function refusal(url: string, address: string, port: number, prefix: string): string {
  const where =
    address === "0.0.0.0" || address === "::"
      ? `this machine's own addresses and name (localhost, ${os.hostname()}) on port ${port}`
      : isLoopback(address)
        ? `${url} (or http://localhost:${port}${prefix})`
        : url;
  return `xnews dev answers only to ${where}; this request named another host, as a page on another site would. To reach it under another name, start it with --host NAME.\n`;
}

function plain(res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  res
    .writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store", "x-content-type-options": "nosniff" })
    .end(text);
}

/** Every Location sent is a path on this site: one "/", then not "/" or "\" ("//host" would leave it). */
function redirect(res: http.ServerResponse, status: 301 | 302, location: string): void {
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(location)) throw new Error(`refusing to redirect to ${JSON.stringify(location)}`);
  plain(res, status, `${location}\n`, { location });
}

/** A request node could not parse (bad request line, bad or too many header bytes): 400, and the connection closed. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const answering = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage?.headersSent;
  if (err.code === "ECONNRESET" || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  if (err.code === "HPE_HEADER_OVERFLOW") answerRaw(socket, 431, "Request Header Fields Too Large");
  else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") answerRaw(socket, 408, "Request Timeout");
  else answerRaw(socket, 400, "Bad Request");
}

/** An answer written straight to a socket node no longer parses, which is then closed. */
function answerRaw(socket: Duplex, status: number, reason: string, headers = ""): void {
  const body = `${status} ${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}content-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
  // A client that never closes its side is let go of after a while.
  setTimeout(() => socket.destroy(), 5000).unref();
}

function serveFile(res: http.ServerResponse, file: string, status: number, headOnly: boolean, problems: readonly Diagnostic[]): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    // Deleted or replaced by a rebuild since it was found.
    plain(res, 404, "404 Not Found\n");
    return;
  }
  if (type.startsWith("text/html")) body = Buffer.from(withReloadScript(body.toString("utf8"), problems));
  res.writeHead(status, { "content-type": type, "content-length": body.length, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(headOnly ? undefined : body);
}

/** The site's 404.html, found by the same rule as every other file, or a plain 404. */
function notFound(res: http.ServerResponse, base: string, headOnly: boolean, problems: readonly Diagnostic[]): void {
  const page = resolveInside(base, "/404.html");
  if (page && "file" in page) serveFile(res, page.file, 404, headOnly, problems);
  else plain(res, 404, "404 Not Found\n");
}

function problemLines(problems: readonly Diagnostic[]): string[] {
  return problems.map(formatDiagnostic);
}

/** The live-reload client, added before </body>. Problems arrive as data and are shown as text. */
function withReloadScript(html: string, problems: readonly Diagnostic[]): string {
  const initial = JSON.stringify(problemLines(problems)).replace(/</g, "\\u003c");
  const script = `<script>(() => {
  const show = (lines) => {
    let box = document.getElementById("xnews-problems");
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "xnews-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:#1e1e1e;color:#ffd7d7;font:14px/1.5 monospace;padding:12px 16px;white-space:pre-wrap;border-top:4px solid #e5484d";
      document.body.appendChild(box);
    }
    box.textContent = "xnews: the site could not be rebuilt; this is the last good page.\\n\\n" + lines.join("\\n");
  };
  show(${initial});
  const events = new EventSource("${EVENTS_PATH}");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problems", (e) => show(JSON.parse(e.data)));
})();</script>`;
  const at = html.lastIndexOf("</body>");
  return at === -1 ? html + script : html.slice(0, at) + script + html.slice(at);
}
