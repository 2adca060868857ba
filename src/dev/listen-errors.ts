// Why `xnews dev` could not start listening, in words a user can act on. These are the user's
// setup (a port taken or reserved, a host name this machine does not have), never xnews's bug.

export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case "EADDRINUSE":
      return `port ${port} is in use (another xnews dev, or another server?); pick another with --port, e.g. --port ${port === 4000 ? 4001 : 4000}`;
    case "EACCES":
    case "EPERM":
      return `this user may not listen on port ${port} (ports below 1024 need administrator rights); use a port from 1024 up, e.g. --port 4000`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
    case "EAI_NONAME":
      return `--host "${host}" is not a name this machine can find; use 127.0.0.1 (this machine only) or one of its network addresses`;
    case "EADDRNOTAVAIL":
      return `--host "${host}" is not an address of this machine; use 127.0.0.1 (this machine only), 0.0.0.0 (every network), or one of its network addresses`;
    default:
      return undefined;
  }
}

/** A port as given on the command line: digits only, 0 (any free port) to 65535. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
