// A story's body as HTML, read from its file again when its page is rendered: bodies are not
// kept in memory between reading the site and rendering it (100,000 of them would not fit well).
import path from "node:path";
import matter from "gray-matter";
import { errorAt, UserError } from "../diagnostics.js";
import { readTextFile } from "./files.js";
import { createMarkdown, type MarkdownOptions, type PictureMarkup } from "./markdown.js";

export interface BodySource {
  /** The story file's absolute path. */
  path: string;
  /** The file as shown in messages. */
  file: string;
  /** The body's hash when the file was read for the site. */
  hash: string;
}

/** Where a story's body is, as it was read for the site. */
export function bodySourceOf(story: { path: string; file: string; body: { hash: string } }): BodySource {
  return { path: story.path, file: story.file, hash: story.body.hash };
}

/**
 * Reads bodies again and renders them as HTML, or as the text a reader sees (`as: "text"`); a body
 * that changed since it was read is an error, not a mix of two versions.
 */
export function createBodyReader(options: MarkdownOptions, as: "html" | "text" = "html"): (source: BodySource, picture?: PictureMarkup) => string {
  const markdown = createMarkdown(options);
  return (source, picture) => {
    const read = readTextFile(path.dirname(source.path), path.basename(source.path));
    // The front matter was checked when the file was read for the site; only its end matters here.
    const body = read.ok ? matter(read.file.text, { engines: { yaml: () => ({}) } }).content : undefined;
    if (body === undefined || markdown.hash(body) !== source.hash) {
      throw new UserError([
        errorAt(source.file, "the file changed while the site was being built", "run the build again (nothing was written)"),
      ]);
    }
    return as === "html" ? markdown.html(body, picture) : markdown.text(body);
  };
}
