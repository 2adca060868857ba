// Readable ASCII names for Chinese text, for ids and addresses: 周阳 → zhouyang, 质量强市 →
// zhiliangqiangshi. Tone marks go; Latin words and digits stay as they are, lower case.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let pinyinOf: typeof import("pinyin-pro").pinyin | undefined;

/** The words of `text` in pinyin and ASCII, lower case; the first `words` of them when given. */
export function pinyinSlug(text: string, words = Infinity): string {
  // Loaded on first use: a site with no Chinese name to spell never pays for the dictionary.
  pinyinOf ??= (require("pinyin-pro") as typeof import("pinyin-pro")).pinyin;
  const tokens = pinyinOf(text, { toneType: "none", type: "array", nonZh: "consecutive", v: true })
    .flatMap((t) => t.toLowerCase().split(/[^a-z0-9]+/))
    .filter(Boolean);
  return tokens.slice(0, words).join("");
}

/**
 * A slug for each name, from its pinyin, unique among them. Names that read alike (周阳, 周扬) are
 * told apart in the order they come: the first keeps zhouyang, the next is zhouyang-2 … so a
 * caller that lists names by their first appearance (oldest story first) keeps each one's address
 * when a new name that reads alike comes later. `fixed` holds slugs chosen by hand; `fallback`
 * is used for a name with no letters to spell (only punctuation, say).
 */
export function uniqueSlugs(names: Iterable<string>, fixed: ReadonlyMap<string, string> = new Map(), fallback = "x"): Map<string, string> {
  const slugs = new Map(fixed);
  const taken = new Set(fixed.values());
  const next = new Map<string, number>();
  for (const name of names) {
    if (slugs.has(name)) continue;
    const base = pinyinSlug(name) || fallback;
    let n = next.get(base) ?? 1;
    let slug = n === 1 ? base : `${base}-${n}`;
    while (taken.has(slug)) slug = `${base}-${++n}`;
    next.set(base, n + 1);
    taken.add(slug);
    slugs.set(name, slug);
  }
  return slugs;
}
