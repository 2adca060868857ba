// The picture pieces: what a file is (facts or a problem an editor can fix), which variants a
// picture gets, how one is made, and the generated photos. Real files, made with sharp.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { type ImageFacts, type ImageProblem, MAX_PIXELS, isImageProblem, readImageFacts } from "../src/content/image-facts.js";
import { generateCorpus, generateCorpusWithImages } from "../src/gen/corpus.js";
import { makePhoto, photoTagsOf } from "../src/gen/photos.js";
import { VARIANT_OPTIONS_KEY, configureSharpForWorker, makeVariant } from "../src/render/image-variants.js";
import { jpegWithoutMetadata } from "../src/render/jpeg-metadata.js";
import { VARIANT_WIDTHS, variantsOf } from "../src/model/pictures.js";
import { buildProject, fingerprint, listTree, tempDir } from "./helpers/site.js";
import { blackPng } from "./helpers/pictures.js";

let dir: string;

beforeAll(() => {
  configureSharpForWorker();
  dir = tempDir("xnews-images-");
});

/** Writes the bytes to a file in the temp folder and reads them back, as the build will. */
function viaFile(name: string, bytes: Buffer): Buffer {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return fs.readFileSync(file);
}

const grey = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 120, g: 130, b: 140, alpha: channels === 4 ? 0 : 1 } } });

async function factsOf(name: string, bytes: Buffer): Promise<ImageFacts> {
  const read = readImageFacts(viaFile(name, bytes));
  if (isImageProblem(read)) throw new Error(`${name}: ${read.problem}`);
  return read;
}

async function problemOf(name: string, bytes: Buffer): Promise<ImageProblem> {
  const read = readImageFacts(viaFile(name, bytes));
  if (!isImageProblem(read)) throw new Error(`${name} was accepted: ${JSON.stringify(read)}`);
  return read;
}


const svg = (inner: string, attrs = "") => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="150"${attrs}>${inner}</svg>`);

describe("readImageFacts", () => {
  it("reads the format and size of each format browsers show", async () => {
    expect(await factsOf("a.jpg", await grey(64, 48).jpeg().toBuffer())).toEqual({ format: "jpeg", width: 64, height: 48 });
    expect(await factsOf("a.png", await grey(64, 48, 4).png().toBuffer())).toEqual({ format: "png", width: 64, height: 48 });
    expect(await factsOf("a.webp", await grey(64, 48).webp().toBuffer())).toEqual({ format: "webp", width: 64, height: 48 });
    expect(await factsOf("a.gif", await grey(64, 48).gif().toBuffer())).toEqual({ format: "gif", width: 64, height: 48 });
    expect(await factsOf("a.avif", await grey(64, 48).avif().toBuffer())).toEqual({ format: "avif", width: 64, height: 48 });
    expect(await factsOf("a.svg", svg('<rect width="300" height="150" fill="#c00"/>'))).toEqual({ format: "svg", width: 300, height: 150 });
  });

  it("gives the size as displayed: orientations 5 to 8 swap width and height, the others do not", async () => {
    for (const orientation of [5, 6, 7, 8]) {
      const bytes = await grey(64, 48).jpeg().withMetadata({ orientation }).toBuffer();
      expect(await factsOf(`o${orientation}.jpg`, bytes)).toEqual({ format: "jpeg", width: 48, height: 64, orientation });
    }
    const upsideDown = await grey(64, 48).jpeg().withMetadata({ orientation: 3 }).toBuffer();
    expect(await factsOf("o3.jpg", upsideDown)).toEqual({ format: "jpeg", width: 64, height: 48, orientation: 3 });
  });

  it("marks an animated GIF or WebP as animated", async () => {
    const frames = await Promise.all([grey(32, 32).png().toBuffer(), grey(32, 32, 4).png().toBuffer()]);
    const animated = await sharp(frames, { join: { animated: true } }).webp({ delay: [100, 100] }).toBuffer();
    expect(await factsOf("anim.webp", animated)).toEqual({ format: "webp", width: 32, height: 32, animated: true });
  });

  it("says a file that is no picture is not an image", async () => {
    const p = await problemOf("notes.jpg", Buffer.from("这不是图片,是一段文字。\n"));
    expect(p.problem).toMatch(/^is not an image \(or is damaged\): /);
    expect(p.hint).toBe("save it again as JPEG, PNG or WebP");
    expect((await problemOf("empty.jpg", Buffer.alloc(0))).problem).toBe("is empty (0 bytes)");
  });

  it("says a JPEG, PNG or WebP cut short is cut short, whether its header reads or not", async () => {
    const photo = await makePhoto(2, 400, 300);
    expect((await problemOf("cut.jpg", photo.subarray(0, Math.floor(photo.length * 0.6)))).problem).toMatch(/^is cut short/);
    const png = await grey(200, 100).png().toBuffer();
    expect((await problemOf("cut.png", png.subarray(0, png.length - 12))).problem).toMatch(/^is cut short/);
    const webp = await makePhoto(3, 400, 300).then((b) => sharp(b).webp().toBuffer());
    expect((await problemOf("cut.webp", webp.subarray(0, webp.length - 100))).problem).toMatch(/^is cut short/);
    expect((await problemOf("stub.jpg", photo.subarray(0, 100))).problem).toMatch(/^is cut short/);
    // A whole file with bytes after its end (a phone's motion photo) is fine.
    expect(await factsOf("trailer.jpg", Buffer.concat([photo, Buffer.from("ftypmp42 video...")]))).toEqual({ format: "jpeg", width: 400, height: 300 });
  });

  it("refuses a picture over 100 megapixels without decoding it, and says how large it is", async () => {
    const huge = await problemOf("huge.png", blackPng(12000, 9000));
    expect(huge).toEqual({ problem: "is 12000×9000 pixels (108 megapixels), over the 100-megapixel limit", hint: "scale it down before adding it" });
    const justOver = await problemOf("just-over.png", blackPng(10001, 10001));
    expect(justOver.problem).toBe("is 10001×10001 pixels (100.02 megapixels), over the 100-megapixel limit");
    expect(await factsOf("at-limit.png", blackPng(10000, 10000))).toEqual({ format: "png", width: 10000, height: 10000 });
    expect(MAX_PIXELS).toBe(100_000_000);
  });

  it("refuses formats browsers cannot show, naming them", async () => {
    const tiff = await problemOf("scan.tif", await grey(64, 48).tiff().toBuffer());
    expect(tiff).toEqual({ problem: "is a TIFF file, which browsers cannot show", hint: "save it again as JPEG, PNG or WebP" });
  });

  it("refuses an SVG carrying a script, however it is spelt", async () => {
    const carriers = {
      script: '<script>alert(1)</script><rect width="10" height="10"/>',
      prefixedScript: '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>',
      onload: '<rect width="10" height="10" onload="alert(1)"/>',
      onclickSpaced: '<rect width="10" height="10" ONCLICK = "alert(1)"/>',
      href: '<a href="javascript:alert(1)"><rect width="10" height="10"/></a>',
      xlinkHref: '<a xlink:href=" JavaScript:alert(1)"><rect width="10" height="10"/></a>',
      decimalEntity: '<a href="&#106;avascript:alert(1)"><rect width="10" height="10"/></a>',
      paddedEntities: '<a href="&#x6A;&#0000097;vascript&#x3A;alert(1)"><rect width="10" height="10"/></a>',
      tabInside: '<a href="java&#x09;script:alert(1)"><rect width="10" height="10"/></a>',
      newlineInside: '<a href="java\nscript:alert(1)"><rect width="10" height="10"/></a>',
      setTo: '<a><set attributeName="href" to="javascript:alert(1)"/><rect width="10" height="10"/></a>',
      foreignObject: '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    };
    for (const [name, inner] of Object.entries(carriers)) {
      const p = await problemOf(`${name}.svg`, svg(inner));
      expect(p, name).toEqual({ problem: "carries a script", hint: "remove the script, or save the picture as PNG" });
    }
    const entity = await problemOf("entity.svg", Buffer.from(`<!DOCTYPE svg [<!ENTITY j "javascript:">]>${svg('<a href="&j;alert(1)"/>').toString()}`));
    expect(entity.problem).toMatch(/^declares its own XML entities/);
  });

  it("accepts a clean SVG with links, styles and text", async () => {
    const clean = svg(
      '<style>.a{fill:#c00}</style><a href="https://www.xnnews.com.cn/"><rect class="a" width="300" height="150"/></a><text x="10" y="20">咸宁 online</text>',
      ' viewBox="0 0 300 150"',
    );
    expect(await factsOf("clean.svg", clean)).toEqual({ format: "svg", width: 300, height: 150 });
  });
});

describe("variantsOf", () => {
  const facts = (width: number, height: number, format: ImageFacts["format"] = "jpeg"): ImageFacts => ({ format, width, height });

  it("offers 480, 800 and 1200 of a large photo, WebP before the original's format, beside it", () => {
    expect(variantsOf("img/a.jpg", facts(4000, 3000))).toEqual([
      { route: "img/a.480w.webp", width: 480, height: 360, format: "webp" },
      { route: "img/a.480w.jpg", width: 480, height: 360, format: "jpeg" },
      { route: "img/a.800w.webp", width: 800, height: 600, format: "webp" },
      { route: "img/a.800w.jpg", width: 800, height: 600, format: "jpeg" },
      { route: "img/a.1200w.webp", width: 1200, height: 900, format: "webp" },
      { route: "img/a.1200w.jpg", width: 1200, height: 900, format: "jpeg" },
    ]);
    expect(VARIANT_WIDTHS).toEqual([480, 800, 1200]);
  });

  it("never upscales: a narrower picture gets the widths below its own, and its own", () => {
    const widths = (v: { width: number }[]) => v.map((x) => x.width);
    expect(widths(variantsOf("img/b.jpg", facts(1000, 750)))).toEqual([480, 480, 800, 800, 1000, 1000]);
    expect(variantsOf("img/b.jpg", facts(1000, 750)).at(-1)).toEqual({ route: "img/b.1000w.jpg", width: 1000, height: 750, format: "jpeg" });
    expect(variantsOf("c.png", facts(300, 200, "png"))).toEqual([
      { route: "c.300w.webp", width: 300, height: 200, format: "webp" },
      { route: "c.300w.png", width: 300, height: 200, format: "png" },
    ]);
    expect(widths(variantsOf("img/d.jpg", facts(1200, 800)))).toEqual([480, 480, 800, 800, 1200, 1200]);
    expect(widths(variantsOf("img/e.jpg", facts(800, 533)))).toEqual([480, 480, 800, 800]);
  });

  it("keeps the aspect ratio, rounded, for a portrait photo too", () => {
    expect(variantsOf("img/p.jpg", facts(3000, 4000)).map((v) => `${v.width}x${v.height}`)).toEqual(["480x640", "480x640", "800x1067", "800x1067", "1200x1600", "1200x1600"]);
  });

  it("makes none of a GIF, an animated WebP or an SVG; one WebP per width of a WebP; JPEG beside an AVIF", () => {
    expect(variantsOf("img/a.gif", facts(2000, 1000, "gif"))).toEqual([]);
    expect(variantsOf("img/a.svg", facts(2000, 1000, "svg"))).toEqual([]);
    expect(variantsOf("img/a.webp", { ...facts(2000, 1000, "webp"), animated: true })).toEqual([]);
    expect(variantsOf("img/a.webp", facts(2000, 1000, "webp")).map((v) => v.route)).toEqual(["img/a.480w.webp", "img/a.800w.webp", "img/a.1200w.webp"]);
    expect(variantsOf("img/a.avif", facts(500, 500, "avif")).map((v) => v.route)).toEqual(["img/a.480w.webp", "img/a.480w.jpg", "img/a.500w.webp", "img/a.500w.jpg"]);
  });

  it("names the encoding options and the library versions in its cache key", () => {
    expect(VARIANT_OPTIONS_KEY).toContain("480,800,1200");
    expect(VARIANT_OPTIONS_KEY).toContain(`sharp${sharp.versions.sharp}`);
    expect(VARIANT_OPTIONS_KEY).toContain(`vips${sharp.versions.vips}`);
  });
});

describe("makeVariant", () => {
  /** Seed 9: on its side (orientation 6) and with a GPS position, like a phone photo. */
  const SEED = 9;
  let photo: Buffer;
  let facts: ImageFacts;

  beforeAll(async () => {
    expect(photoTagsOf(SEED)).toEqual({ orientation: 6, gps: true });
    photo = viaFile("phone.jpg", await makePhoto(SEED, 1600, 1200));
    facts = await factsOf("phone.jpg", photo);
  });

  it("makes each variant at its size and in its format, upright, with no metadata left", async () => {
    expect(facts).toEqual({ format: "jpeg", width: 1200, height: 1600, orientation: 6 });
    const variants = variantsOf("img/phone.jpg", facts);
    expect(variants).toHaveLength(6);
    for (const variant of variants) {
      const bytes = await makeVariant(photo, variant);
      const meta = await sharp(bytes).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }, variant.route).toEqual({ format: variant.format, width: variant.width, height: variant.height });
      expect(meta.orientation, variant.route).toBeUndefined();
      expect(meta.exif, variant.route).toBeUndefined();
      expect(meta.xmp, variant.route).toBeUndefined();
      expect(meta.icc, variant.route).toBeUndefined();
      if (variant.format === "jpeg") expect(meta.isProgressive).toBe(true);
    }
  });

  it("gives the same bytes for the same input", async () => {
    for (const variant of variantsOf("img/phone.jpg", facts).slice(0, 2)) {
      const first = await makeVariant(photo, variant);
      const second = await makeVariant(Buffer.from(photo), variant);
      expect(first.equals(second), variant.route).toBe(true);
    }
  });

  it("applies the EXIF orientation: a picture stored on its side comes out upright", async () => {
    // Stored: left half red, right half blue. Orientation 6 shows it turned 90° clockwise: red on top.
    const halves = Buffer.alloc(200 * 100 * 3);
    for (let i = 0; i < 200 * 100; i++) halves.set((i % 200) < 100 ? [220, 20, 20] : [20, 20, 220], i * 3);
    const stored = await sharp(halves, { raw: { width: 200, height: 100, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const upright = await factsOf("sideways.jpg", stored);
    expect(upright).toEqual({ format: "jpeg", width: 100, height: 200, orientation: 6 });
    const [variant] = variantsOf("img/sideways.jpg", upright).filter((v) => v.format === "jpeg");
    const { data } = await sharp(await makeVariant(stored, variant!)).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    expect(pixel(50, 20)[0]).toBeGreaterThan(150); // top: red
    expect(pixel(50, 180)[2]).toBeGreaterThan(150); // bottom: blue
  });

  it("converts a wide-gamut or CMYK picture to sRGB and drops its colour profile", async () => {
    const p3 = await grey(600, 400).jpeg().withIccProfile("p3").toBuffer();
    const cmyk = await grey(600, 400).toColourspace("cmyk").jpeg().toBuffer();
    expect((await sharp(p3).metadata()).icc).toBeDefined();
    for (const [name, source] of [["p3", p3], ["cmyk", cmyk]] as const) {
      const [variant] = variantsOf(`img/${name}.jpg`, await factsOf(`${name}.jpg`, source));
      const meta = await sharp(await makeVariant(source, variant!)).metadata();
      expect({ space: meta.space, channels: meta.channels, icc: meta.icc }, name).toEqual({ space: "srgb", channels: 3, icc: undefined });
    }
  });

  it("keeps a palette PNG a palette PNG, a photo PNG full-colour, and gives a transparent AVIF's JPEG a white ground", async () => {
    const logo = await grey(900, 300).png({ palette: true, colours: 4 }).toBuffer();
    const photoPng = await sharp(await makePhoto(4, 900, 600)).png().toBuffer();
    const pngVariant = async (name: string, source: Buffer) => {
      const variant = variantsOf(`img/${name}.png`, await factsOf(`${name}.png`, source)).find((v) => v.format === "png")!;
      return sharp(await makeVariant(source, variant)).metadata();
    };
    expect((await pngVariant("logo", logo)).isPalette).toBe(true);
    expect((await pngVariant("photo", photoPng)).isPalette).toBe(false);

    const clear = await grey(600, 400, 4).avif().toBuffer();
    const variant = variantsOf("img/clear.avif", await factsOf("clear.avif", clear)).find((v) => v.format === "jpeg")!;
    const { data } = await sharp(await makeVariant(clear, variant)).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].every((c) => c > 245)).toBe(true);
  });

  it("throws on a JPEG damaged past its header rather than publishing grey blocks", async () => {
    const photo = await makePhoto(2, 400, 300);
    const cut = photo.subarray(0, Math.floor(photo.length * 0.6));
    await expect(makeVariant(cut, { route: "img/cut.300w.jpg", width: 300, height: 225, format: "jpeg" })).rejects.toThrow(/premature|truncat|corrupt|end of/i);
  });
});

describe("makePhoto", () => {
  it("makes the same camera-sized JPEG for the same seed, and a different one for another", async () => {
    const first = await makePhoto(7);
    expect(first.length).toBeGreaterThan(1_000_000);
    expect(first.length).toBeLessThan(3_000_000);
    const meta = await sharp(first).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 4000, height: 3000 });
    expect((await makePhoto(7)).equals(first)).toBe(true);
    expect((await makePhoto(8)).equals(first)).toBe(false);
  });

  it("tags some seeds with an orientation and some with a GPS position, as photoTagsOf says", async () => {
    /** The EXIF tag that points to the GPS fields (0x8825), in either byte order. */
    const hasGps = (exif: Buffer | undefined) => !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
    const seen = { orientation: 0, gps: 0 };
    for (let seed = 0; seed < 12; seed++) {
      const tags = photoTagsOf(seed);
      const meta = await sharp(await makePhoto(seed, 64, 48)).metadata();
      expect(meta.orientation ?? 1, `seed ${seed}`).toBe(tags.orientation ?? 1);
      expect(hasGps(meta.exif), `seed ${seed}`).toBe(tags.gps);
      if (tags.orientation) seen.orientation++;
      if (tags.gps) seen.gps++;
    }
    expect(seen.orientation).toBeGreaterThan(0);
    expect(seen.gps).toBeGreaterThan(0);
  });
});

describe("npm run gen -- --images", () => {
  const images = { count: 5, width: 320, height: 240 };

  it("gives every article a cover and some a captioned photo after the lead, and writes the photos under public/", async () => {
    const project = tempDir("xnews-gen-images-");
    const report = await generateCorpusWithImages({ articles: 40, seed: "pics", outDir: project, images });
    expect(report).toMatchObject({ articles: 40, photos: 5, photosKept: false, photoDir: path.join(project, "public/img/gen") });
    expect(listTree(report.photoDir)).toEqual([".xnews-generated", "1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg"]);
    const stories = listTree(path.join(project, "content/articles")).map((f) => fs.readFileSync(path.join(project, "content/articles", f), "utf8"));
    for (const story of stories) expect(story).toMatch(/^cover: "\/img\/gen\/[1-5]\.jpg"$/m);
    const inBody = stories.filter((s) => /^!\[[^\]]+\]\(\/img\/gen\/[1-5]\.jpg "图为.+摄\)"\)$/m.test(s));
    expect(inBody.length).toBeGreaterThan(0);
    expect(inBody.length).toBeLessThan(stories.length);
    // The lead comes first: a story never opens with its picture.
    for (const story of inBody) expect(story.split("---\n")[2]!.trimStart().startsWith("咸宁新闻网讯")).toBe(true);
    const { out } = await buildProject(project);
    expect(fs.existsSync(path.join(out, "img/gen/5.jpg"))).toBe(true);
  });

  it("is deterministic, keeps a photo folder that already holds the same photos, and changes no other line of the stories", async () => {
    const first = tempDir("xnews-gen-images-");
    const second = tempDir("xnews-gen-images-");
    const plain = tempDir("xnews-gen-plain-");
    await generateCorpusWithImages({ articles: 25, seed: "same", outDir: first, images });
    await generateCorpusWithImages({ articles: 25, seed: "same", outDir: second, images });
    expect(fingerprint(second)).toEqual(fingerprint(first));
    const again = await generateCorpusWithImages({ articles: 25, seed: "same", outDir: second, images });
    expect(again.photosKept).toBe(true);

    generateCorpus({ articles: 25, seed: "same", outDir: plain });
    const withoutPictures = (text: string) => text.replace(/^cover: .*\n/m, "").replace(/\n!\[.*\n/, "");
    for (const f of listTree(path.join(plain, "content"))) {
      const withImages = fs.readFileSync(path.join(first, "content", f), "utf8");
      expect(withoutPictures(withImages), f).toBe(fs.readFileSync(path.join(plain, "content", f), "utf8"));
    }
  });
});

describe("jpegWithoutMetadata", () => {
  it("keeps the picture data and the orientation, and leaves out EXIF (GPS), comments and what follows the end marker", async () => {
    const photo = await makePhoto(9, 320, 240); // orientation 6, with GPS
    const jpeg = Buffer.concat([photo, Buffer.from("....ftypmp42 a motion photo's video")]);
    const clean = jpegWithoutMetadata(jpeg, 6);
    const sos = (b: Buffer) => b.indexOf(Buffer.from([0xff, 0xda]));
    expect(clean.subarray(sos(clean)).equals(photo.subarray(sos(photo)))).toBe(true);
    expect(clean.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    const meta = await sharp(clean).metadata();
    expect(meta.orientation).toBe(6);
    expect(meta.exif!.length).toBe(32);
    expect(clean.includes("GPS")).toBe(false);
    expect((await sharp(jpegWithoutMetadata(photo, 1)).metadata()).exif).toBeUndefined();
  });
});
