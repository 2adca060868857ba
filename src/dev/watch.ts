// Watching content/, templates/ and public/. Events are gathered into batches (an editor's
// save-all, a git checkout of hundreds of files), and each batch says where to look; a batch asks
// for a rescan of everything when the watcher's own view may be incomplete: a folder came or went,
// the watcher reported an error, or a watched folder itself was removed, replaced or put back
// (the watcher is then started afresh, since it loses a folder that goes away).
import chokidar, { type FSWatcher } from "chokidar";
import fs from "node:fs";
import path from "node:path";

export interface WatchBatch {
  files: string[];
  rescan: boolean;
}

export interface Watcher {
  /** Whether events are waiting to be handed over. */
  busy(): boolean;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** A batch is handed over once nothing has happened for this long… */
  quietMs?: number;
  /** …or once its first event is this old, so that a stream of saves cannot postpone it for ever. */
  maxWaitMs?: number;
  /** How often the watched folders themselves are looked at. */
  pollMs?: number;
}

export async function watchFolders(dirs: readonly string[], onBatch: (batch: WatchBatch) => void, options: WatchOptions = {}): Promise<Watcher> {
  const { quietMs = 30, maxWaitMs = 300, pollMs = 250 } = options;
  const roots = dirs.map((d) => path.resolve(d));
  let pending = new Set<string>();
  let rescan = false;
  let firstAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = () => {
    timer = undefined;
    const batch = { files: [...pending], rescan };
    pending = new Set();
    rescan = false;
    if (!closed && (batch.files.length || batch.rescan)) onBatch(batch);
  };
  const schedule = () => {
    if (!timer) firstAt = Date.now();
    else clearTimeout(timer);
    timer = setTimeout(flush, Date.now() - firstAt >= maxWaitMs ? 0 : quietMs);
  };
  // chokidar is given each folder's real path (it does not follow a watched folder that is a
  // link); what it reports is said back in the folder's own name.
  let realOf = new Map<string, string>();
  const shown = (p: string) => {
    const file = path.resolve(p);
    for (const [root, real] of realOf) if (file === real || file.startsWith(real + path.sep)) return root + file.slice(real.length);
    return file;
  };
  const onFile = (file: string) => {
    pending.add(shown(file));
    schedule();
  };
  const onFolder = (dir: string) => {
    if (roots.includes(shown(dir))) lost.add(shown(dir));
    rescan = true;
    schedule();
  };

  // A watched folder removed and put back (or swapped for another, or a link to it retargeted)
  // is lost to chokidar.
  const identity = (dir: string) => {
    try {
      const s = fs.statSync(dir);
      return s.isDirectory() ? `${s.dev}:${s.ino}:${realPath(dir)}` : "none";
    } catch {
      return "none";
    }
  };
  const known = new Map(roots.map((r) => [r, identity(r)]));
  const lost = new Set<string>();

  const start = async (): Promise<FSWatcher> => {
    realOf = new Map(roots.map((r) => [r, realPath(r)]));
    const w = chokidar.watch([...realOf.values()], {
      ignoreInitial: true,
      // Links are not content (content/file-tree.ts): following them could loop or leave the project.
      followSymlinks: false,
      ignorePermissionErrors: true,
      // Editors' swap and backup files, and hidden files, are not content.
      ignored: (p) => /(^|[/\\])\.[^/\\]|~$|\.sw[px]$/.test(path.basename(p)),
    });
    w.on("add", onFile).on("change", onFile).on("unlink", onFile);
    w.on("addDir", onFolder).on("unlinkDir", onFolder);
    w.on("error", () => {
      rescan = true;
      schedule();
    });
    await new Promise<void>((resolve) => w.on("ready", () => resolve()));
    return w;
  };
  let watcher = await start();

  let restarting = false;
  const poll = setInterval(() => {
    if (restarting || closed) return;
    let changed = false;
    for (const r of roots) {
      const now = identity(r);
      if (now !== known.get(r) || (lost.has(r) && now !== "none")) changed = true;
      known.set(r, now);
    }
    if (!changed) return;
    restarting = true;
    lost.clear();
    void (async () => {
      await watcher.close();
      if (!closed) watcher = await start();
      // Closed while the new watcher was starting: it is closed too, or the process could not end.
      if (closed) await watcher.close();
      restarting = false;
      rescan = true;
      schedule();
    })();
  }, pollMs);

  return {
    busy: () => timer !== undefined || restarting,
    close: async () => {
      closed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

function realPath(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}
