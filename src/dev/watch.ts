// Watching content/, templates/ and public/: bursts of saves (an editor's save-all, a git
// checkout of hundreds of files) are gathered into one batch.
import chokidar from "chokidar";
import path from "node:path";
import type { FileChange } from "./session.js";

export interface Watcher {
  close(): Promise<void>;
}

/** Calls `onBatch` once the folders have been quiet for `quietMs` after a change. */
export function watchFolders(dirs: readonly string[], onBatch: (changes: FileChange[]) => void, quietMs = 30): Promise<Watcher> {
  let pending: FileChange[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length) onBatch(batch);
  };
  const watcher = chokidar.watch([...dirs], {
    ignoreInitial: true,
    // Editors' swap and backup files, and hidden files, are not content.
    ignored: (p) => /(^|[/\\])\.[^/\\]|~$|\.sw[px]$/.test(path.basename(p)),
  });
  const queue = (kind: FileChange["kind"]) => (file: string) => {
    pending.push({ kind, file });
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, quietMs);
  };
  watcher.on("add", queue("add")).on("change", queue("change")).on("unlink", queue("unlink"));
  return new Promise((resolve) =>
    watcher.on("ready", () =>
      resolve({
        close: async () => {
          if (timer) clearTimeout(timer);
          await watcher.close();
        },
      }),
    ),
  );
}
