// Two things written to one path would silently lose one of them (or fail, when one needs the
// path as a file and the other as a folder): an error naming both.
import { errorAt, type Diagnostic } from "../diagnostics.js";
import type { Output, OutputKind, OutputOwner as Owner } from "./outputs.js";
import { safeRoute } from "../paths.js";

/** A path, split at "/": what is written there, and the first route that needs it as a folder. */
interface PathNode {
  file?: Owner;
  folderFor?: { route: string; owner: Owner };
  /** Made for a folder only: most nodes are files. */
  children?: Map<string, PathNode>;
}

/** File systems refuse a name over 255 bytes and a path over 4,096; a site moved elsewhere has its own prefix too. */
const NAME_BYTES = 255;
const PATH_BYTES = 1024;

/** Why a route is too long to be written anywhere, or undefined when it is not. */
export function routeLengthProblem(route: string): string | undefined {
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a pair, 4): a short route needs no counting.
  if (route.length * 3 <= NAME_BYTES) return undefined;
  const total = Buffer.byteLength(route);
  if (total > PATH_BYTES) return `${total} bytes long (at most ${PATH_BYTES} are written, so the site can live in any folder)`;
  for (const part of route.split("/")) {
    const bytes = Buffer.byteLength(part);
    if (bytes > NAME_BYTES) return `with a name of ${bytes} bytes ("${part.slice(0, 24)}…"; file systems allow ${NAME_BYTES})`;
  }
  return undefined;
}

/** Which kind of output is named first in a clash (the later one is "in the way"). */
const CLAIM_ORDER: Record<OutputKind, number> = { home: 0, notFound: 1, channel: 2, article: 3, standalone: 4, retracted: 5, author: 6, tag: 7, topic: 8, archive: 9, archiveIndex: 10, latest: 11, feed: 12, sitemapIndex: 13, sitemap: 14, newsSitemap: 15, robots: 16, search: 17, searchScript: 18, searchHead: 19, searchText: 20, searchDocs: 21, searchCards: 22, redirects: 23, public: 24, picture: 25, alias: 26 };

/** Every output's route checked against every other's: one path, one file. */
export function routeCollisions(outputs: readonly Output[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // A tree of path segments, not a map of whole paths: a route's folders are looked up one segment
  // at a time, so a route of many folders costs its length, not its length times its depth.
  const root: PathNode = {};
  const hint = "change the id, the permalink or pagination pattern in site.yml, or the file's name, so that each has its own path";
  /** `a` writes `aPath`, which is `bPath` itself or lies inside the file `b` writes at `bPath`. */
  const clash = (a: Owner, aPath: string, b: Owner, bPath: string) => {
    const same = aPath === bPath;
    const aSays = same ? `where ${b.what} (${b.file}) is written too` : `but ${b.what} (${b.file}) writes a file at ${bPath}`;
    diagnostics.push(errorAt(a.file, `${a.what} would be written to ${aPath}, ${aSays}`, a.hint ?? b.hint ?? hint, a.line));
    if (a.file === b.file) return;
    const bSays = same ? `where ${a.what} (${a.file}) is written too` : `which ${a.what} (${a.file}) needs as a folder`;
    diagnostics.push(errorAt(b.file, `${b.what} would be written to ${bPath}, ${bSays}`, b.hint ?? a.hint ?? hint, b.line));
  };
  const claim = (route: string, owner: Owner) => {
    const tooLong = routeLengthProblem(route);
    if (tooLong) {
      const what = owner.what.length > 60 ? `${owner.what.slice(0, 50)}…` : owner.what;
      diagnostics.push(errorAt(owner.file, `${what} would be written to a path ${tooLong}`, "shorten the id, the channel slug or the permalink pattern in site.yml", owner.line));
      return;
    }
    // One walk. A node is a file or a folder, never both, and every node on the way to an existing
    // one is a folder: so a path that exists whole has no file on its way.
    const parts = route.split("/");
    const last = parts.length - 1;
    let node = root;
    for (let i = 0; i <= last; i++) {
      const children = (node.children ??= new Map());
      let next = children.get(parts[i]!);
      if (next) {
        if (i === last) {
          if (next.file) return clash(owner, route, next.file, route);
          if (next.folderFor) return clash(next.folderFor.owner, next.folderFor.route, owner, route);
        } else if (next.file) return clash(owner, route, next.file, parts.slice(0, i + 1).join("/"));
      } else {
        children.set(parts[i]!, (next = {}));
        if (i < last) next.folderFor = { route, owner };
      }
      node = next;
    }
    node.file = owner;
  };
  // Pages claim their paths first, so that a public/ file is the one named as in the way.
  const sorted = [...outputs].sort((a, b) => CLAIM_ORDER[a.kind] - CLAIM_ORDER[b.kind]);
  for (const output of sorted) {
    if (output.kind === "public" && safeRoute(output.route) !== output.route) {
      diagnostics.push(errorAt(output.owner.file, "this file's name cannot be copied safely (backslash, control character or escaped dot in it)", "rename the file"));
    } else claim(output.route, output.owner);
  }
  return diagnostics;
}
