// Two things written to one file would silently lose one of them: an error naming both.
import { errorAt, type Diagnostic } from "../diagnostics.js";
import { HOME_ROUTE, NOT_FOUND_ROUTE, safeRoute } from "./routes.js";
import type { SiteModel } from "./site-model.js";

export function routeCollisions(model: SiteModel, publicFiles: Iterable<string> = []): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, { what: string; file: string; line?: number }>();
  const claim = (route: string, what: string, file: string, line?: number) => {
    const first = owners.get(route);
    if (!first) {
      owners.set(route, { what, file, line });
      return;
    }
    const hint = "change the id, the permalink or pagination pattern in site.yml, or the file's name, so that each has its own path";
    diagnostics.push(errorAt(file, `${what} would be written to ${route}, where ${first.what} (${first.file}) is written too`, hint, line));
    if (first.file !== file) diagnostics.push(errorAt(first.file, `${first.what} would be written to ${route}, where ${what} (${file}) is written too`, hint, first.line));
  };
  const settings = model.config.origin.file;
  claim(HOME_ROUTE, "the home page", settings);
  claim(NOT_FOUND_ROUTE, "the 404 page", settings);
  for (const page of model.listPages) claim(page.route, `page ${page.number} of channel ${page.channel}`, settings);
  for (const story of [...model.articles, ...model.pages]) claim(model.routes.get(story.id)!, `story "${story.id}"`, story.file, story.fieldLines.id);
  for (const file of publicFiles) {
    if (safeRoute(file) === file) claim(file, `public file ${file}`, `public/${file}`);
    else diagnostics.push(errorAt(`public/${file}`, "this file's name cannot be copied safely (backslash, control character or escaped dot in it)", "rename the file"));
  }
  return diagnostics;
}
