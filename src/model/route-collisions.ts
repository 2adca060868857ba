// Two things written to one path would silently lose one of them (or fail, when one needs the
// path as a file and the other as a folder): an error naming both.
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { HOME_ROUTE, NOT_FOUND_ROUTE, safeRoute } from "./routes.js";
import type { SiteModel } from "./site-model.js";

interface Owner {
  what: string;
  file: string;
  line?: number;
}

export function routeCollisions(model: SiteModel, publicFiles: Iterable<string> = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, Owner>();
  /** Each folder a route needs, with the first route that needs it. */
  const folders = new Map<string, { route: string; owner: Owner }>();
  const hint = "change the id, the permalink or pagination pattern in site.yml, or the file's name, so that each has its own path";
  /** `a` writes `aPath`, which is `bPath` itself or lies inside the file `b` writes at `bPath`. */
  const clash = (a: Owner, aPath: string, b: Owner, bPath: string) => {
    const same = aPath === bPath;
    const aSays = same ? `where ${b.what} (${b.file}) is written too` : `but ${b.what} (${b.file}) writes a file at ${bPath}`;
    diagnostics.push(errorAt(a.file, `${a.what} would be written to ${aPath}, ${aSays}`, hint, a.line));
    if (a.file === b.file) return;
    const bSays = same ? `where ${a.what} (${a.file}) is written too` : `which ${a.what} (${a.file}) needs as a folder`;
    diagnostics.push(errorAt(b.file, `${b.what} would be written to ${bPath}, ${bSays}`, hint, b.line));
  };
  const claim = (route: string, owner: Owner) => {
    const sameFile = files.get(route);
    if (sameFile) return clash(owner, route, sameFile, route);
    const folder = folders.get(route);
    if (folder) return clash(folder.owner, folder.route, owner, route);
    const parts = route.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const fileThere = files.get(dir);
      if (fileThere) return clash(owner, route, fileThere, dir);
      if (!folders.has(dir)) folders.set(dir, { route, owner });
    }
    files.set(route, owner);
  };
  const settings = model.config.origin.file;
  claim(HOME_ROUTE, { what: "the home page", file: settings });
  claim(NOT_FOUND_ROUTE, { what: "the 404 page", file: settings });
  for (const page of model.listPages) claim(page.route, { what: `page ${page.number} of channel ${page.channel}`, file: settings });
  for (const story of [...model.articles, ...model.pages]) {
    claim(model.routes.get(story.id)!, { what: `story "${story.id}"`, file: story.file, line: story.fieldLines.id });
  }
  for (const file of publicFiles) {
    if (safeRoute(file) === file) claim(file, { what: `public file ${file}`, file: `public/${file}` });
    else diagnostics.push(errorAt(`public/${file}`, "this file's name cannot be copied safely (backslash, control character or escaped dot in it)", "rename the file"));
  }
  return diagnostics;
}
