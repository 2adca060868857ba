// The Nunjucks environment: the site's templates first, xnews's own as the fallback, autoescape on.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type nunjucks from "nunjucks";
import { pictureHtml, type PictureView } from "./picture-view.js";

/** The templates that ship with xnews, used for any template a site does not override. */
export const BUILTIN_TEMPLATES = path.resolve(fileURLToPath(import.meta.url), "../../../templates");

const require = createRequire(import.meta.url);

/** Whitespace control, shared with the template checker's parser. */
export const ENVIRONMENT_OPTIONS = { trimBlocks: true, lstripBlocks: true };

export function createEnvironment(templatesDir: string): nunjucks.Environment {
  // Loaded only when the first page is rendered: merely loading Nunjucks (its SafeString
  // subclasses String) slows V8's string handling for the whole process, and reading 10,000
  // stories ran ~50% slower with it loaded.
  const lib = require("nunjucks") as typeof nunjucks;
  const dirs = [path.resolve(templatesDir)];
  if (dirs[0] !== BUILTIN_TEMPLATES) dirs.push(BUILTIN_TEMPLATES);
  const loader = new lib.FileSystemLoader(dirs, { noCache: false, watch: false });
  const env = new lib.Environment(loader, { autoescape: true, throwOnUndefined: false, ...ENVIRONMENT_OPTIONS });
  // {{ item.cover | picture(item.title, true) }}: a picture view (render/picture-view.ts) as markup; lazy when asked.
  env.addFilter("picture", (view: PictureView | undefined, alt: string, lazy?: boolean) => (view ? new lib.runtime.SafeString(pictureHtml(view, String(alt ?? ""), Boolean(lazy))) : ""));
  return env;
}
