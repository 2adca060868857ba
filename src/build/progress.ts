// What a long build says while it runs. On a terminal: one line, rewritten in place (phase, files
// done of total, elapsed), after the first second only. In a log: a line per phase, and one per
// quarter of the writing, on standard output like the summary. Nothing with --quiet.
export interface Progress {
  phase(name: string, total?: number): void;
  done(count: number, total: number): void;
  /** Clears the updating line before the summary is printed. */
  end(): void;
}

const QUIET_MS = 1000;
const REDRAW_MS = 100;

export function createProgress(stream: NodeJS.WriteStream, quiet: boolean): Progress | undefined {
  if (quiet) return undefined;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  let phase = "";
  if (stream.isTTY) {
    let drawn = 0;
    let shown = false;
    const draw = (text: string) => {
      const now = Date.now();
      if (now - started < QUIET_MS || now - drawn < REDRAW_MS) return;
      drawn = now;
      shown = true;
      stream.write(`\r\x1b[2Kxnews: ${text} (${elapsed()})`);
    };
    return {
      phase(name) {
        phase = name;
        draw(`${name}…`);
      },
      done(count, total) {
        draw(`${phase} ${count.toLocaleString("en")}/${total.toLocaleString("en")} files`);
      },
      end() {
        if (shown) stream.write("\r\x1b[2K");
      },
    };
  }
  let quarter = 0;
  return {
    phase(name, total) {
      phase = name;
      quarter = 0;
      if (Date.now() - started > QUIET_MS) stream.write(`xnews: ${name}${total ? ` ${total.toLocaleString("en")} files` : ""} (${elapsed()})\n`);
    },
    done(count, total) {
      const reached = Math.floor((count / total) * 4);
      if (reached > quarter && reached < 4 && Date.now() - started > QUIET_MS) stream.write(`xnews: ${phase} ${count.toLocaleString("en")}/${total.toLocaleString("en")} files (${elapsed()})\n`);
      quarter = Math.max(quarter, reached);
    },
    end() {},
  };
}
