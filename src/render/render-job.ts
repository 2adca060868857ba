// A job → the bytes of its file. Runs in the main thread or in a worker (build/render-pool.ts): it
// needs only the job, the templates and the Markdown settings, never the model.
import type nunjucks from "nunjucks";
import { createBodyReader } from "../content/story-body.js";
import type { MarkdownOptions } from "../content/markdown.js";
import { createEnvironment } from "./environment.js";
import type { RenderJob } from "./jobs.js";
import { linksFrom } from "./links.js";
import { jsonForScript } from "./script-json.js";
import { pictureHtml } from "./picture-view.js";

export interface RenderSettings {
  templatesDir: string;
  markdown: MarkdownOptions;
}

/** The jobs made from the model's data and the templates; a picture's copy is made by sharp instead (image-variants.ts). */
type TextJob = Exclude<RenderJob, { kind: "picture" }>;

export type JobRenderer = (job: TextJob) => string;

export function createJobRenderer(settings: RenderSettings): JobRenderer {
  let env: nunjucks.Environment | undefined;
  const readBody = createBodyReader(settings.markdown);
  const readText = createBodyReader(settings.markdown, "text");
  return (job) => {
    if (job.kind === "text") return job.text;
    if (job.kind === "bodyText") return job.pieces.map((p) => (typeof p === "string" ? p : jsonForScript(readText(p)))).join("");
    const { frame, page, body } = job.view;
    const context: Record<string, unknown> = { ...frame, ...page };
    if (body) {
      // Root-relative links in the body are made relative to this page.
      let shown = 0;
      const picture = (src: string, alt: string) => {
        const view = body.pictures?.[src];
        return view && pictureHtml(view, alt, shown++ >= (body.eager ?? 0));
      };
      context[body.field] = { ...(page[body.field] as object), bodyHtml: linksFrom(job.route).body(readBody(body.source, picture)) };
    }
    env ??= createEnvironment(settings.templatesDir);
    return env.render(job.template, context);
  };
}
