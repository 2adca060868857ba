// Templates that include each other: an endless loop is an error at the include that leads back
// (found by xnews check when it runs on every rendering, by the render otherwise), while a
// template that draws a tree by including itself for each branch is fine.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkTemplates } from "../src/render/template-check.js";
import { REPO, readPage, tempDir, xnews } from "./helpers/site.js";

function siteWith(templates: Record<string, string>): string {
  const dir = tempDir("xnews-cycles-");
  fs.cpSync(path.join(REPO, "tests/fixtures/base-site"), dir, { recursive: true });
  for (const [name, text] of Object.entries(templates)) {
    fs.mkdirSync(path.dirname(path.join(dir, "templates", name)), { recursive: true });
    fs.writeFileSync(path.join(dir, "templates", name), text);
  }
  return dir;
}

describe("templates that include each other", () => {
  it("an include inside an if that never stops: the build names the template and the line", async () => {
    const dir = siteWith({ "partials/footer.njk": "<footer>\n{% if site.title %}\n{% include \"partials/footer.njk\" %}\n{% endif %}\n</footer>\n" });
    expect((await xnews(["check"], dir)).stdout).toBe("xnews: no problems found\n");
    const r = await xnews(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "templates/partials/footer.njk:3:4  error: template error: template includes itself without end: partials/footer.njk → partials/footer.njk  (the {% if %} or loop around it never stops the repetition: change its condition, or remove the tag)",
    );
    expect(r.stderr).toContain("Nothing was written; the previous site is unchanged.");
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it("an include by a computed name that leads back: the build names the include", async () => {
    const dir = siteWith({ "partials/footer.njk": '<footer>\n{% set me = "partials/" + "footer.njk" %}\n{% include me %}\n</footer>\n' });
    const r = await xnews(["build"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "templates/partials/footer.njk:3:4  error: template error: partials/footer.njk leads back to itself without end, through a template name computed when rendering",
    );
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it("a template that includes itself for each branch of a tree passes the check and builds", async () => {
    const dir = siteWith({
      "partials/tree.njk": "{% if items.length %}<ul class=\"tree\">{% for item in items %}<li>{{ item.title }}{% set items = [] %}{% include \"partials/tree.njk\" %}</li>{% endfor %}</ul>{% endif %}\n",
      "partials/footer.njk": '<footer class="footer">\n{% set items = nav %}\n{% include "partials/tree.njk" %}\n</footer>\n',
    });
    expect((await xnews(["check"], dir)).stdout).toBe("xnews: no problems found\n");
    const r = await xnews(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    const home = readPage(path.join(dir, "dist"), "index.html");
    expect(home("footer .tree li").map((_, e) => home(e).text()).get()).toEqual(["首页", "要闻", "县市区"]);
  });

  it("a ring of 3,000 templates: an error on each, the ring shortened, found without recursion", () => {
    const dir = tempDir("xnews-ring-");
    const n = 3_000;
    for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `t${i}.njk`), `<p>${i}</p>\n{% include "t${(i + 1) % n}.njk" %}\n`);
    const { diagnostics, uses } = checkTemplates(dir);
    const ring = diagnostics.filter((d) => d.message.startsWith("templates include each other without end"));
    expect(ring).toHaveLength(n);
    expect(ring.find((d) => d.file.endsWith("/t0.njk"))).toMatchObject({
      line: 2,
      message: "templates include each other without end: t0.njk → t1.njk → t2.njk → t3.njk → t4.njk → t5.njk → t6.njk → t7.njk → … 2990 more … → t2998.njk → t2999.njk → t0.njk",
    });
    expect(uses.get("t0.njk")?.size).toBe(n);
  });
});
