// Every temp folder a test run makes — through tempDir(), by xnews itself, or by a child process —
// lands under one folder made here, which is removed when the run ends, pass or fail.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "xnews-test-run-"));
  // Workers and the processes they start inherit this, and os.tmpdir() reads it.
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
