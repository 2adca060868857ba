// Loaded with --import by the benchmark: reports the process's peak memory (KiB) on fd 3 at exit.
import fs from "node:fs";

process.on("exit", () => {
  try {
    fs.writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // not run by the benchmark: nothing listens on fd 3
  }
});
