// The Chromium for the browser tests and benchmarks, driven by playwright-core. On Linux x64 it comes from npm
// (@sparticuz/chromium), so `npm ci` is all the set-up; CHROMIUM_PATH, or a Chromium or Chrome
// installed on the machine, serves where that build cannot run (macOS, ARM).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { chromium, type Browser } from "playwright-core";

/** The project folder, from src/bench or lib/bench alike. */
const REPO = path.resolve(import.meta.dirname, "../..");

const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

// Root needs --no-sandbox; the rest keep Chromium off the network, which is closed here.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const HOW_TO_FIX = 'Set CHROMIUM_PATH to a Chromium or Chrome binary and run the tests again, e.g. on macOS: CHROMIUM_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" npx vitest run tests/phone-layout.test.ts';

interface BrowserBinary {
  executable: string;
  /** Shared libraries the binary is to load before the machine's own. */
  libDir?: string;
}

/** The Chromium binary launchBrowser() starts (the npm one is unpacked on first use). */
export async function browserPath(): Promise<string> {
  return (await findBrowser()).executable;
}

export async function launchBrowser(): Promise<Browser> {
  const { executable, libDir } = await findBrowser();
  const env = libDir ? { ...process.env, LD_LIBRARY_PATH: [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") } : undefined;
  try {
    return await chromium.launch({ executablePath: executable, args: ARGS, env });
  } catch (error) {
    throw new Error(`Chromium at ${executable} did not start. ${HOW_TO_FIX}\n${(error as Error).message}`, { cause: error });
  }
}

async function findBrowser(): Promise<BrowserBinary> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!fs.existsSync(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, but there is no such file. ${HOW_TO_FIX}`);
    return { executable: chosen };
  }
  let npmMissing = `@sparticuz/chromium's browser is for Linux x64, and this is ${process.platform} ${process.arch}`;
  if (process.platform === "linux" && process.arch === "x64") {
    const bundled = await npmChromium();
    if (bundled) return bundled;
    npmMissing = "@sparticuz/chromium is not installed (npm ci installs it)";
  }
  const installed = SYSTEM_CHROMIUMS.find((file) => fs.existsSync(file));
  if (installed) return { executable: installed };
  throw new Error(`No Chromium for the browser tests: ${npmMissing}, and none of ${SYSTEM_CHROMIUMS.join(", ")} exists. ${HOW_TO_FIX}`);
}

/**
 * @sparticuz/chromium's brotli-packed Chromium, unpacked once per version under node_modules/.cache.
 * Not through its executablePath(): that writes into the shared, unversioned os.tmpdir()/chromium in
 * place (a parallel test worker could start half a binary) and reuses whatever version is there.
 */
async function npmChromium(): Promise<BrowserBinary | undefined> {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium"));
  } catch {
    return undefined; // not installed (npm ci --omit=dev): fall back to a system Chromium
  }
  // Up from its entry (build/…, or deeper in some versions) to the folder with its package.json.
  while (!fs.existsSync(path.join(packageDir, "bin", "chromium.br")) && path.dirname(packageDir) !== packageDir) packageDir = path.dirname(packageDir);
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  const dir = path.join(REPO, "node_modules", ".cache", `xnews-chromium-${version}`);
  if (!fs.existsSync(dir)) {
    // Unpack beside it and rename into place: a folder that exists is whole.
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const staging = fs.mkdtempSync(`${dir}.partial-`);
    const bin = path.join(packageDir, "bin");
    await pipeline(fs.createReadStream(path.join(bin, "chromium.br")), zlib.createBrotliDecompress(), fs.createWriteStream(path.join(staging, "chromium"), { mode: 0o755 }));
    // NSS, NSPR and expat built for Amazon Linux 2023, into lib/: loaded first, they leave the
    // browser needing only glibc and libgcc from the machine.
    execFileSync("tar", ["-x", "-C", staging], { input: zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, "al2023.tar.br"))) });
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(dir)) throw error; // else another worker unpacked it first
    }
  }
  return { executable: path.join(dir, "chromium"), libDir: path.join(dir, "lib") };
}
