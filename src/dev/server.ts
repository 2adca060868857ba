// Serves the output folder and nothing outside it, adds the live-reload script to each HTML page
// as it is served (never on disk), and tells open tabs when to reload or what is wrong.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { formatDiagnostic } from "../diagnostics.js";

const EVENTS_PATH = "/__xnews/events";

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

/**
 * @param sitePath the path the site lives under (site.yml's url: "/news/" for
 *   https://example.org/news), so that links made for that path work here too
 */
export function startServer(root: string, host: string, port: number, sitePath = "/"): Promise<DevServer> {
  const base = fs.realpathSync(path.resolve(root));
  const clients = new Set<http.ServerResponse>();
  let problems: readonly Diagnostic[] = [];

  const send = (event: string, data: unknown) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
      res.write(`event: problems\ndata: ${JSON.stringify(problemLines(problems))}\n\n`);
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const rawPath = (req.url ?? "/").split(/[?#]/)[0]!;
    if (!rawPath.startsWith(sitePath)) {
      if (`${rawPath}/` === sitePath || rawPath === "/") res.writeHead(302, { location: sitePath }).end();
      else notFound(res, base, req.method === "HEAD", problems);
      return;
    }
    const found = resolveInside(base, `/${rawPath.slice(sitePath.length)}`);
    if (found && "redirect" in found) res.writeHead(301, { location: `${rawPath}/` }).end();
    else if (found) serveFile(res, found.file, 200, req.method === "HEAD", problems);
    else notFound(res, base, req.method === "HEAD", problems);
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address() as { port: number };
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${address.port}${sitePath}`,
        reload: () => send("reload", {}),
        showProblems(list) {
          problems = list;
          send("problems", problemLines(list));
        },
        close: () =>
          new Promise<void>((done) => {
            for (const c of clients) c.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * The file a request names, if it is inside the root: the raw path is decoded once, must not
 * hold NUL or backslashes, and after resolving ("..", symlinks) must still be under the root.
 * A folder serves its index.html; asked for without its final "/", it is a redirect, so that
 * the page's relative links resolve from the folder.
 */
export function resolveInside(base: string, rawPath: string): { file: string } | { redirect: true } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (/[\0\\]/.test(decoded) || /%2f|%5c|%2e/i.test(rawPath) || decoded.split("/").includes("..")) return undefined;
  let file = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!isUnder(base, file)) return undefined;
  try {
    if (fs.statSync(file).isDirectory()) {
      if (!rawPath.endsWith("/")) return { redirect: true };
      file = path.join(file, "index.html");
    }
    const real = fs.realpathSync(file);
    return isUnder(base, real) && fs.statSync(real).isFile() ? { file: real } : undefined;
  } catch {
    return undefined;
  }
}

function isUnder(base: string, file: string): boolean {
  return file === base || file.startsWith(base + path.sep);
}

function serveFile(res: http.ServerResponse, file: string, status: number, headOnly: boolean, problems: readonly Diagnostic[]): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  let body: Buffer | string = fs.readFileSync(file);
  if (type.startsWith("text/html")) body = withReloadScript(body.toString("utf8"), problems);
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(headOnly ? undefined : body);
}

function notFound(res: http.ServerResponse, base: string, headOnly: boolean, problems: readonly Diagnostic[]): void {
  const page = path.join(base, "404.html");
  if (fs.existsSync(page)) serveFile(res, page, 404, headOnly, problems);
  else res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(headOnly ? undefined : "404 Not Found\n");
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
