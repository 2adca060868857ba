// Raw HTML in bodies, when a site allows it, goes through a well-kept sanitiser: no script, no
// event handlers, no javascript: URLs, iframes only from the hosts the site lists.
import { createRequire } from "node:module";
import type sanitizeHtmlType from "sanitize-html";

// Loaded only for sites that allow raw HTML: it brings a CSS parser and an HTML parser along.
const require = createRequire(import.meta.url);

/** `ownSchemes`: URL schemes of xnews's own markers, kept so they can be resolved later. */
export function createSanitizer(iframeHosts: readonly string[], ownSchemes: readonly string[]): (html: string) => string {
  const sanitizeHtml = require("sanitize-html") as typeof sanitizeHtmlType;
  const options: sanitizeHtmlType.IOptions = {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "picture", "figure", "figcaption", "video", "audio", "source", ...(iframeHosts.length ? ["iframe"] : [])],
    allowedAttributes: {
      a: ["href", "title", "name", "target", "rel"],
      img: ["src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"],
      video: ["src", "controls", "width", "height", "poster"],
      audio: ["src", "controls"],
      source: ["src", "srcset", "sizes", "type"],
      iframe: ["src", "width", "height", "title", "allow", "allowfullscreen"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      "*": ["class", "lang", "dir"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel", ...ownSchemes],
    allowedSchemesByTag: { img: ["http", "https", "data", ...ownSchemes] },
    allowProtocolRelative: false,
    allowedIframeHostnames: [...iframeHosts],
    allowIframeRelativeUrls: false,
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener" }) },
    // An iframe whose source was not allowed is dropped whole, not left as an empty frame.
    exclusiveFilter: (frame) => frame.tag === "iframe" && !frame.attribs.src,
  };
  return (html) => sanitizeHtml(html, options);
}
