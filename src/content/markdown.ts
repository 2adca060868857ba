// Markdown bodies: read once for what lists show of them (the lead, a snippet's text, a hash of
// the source), rendered to HTML only when the story's own page is rendered.
import { hash } from "../hash.js";
import MarkdownIt, { type Token } from "markdown-it";
import { cutTeaser, snippetTeaser, SUMMARY_LENGTH, TEASER_LENGTH } from "./teaser.js";
import { createSanitizer } from "./sanitize.js";
import type { PictureRef } from "./story-pictures.js";

/**
 * Root-relative links in a body ("/img/a.jpg") depend on where the page is written, which the body
 * does not know. They are rendered with this marker, and the page renderer puts the page's path
 * to the site root in its place, so links work from disk, a server root and a sub-path alike.
 */
export const ROOT_MARKER = "xnews-root:/";

/** What the rest of the site shows of a body, and a fingerprint of the body as it will render. */
export interface BodyDigest {
  /** The lead paragraph (a snippet's whole text) cut for 相关新闻. */
  teaser: string;
  /** The lead paragraph cut for channel lists, when the story has no summary. */
  lead: string;
  /** A hash of the Markdown source and the options it is rendered with. */
  hash: string;
}


/** What else one reading of a body finds, for the story's words and its checks. */
export interface BodyReading {
  /** The whole text, as a reader sees it. */
  text: string;
  /** The site's pictures in it (root-relative sources, decoded), with their lines counted from the body's first (0). */
  pictures: PictureRef[];
  /** Nothing a reader would see: no text, no picture, no raw HTML or code. */
  empty: boolean;
}

export interface MarkdownRenderer {
  /** The digest; `seen` is handed what else the same parse found. */
  digest(body: string, kind: "article" | "snippet" | "standalone", seen?: (reading: BodyReading) => void): BodyDigest;
  /** The body as HTML; `picture` gives the markup of a site's picture (by its decoded path), else a plain <img> is made. */
  html(body: string, picture?: PictureMarkup): string;
  /** The text a reader sees, a line per block: what search looks in. */
  text(body: string): string;
  /** The digest's hash alone. */
  hash(body: string): string;
}

/** The markup of the site's picture at `src` ("/img/a.jpg"), described by `alt`; undefined to leave it a plain <img>. */
export type PictureMarkup = (src: string, alt: string) => string | undefined;

export interface MarkdownOptions {
  /** Raw HTML in bodies; when on, the result is sanitised. */
  html: boolean;
  /** Hosts an <iframe> may come from, when raw HTML is on. */
  iframeHosts: string[];
}

export function createMarkdown(options: MarkdownOptions): MarkdownRenderer {
  const md = new MarkdownIt({ html: options.html, linkify: false, typographer: false });
  const rootRelative = (tokens: Token[], idx: number, attr: string) => {
    const value = String(tokens[idx]!.attrGet(attr) ?? "");
    if (value && value.startsWith("/") && !value.startsWith("//")) tokens[idx]!.attrSet(attr, ROOT_MARKER + value.slice(1));
  };
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((t, i, o, _e, self) => self.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
    rootRelative(tokens, idx, "href");
    return defaultLinkOpen(tokens, idx, opts, env, self);
  };
  const defaultImage = md.renderer.rules.image!;
  md.core.ruler.after("inline", "figures", (state) => markFigures(state.tokens));
  md.renderer.rules.image = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!;
    const inFigure = token.meta?.figure === true;
    const caption = inFigure ? String(token.attrGet("title") ?? "") : "";
    const src = sitePictureSource(String(token.attrGet("src") ?? ""));
    let html = src === undefined ? undefined : (env as { picture?: PictureMarkup } | undefined)?.picture?.(src, self.renderInlineAsText(token.children ?? [], opts, env));
    if (html === undefined) {
      rootRelative(tokens, idx, "src");
      // A figure's title is its caption, shown below it: not a tooltip as well.
      if (caption) token.attrs = (token.attrs ?? []).filter(([name]) => name !== "title");
      html = defaultImage(tokens, idx, opts, env, self);
    }
    return caption ? `${html}<figcaption>${md.utils.escapeHtml(caption)}</figcaption>` : html;
  };

  const sanitize = options.html ? createSanitizer(options.iframeHosts, [ROOT_MARKER.split(":")[0]!]) : (html: string) => html;
  const salt = JSON.stringify(options);
  return {
    digest(body, kind, seen) {
      const tokens = md.parse(body, {});
      const lead = leadText(tokens);
      const all = kind === "snippet" || seen ? allText(tokens) : "";
      if (seen) {
        const pictures = picturesIn(tokens);
        seen({ text: all, pictures, empty: !all.trim() && !pictures.length && !tokens.some((t) => SHOWN_BLOCKS.has(t.type)) });
      }
      return {
        teaser: kind === "snippet" ? snippetTeaser(all) : cutTeaser(lead, TEASER_LENGTH),
        lead: cutTeaser(lead, SUMMARY_LENGTH),
        hash: bodyHash(salt, body),
      };
    },
    hash: (body) => bodyHash(salt, body),
    html(body, picture) {
      const tokens = md.parse(body, {});
      demoteTopHeadings(tokens);
      return sanitize(md.renderer.render(tokens, md.options, { picture }));
    },
    text: (body) => blockLines(md.parse(body, {}), md.utils.unescapeAll),
  };
}

function bodyHash(salt: string, body: string): string {
  return hash(`${salt}\0${body}`);
}

/**
 * A paragraph that is one picture alone (![alt](/img/a.jpg "图注")) becomes a <figure>, the
 * picture's title its <figcaption>: a picture set apart from the text, as a newspaper prints it.
 */
function markFigures(tokens: Token[]): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.type !== "paragraph_open" || open.hidden) continue;
    const parts = (tokens[i + 1]!.children ?? []).filter((c) => !(c.type === "text" && !c.content.trim()) && c.type !== "softbreak");
    if (parts.length !== 1 || parts[0]!.type !== "image") continue;
    open.tag = tokens[i + 2]!.tag = "figure";
    parts[0]!.meta = { ...parts[0]!.meta, figure: true };
  }
}

/** The page's title is its only <h1>; a "# heading" in a body becomes <h2>. */
function demoteTopHeadings(tokens: Token[]): void {
  for (const t of tokens) if ((t.type === "heading_open" || t.type === "heading_close") && t.tag === "h1") t.tag = "h2";
}

/** The first paragraph with text. A paragraph of photos is passed over: its alt text describes a photo, not the story. */
function leadText(tokens: Token[]): string {
  for (let i = 0; i < tokens.length - 1; i++) {
    if (tokens[i]!.type === "paragraph_open" && tokens[i]!.level === 0 && !isOnlyImages(tokens[i + 1]!)) {
      const text = inlineText(tokens[i + 1]!);
      if (text) return text;
    }
  }
  return "";
}

/** Whether an inline run holds images (linked or not) and nothing else but breaks and white space. */
function isOnlyImages(inline: Token): boolean {
  let images = 0;
  for (const child of inline.children ?? []) {
    if (child.type === "image") images++;
    else if (child.type === "text" ? child.content.trim() !== "" : !AROUND_IMAGES.has(child.type)) return false;
  }
  return images > 0;
}

const AROUND_IMAGES = new Set(["softbreak", "hardbreak", "link_open", "link_close"]);

/** Blocks a reader sees besides text and pictures. */
const SHOWN_BLOCKS = new Set(["html_block", "fence", "code_block", "hr"]);

/** The body's pictures that are the site's own files ("/img/a.jpg"), in order, each with its block's line. */
function picturesIn(tokens: Token[]): PictureRef[] {
  const pictures: PictureRef[] = [];
  for (const t of tokens) {
    if (t.type !== "inline") continue;
    for (const child of t.children ?? []) {
      if (child.type !== "image") continue;
      const src = sitePictureSource(String(child.attrGet("src") ?? ""));
      if (src) pictures.push({ src, line: t.map?.[0] });
    }
  }
  return pictures;
}

/**
 * "/img/a.jpg" as the file under public/ it names, or undefined for a picture elsewhere. markdown-it
 * gives sources percent-encoded ("/img/%E5%9B%BE.jpg"); files are named as written.
 */
export function sitePictureSource(src: string): string | undefined {
  if (!src.startsWith("/") || src.startsWith("//")) return undefined;
  try {
    return src
      .replace(/[?#].*$/, "")
      .split("/")
      .map(decodeURIComponent)
      .join("/");
  } catch {
    return undefined;
  }
}

function allText(tokens: Token[]): string {
  const text = new TextJoiner();
  for (const t of tokens) if (t.type === "inline") text.add(inlineText(t));
  return text.toString();
}

function blockLines(tokens: Token[], unescape: (text: string) => string): string {
  const lines: string[] = [];
  for (const t of tokens) {
    if (t.type === "inline") lines.push(inlineText(t));
    else if (t.type === "code_block" || t.type === "fence") lines.push(t.content.trimEnd());
    else if (t.type === "html_block") lines.push(...htmlText(t.content, unescape));
  }
  return lines.filter(Boolean).join("\n");
}

/** The lines a reader sees of raw HTML: no script or style, a line per block, entities decoded. */
function htmlText(html: string, unescape: (text: string) => string): string[] {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<\/?(?:p|div|br|li|h[1-6]|tr|td|th|table|ul|ol|dl|dt|dd|section|article|blockquote|figure|figcaption|pre|hr)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "");
  return unescape(text)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

function inlineText(inline: Token): string {
  // Lines of one paragraph are joined the way the language reads: no space between Chinese lines.
  const text = new TextJoiner();
  let line: string[] = [];
  const endLine = () => {
    text.add(line.join("").trim());
    line = [];
  };
  for (const child of inline.children ?? []) {
    if (child.type === "text" || child.type === "code_inline" || child.type === "image") line.push(child.content);
    else if (child.type === "softbreak" || child.type === "hardbreak") endLine();
  }
  endLine();
  return text.toString();
}

const CJK = /[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/**
 * Text pieces joined once at the end (joining as they come copies the text so far each time, and
 * a long body took seconds). Chinese runs on without spaces; Latin words need one between lines.
 */
class TextJoiner {
  private readonly pieces: string[] = [];

  /** Adds `part` (empty parts are skipped) after the text so far, minus its trailing space. */
  add(part: string): void {
    if (!part) return;
    if (this.pieces.length) {
      // The text so far ends with its last non-empty piece: trimming that piece trims the whole.
      const left = this.trimLast();
      if (!(CJK.test(left.slice(-1)) || CJK.test(part[0]!))) this.pieces.push(" ");
    }
    this.pieces.push(part);
  }

  toString(): string {
    return this.pieces.join("");
  }

  private trimLast(): string {
    while (this.pieces.length) {
      const trimmed = this.pieces[this.pieces.length - 1]!.trimEnd();
      if (trimmed) return (this.pieces[this.pieces.length - 1] = trimmed);
      this.pieces.pop();
    }
    return "";
  }
}
