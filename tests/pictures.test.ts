// The site's pictures in a real build: copies at the widths srcset offers, WebP and the original
// format, upright and with no EXIF (no GPS) left; covers, figures with captions, the 组图 and the
// home page's 焦点图 and 图片新闻; a build with no picture changed makes none; every bad picture
// a located error with nothing written; and xnews dev makes the same copies.
import fs from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { DevSession } from "../src/dev/session.js";
import { makePhoto } from "../src/gen/photos.js";
import { blackPng } from "./helpers/pictures.js";
import { SITE_YML, fingerprint, listTree, pathsOf, readPage, storyFile, writeProject, xnews } from "./helpers/site.js";

const STORY = storyFile({
  id: "bridge",
  title: "大桥今日通车",
  date: "2018-12-07 09:30",
  channel: "chibi",
  extra: "cover: /img/cover.jpg\nfeatured: true\ngallery:\n  - { src: /img/side.jpg, caption: 桥面 }\n  - /img/logo.png",
  body: "咸宁新闻网讯 大桥今日通车。\n\n![桥北端](/img/side.jpg \"大桥北端\")\n\n文字，![图标](/img/logo.png)在文中。\n",
});
const OTHER = storyFile({ id: "other", title: "另一条", date: "2018-12-06 09:30", channel: "chibi", extra: "cover: /img/side.jpg" });
const ARTICLE = "chibi/201812/t20181207_bridge.html";

/** A project with three pictures: a 1600×1200 photo stored on its side with a GPS position, a 1000×750 photo, a small PNG. */
async function pictureProject(): Promise<string> {
  const project = writeProject({ "content/site.yml": SITE_YML, "content/articles/bridge.md": STORY, "content/articles/other.md": OTHER });
  fs.mkdirSync(path.join(project, "public/img"), { recursive: true });
  // Seed 9: EXIF orientation 6 and a GPS position (gen/photos.ts photoTagsOf).
  fs.writeFileSync(path.join(project, "public/img/cover.jpg"), await makePhoto(9, 1600, 1200));
  fs.writeFileSync(path.join(project, "public/img/side.jpg"), await makePhoto(2, 1000, 750));
  fs.writeFileSync(path.join(project, "public/img/logo.png"), await sharp({ create: { width: 300, height: 200, channels: 3, background: "#336699" } }).png().toBuffer());
  return project;
}

describe("a site with pictures", () => {
  let project: string;
  let out: string;
  let firstBuild: string;
  beforeAll(async () => {
    project = await pictureProject();
    out = path.join(project, "dist");
    const { code, stdout, stderr } = await xnews(["build"], project);
    expect(stderr, stdout).toBe("");
    expect(code).toBe(0);
    firstBuild = stdout;
  });

  it("writes each picture's copies at 480, 800 and 1200 px and its own width, never wider, in WebP and the original format", () => {
    const copies = listTree(path.join(out, "img")).sort();
    expect(copies).toEqual(
      [
        "cover.1200w.jpg", "cover.1200w.webp", "cover.480w.jpg", "cover.480w.webp", "cover.800w.jpg", "cover.800w.webp", "cover.jpg",
        "logo.300w.png", "logo.300w.webp", "logo.png",
        "side.1000w.jpg", "side.1000w.webp", "side.480w.jpg", "side.480w.webp", "side.800w.jpg", "side.800w.webp", "side.jpg",
      ].sort(),
    );
    expect(firstBuild).toMatch(/\b\d+ rendered, 0 reused/);
  });

  it("turns a photo stored on its side upright and leaves no EXIF, so no GPS position, in any copy", async () => {
    for (const name of ["cover.1200w.jpg", "cover.1200w.webp", "cover.480w.jpg", "side.800w.jpg", "side.800w.webp"]) {
      const meta = await sharp(path.join(out, "img", name)).metadata();
      expect(meta.exif, name).toBeUndefined();
      expect(meta.orientation ?? 1, name).toBe(1);
    }
    const cover = await sharp(path.join(out, "img/cover.1200w.jpg")).metadata();
    expect([cover.width, cover.height]).toEqual([1200, 1600]);
  });

  it("publishes a JPEG under its own name with the same picture data, its EXIF cut down to the orientation", async () => {
    const given = fs.readFileSync(path.join(project, "public/img/cover.jpg"));
    const published = fs.readFileSync(path.join(out, "img/cover.jpg"));
    const scan = (jpeg: Buffer) => jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(published).equals(scan(given))).toBe(true);
    const before = await sharp(given).metadata();
    const after = await sharp(published).metadata();
    expect(before.exif!.length).toBeGreaterThan(100);
    // 6 bytes "Exif\0\0" and a 26-byte TIFF with the one tag: no GPS, no camera, no time.
    expect(after.exif!.length).toBe(32);
    expect(after.orientation).toBe(6);
    expect([after.width, after.height]).toEqual([before.width, before.height]);
  });

  it("shows the cover above the body in <picture>, sized, loaded at once; body pictures as figures with captions, lazy", () => {
    const $ = readPage(out, ARTICLE);
    const cover = $("figure.cover picture");
    expect(cover.find('source[type="image/webp"]').attr("srcset")).toBe("../../img/cover.480w.webp 480w, ../../img/cover.800w.webp 800w, ../../img/cover.1200w.webp 1200w");
    const img = cover.find("img");
    expect(img.attr("src")).toBe("../../img/cover.1200w.jpg");
    expect(img.attr("srcset")).toBe("../../img/cover.480w.jpg 480w, ../../img/cover.800w.jpg 800w, ../../img/cover.1200w.jpg 1200w");
    expect([img.attr("width"), img.attr("height"), img.attr("alt")]).toEqual(["1200", "1600", "大桥今日通车"]);
    expect(img.attr("loading")).toBeUndefined();
    expect(img.attr("sizes")).toBe("(max-width: 800px) 100vw, 744px");

    const figure = $(".article-body > figure");
    expect(figure).toHaveLength(1);
    expect(figure.find("img").attr("alt")).toBe("桥北端");
    expect(figure.find("img").attr("title")).toBeUndefined();
    expect(figure.find("img").attr("loading")).toBe("lazy");
    expect(figure.find("figcaption").text()).toBe("大桥北端");
    // A picture inside a line of text stays inline in its paragraph.
    expect($(".article-body p img[alt=图标]").attr("src")).toBe("../../img/logo.300w.png");
  });

  it("shows the 组图 as a strip of figures, each with its number and caption", () => {
    const $ = readPage(out, ARTICLE);
    const items = $(".gallery li");
    expect(items).toHaveLength(2);
    expect(items.eq(0).find("figcaption").text()).toBe("1/2桥面");
    expect(items.eq(1).find("figcaption").text()).toBe("2/2");
    expect(items.eq(0).find("img").attr("src")).toBe("../../img/side.1000w.jpg");
    expect(items.eq(1).find("img").attr("alt")).toBe("大桥今日通车");
  });

  it("leaves the headline out of 焦点图, and lists 图片新闻 newest first, each picture inside its story's link", () => {
    const $ = readPage(out, "index.html");
    const focus = $(".focus a.photo-link");
    // The headline is the first featured story; 焦点图 holds the others, so this site's one story is the headline.
    expect($(".headline a").attr("href")).toBe(ARTICLE);
    expect(focus).toHaveLength(0);
    const photos = $(".photos a.photo-link");
    expect(photos.map((_, a) => $(a).attr("href")).get()).toEqual([ARTICLE, "chibi/201812/t20181206_other.html"]);
    expect(photos.eq(0).find("picture img").attr("src")).toBe("img/cover.1200w.jpg");
    expect(photos.eq(0).find("span").text()).toBe("大桥今日通车");
    expect(photos.eq(0).find("img").attr("loading")).toBe("lazy");
  });

  it("writes valid HTML with pictures, figures and the 组图 (html-validate, recommended rules)", () => {
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
    const problems: string[] = [];
    for (const page of listTree(out).filter((f) => f.endsWith(".html"))) {
      const report = validator.validateStringSync(fs.readFileSync(path.join(out, page), "utf8"), page);
      for (const r of report.results) for (const m of r.messages) problems.push(`${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
    expect(problems).toEqual([]);
  });

  it("makes no copy again when no picture changed, and the copies of a picture that changed only", async () => {
    const copies = () => fingerprint(path.join(out, "img"));
    const before = copies();
    const inodes = () => new Map(listTree(path.join(out, "img")).map((f) => [f, fs.statSync(path.join(out, "img", f)).ino]));
    const inodesBefore = inodes();
    fs.appendFileSync(path.join(project, "content/articles/other.md"), "\n又一段。\n");
    const edited = await xnews(["build"], project);
    expect(edited.code, edited.stdout).toBe(0);
    // One story changed: its page and the lists that show it; none of the 14 copies.
    const rendered = Number(/(\d+) rendered/.exec(edited.stdout)![1]);
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(14);
    expect(copies()).toEqual(before);
    expect(inodes()).toEqual(inodesBefore);

    fs.writeFileSync(path.join(project, "public/img/side.jpg"), await makePhoto(4, 1000, 750));
    const changed = await xnews(["build"], project);
    expect(changed.code, changed.stdout).toBe(0);
    const after = copies();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, digest] of after) {
      if (name.startsWith("side.")) expect(digest, name).not.toBe(before.get(name));
      else expect(digest, name).toBe(before.get(name));
    }
  });
});

describe("a bad picture", () => {
  const cases: [string, (project: string) => void, RegExp][] = [
    ["missing", (p) => fs.rmSync(path.join(p, "public/img/side.jpg")), /bridge\.md:8:1 {2}error: gallery picture "\/img\/side\.jpg" names no file under public\/[\s\S]*bridge\.md:14:1 {2}error: picture "\/img\/side\.jpg" names no file/],
    ["not a picture", (p) => fs.writeFileSync(path.join(p, "public/img/side.jpg"), "<html>not a photo</html>"), /bridge\.md:14:1 {2}error: picture "\/img\/side\.jpg" is not an image[\s\S]*other\.md:5:1 {2}error: cover "\/img\/side\.jpg" is not an image/],
    ["cut short", (p) => fs.writeFileSync(path.join(p, "public/img/cover.jpg"), fs.readFileSync(path.join(p, "public/img/cover.jpg")).subarray(0, 40_000)), /bridge\.md:5:1 {2}error: cover "\/img\/cover\.jpg" is cut short: the file ends before the picture does {2}\(copy or download it again/],
    [
      "over 100 megapixels",
      (p) => fs.writeFileSync(path.join(p, "public/img/logo.png"), blackPng(10_050, 10_000)),
      /bridge\.md:9:1 {2}error: gallery picture "\/img\/logo\.png" is 10050×10000 pixels \(101 megapixels\), over the 100-megapixel limit {2}\(scale it down before adding it\)/,
    ],
  ];

  it.each(cases)("%s: a located error, and the site built before is left as it was", async (_, spoil, message) => {
    const project = await pictureProject();
    expect((await xnews(["build"], project)).code).toBe(0);
    const before = fingerprint(path.join(project, "dist"));
    spoil(project);
    const { code, stdout, stderr } = await xnews(["build"], project);
    expect(code).toBe(1);
    expect(stdout + stderr).toMatch(message);
    expect(stdout + stderr).toContain("Nothing was written; the previous site is unchanged.");
    expect(stdout + stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(path.join(project, "dist"))).toEqual(before);
  });

  it("an SVG carrying a script, named in a body: an error at its line", async () => {
    const project = await pictureProject();
    fs.writeFileSync(path.join(project, "public/img/map.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    fs.appendFileSync(path.join(project, "content/articles/other.md"), "\n![地图](/img/map.svg)\n");
    const { code, stdout } = await xnews(["check"], project);
    expect(code).toBe(1);
    expect(stdout).toMatch(/other\.md:10:1 {2}error: picture "\/img\/map\.svg" carries a script {2}\(remove the script, or save the picture as PNG\)/);
  });
});

it("xnews dev makes the same copies as a build", async () => {
  const project = await pictureProject();
  const built = path.join(project, "built");
  expect((await xnews(["build", "--out", built], project)).code).toBe(0);
  const session = new DevSession(pathsOf(project, path.join(project, "dev-out")));
  const report = session.start();
  expect(report.problems.filter((d) => d.severity === "error")).toEqual([]);
  expect(fingerprint(path.join(project, "dev-out", "img"))).toEqual(fingerprint(path.join(built, "img")));
});
