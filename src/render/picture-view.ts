// A picture as pages show it: the site's own in <picture> with its WebP and fallback copies by
// width (srcset), sized (width and height, so nothing moves as it loads), lazy below the first
// screen; a picture elsewhere (a web address) as a plain <img>. The markup is made here only:
// templates print it with the `picture` filter, bodies through the Markdown renderer.
import type { Links } from "./links.js";
import type { SiteReader } from "./reader.js";

export interface PictureView {
  /** The <img> src: the largest copy in the original's format, or the file itself. */
  src: string;
  width?: number;
  height?: number;
  /** Every WebP copy, "a.480w.webp 480w, …", for a <source>. */
  webp?: string;
  /** Every copy in the original's format, for the <img>'s srcset. */
  srcset?: string;
  /** How wide the picture is shown, for the browser to pick a copy before the layout is known. */
  sizes: string;
}

/** The article's column: the whole width of a phone, else the main column beside the sidebar. */
export const COLUMN_SIZES = "(max-width: 800px) 100vw, 744px";
/** A card in a grid of pictures (焦点图, 图片新闻): two or more a row on a phone. */
export const CARD_SIZES = "(max-width: 800px) 50vw, 260px";

/** The picture at `src` (a public/ path or a web address), as the page at `links` shows it. */
export function pictureOf(read: SiteReader, links: Links, src: string, sizes: string): PictureView {
  const picture = read.picture(src);
  if (!picture) return { src: links.asset(src), sizes };
  const { variants, facts, route } = picture;
  const webp = variants.filter((v) => v.format === "webp");
  const fallback = variants.filter((v) => v.format !== "webp");
  // A WebP original has WebP copies only: they are the <img>'s own.
  const own = fallback.length ? fallback : webp;
  const largest = own.at(-1);
  // Encoded: a space or a comma in a file's name would split a srcset candidate.
  const to = (r: string) => links.to(r.split("/").map(encodeURIComponent).join("/"));
  const srcset = (list: typeof variants) => list.map((v) => `${to(v.route)} ${v.width}w`).join(", ");
  return {
    src: to(largest?.route ?? route),
    width: largest?.width ?? facts.width,
    height: largest?.height ?? facts.height,
    webp: fallback.length && webp.length ? srcset(webp) : undefined,
    srcset: own.length ? srcset(own) : undefined,
    sizes,
  };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The markup of a picture: `alt` says what it shows; `lazy` for one below the first screen. */
export function pictureHtml(view: PictureView, alt: string, lazy: boolean): string {
  const size = view.width ? ` width="${view.width}" height="${view.height}"` : "";
  const img = `<img src="${escape(view.src)}"${view.srcset ? ` srcset="${escape(view.srcset)}" sizes="${escape(view.sizes)}"` : ""}${size} alt="${escape(alt)}"${lazy ? ' loading="lazy"' : ""} decoding="async">`;
  if (!view.webp) return img;
  return `<picture><source type="image/webp" srcset="${escape(view.webp)}" sizes="${escape(view.sizes)}">${img}</picture>`;
}
