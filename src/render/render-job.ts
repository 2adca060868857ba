// A job → the bytes of its file. Runs in the main thread or in a worker (build/render-pool.ts): it
// needs only the job, the templates and the Markdown settings, never the model.
import type nunjucks from "nunjucks";
import { createBodyReader } from "../content/story-body.js";
import type { MarkdownOptions } from "../content/markdown.js";
import { createEnvironment } from "./environment.js";
import type { Job } from "./jobs.js";
import { linksFrom } from "./links.js";

export interface RenderSettings {
  templatesDir: string;
  markdown: MarkdownOptions;
}

export type JobRenderer = (job: Exclude<Job, { kind: "copy" }>) => string;

export function createJobRenderer(settings: RenderSettings): JobRenderer {
  let env: nunjucks.Environment | undefined;
  const readBody = createBodyReader(settings.markdown);
  return (job) => {
    if (job.kind === "text") return job.text;
    const { frame, page, body } = job.view;
    const context: Record<string, unknown> = { ...frame, ...page };
    if (body) {
      // Root-relative links in the body are made relative to this page.
      context[body.field] = { ...(page[body.field] as object), bodyHtml: linksFrom(job.route).body(readBody(body.source)) };
    }
    env ??= createEnvironment(settings.templatesDir);
    return env.render(job.template, context);
  };
}
