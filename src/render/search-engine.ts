// Search in the reader's browser, over the files render/search-files.ts writes. It loads only what
// a query needs: the title index files of the query's bigrams, then year by year, newest first,
// the text index files of those bigrams, and the texts of the candidate stories, which decide
// (a story is a result only if its title or text holds every word as written, folded). Nothing
// is fetched: every file is a script that hands its data to `hub`, so search works from disk too.
//
// The function stands alone (the search script carries its source): it uses nothing but its
// arguments and what every browser has. Tests run it in Node with a loader that reads the files.

/** The text functions of render/search-text.ts, handed in. */
export interface SearchText {
  foldText(text: string): string;
  isSpace(c: number): boolean;
  eachBigram(folded: string, visit: (code: number) => void): void;
  bucketOf(code: number, buckets: number): number;
}

export interface SearchManifest {
  /** Files of the title index. */
  titleBuckets: number;
  /** Stories in each file of stories. */
  storiesPerFile: number;
  /** Years, newest first: each year's index files, and its months (key "YYYYMM" and stories), newest first. */
  years: { year: string; buckets: number; months: [string, number][] }[];
  /** Channel names, by slug. */
  channels: Record<string, string>;
}

/** A story as its search file holds it: address from the site root, title, day, channel, text. */
export interface SearchDoc {
  u: string;
  t: string;
  d: string;
  c: string;
  x: string;
}

export interface SearchHit {
  doc: SearchDoc;
  /** Whether the title holds every word. */
  inTitle: boolean;
  /** The title in plain and marked pieces (odd indexes marked). */
  title: string[];
  /** A stretch of the text around the first hit, in plain and marked pieces. */
  excerpt: string[];
  /** The stretch starts or ends inside the text. */
  cutBefore: boolean;
  cutAfter: boolean;
}

export interface SearchPage {
  hits: SearchHit[];
  /** How many results come before this page's. */
  first: number;
  /** The number of results, once every candidate has been looked at. */
  total?: number;
  /** Whether a later page may have results. */
  more: boolean;
}

export interface Search {
  words: string[];
  /** No word of two characters or more to look up. */
  tooShort: boolean;
  page(n: number): Promise<SearchPage>;
}

export interface SearchHub {
  manifest(m: SearchManifest): void;
  add(file: string, postings: Record<string, Record<string, string>>): void;
  /** Stories of a month from number `from` on. */
  docs(month: string, from: number, docs: SearchDoc[]): void;
}

/** Where the files are, from the site's root: the route functions of model/search-layout.ts, handed in. */
export interface SearchRoutes {
  manifest: string;
  doc(month: string, n: number, perFile: number): string;
  text(year: string, bucket: number): string;
  title(bucket: number): string;
}

/** `load(path)` runs the script at `path` (from the site root) and resolves once it has. */
export function searchEngine(text: SearchText, routes: SearchRoutes, load: (path: string) => Promise<void>, perPage: number) {
  let manifest: SearchManifest | undefined;
  const files = new Map<string, Record<string, Record<string, string>>>();
  const docs = new Map<string, SearchDoc>();
  /** Each loaded story's title and title with text, folded once. */
  const foldedDocs = new Map<string, { title: string; all: string }>();
  const loading = new Map<string, Promise<void>>();

  const hub: SearchHub = {
    manifest: (m) => {
      manifest = m;
    },
    add: (file, postings) => {
      files.set(file, postings);
    },
    docs: (month, from, list) => {
      list.forEach((doc, i) => docs.set(`${month}/${from + i}`, doc));
    },
  };

  function loadOnce(path: string): Promise<void> {
    let p = loading.get(path);
    if (!p) {
      p = load(path);
      loading.set(path, p);
    }
    return p;
  }

  async function theManifest(): Promise<SearchManifest> {
    await loadOnce(routes.manifest);
    if (!manifest) throw new Error(`${routes.manifest} did not load`);
    return manifest;
  }

  /** A posting list (gaps, or a bitmap: render/search-postings.ts) as a bitmap of the month's `count` stories. */
  function bitsOf(encoded: string, count: number): Uint8Array {
    const raw = atob(encoded);
    const bits = new Uint8Array((count + 7) >> 3);
    if (raw.charCodeAt(0) === 1) {
      for (let i = 0; i < bits.length; i++) bits[i] = raw.charCodeAt(1 + i);
      return bits;
    }
    let doc = -1;
    for (let i = 1; i < raw.length; ) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = raw.charCodeAt(i++);
        gap += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      doc += gap;
      bits[doc >> 3]! |= 1 << (doc & 7);
    }
    return bits;
  }

  /**
   * The stories of some months holding every bigram in `codes`, per the index files named by
   * `fileOf`: keys "YYYYMM/n", newest first. `months` is each month with its stories, newest first.
   */
  async function candidates(codes: number[], months: [string, number][], fileOf: (code: number) => string): Promise<string[]> {
    const names = codes.map(fileOf);
    await Promise.all([...new Set(names)].map(loadOnce));
    const keys: string[] = [];
    for (const [month, count] of months) {
      let found: Uint8Array | undefined;
      let any = true;
      for (let i = 0; i < codes.length && any; i++) {
        const code = codes[i]!;
        const encoded = files.get(names[i]!)?.[String.fromCharCode(code >>> 16, code & 0xffff)]?.[month];
        if (encoded === undefined) any = false;
        else if (!found) found = bitsOf(encoded, count);
        else {
          const bits = bitsOf(encoded, count);
          any = false;
          for (let b = 0; b < found.length; b++) if ((found[b]! &= bits[b]!)) any = true;
        }
      }
      if (!any || !found) continue;
      for (let doc = count - 1; doc >= 0; doc--) if (found[doc >> 3]! & (1 << (doc & 7))) keys.push(`${month}/${doc}`);
    }
    return keys;
  }

  function docFile(key: string, perFile: number): string {
    const [month, n] = key.split("/");
    return routes.doc(month!, Number(n), perFile);
  }

  function holdsAll(folded: string, words: string[]): boolean {
    for (const w of words) if (folded.indexOf(w) < 0) return false;
    return true;
  }

  /** The stretch of the text around the first hit (its opening if only the title holds one). */
  function excerptOf(doc: SearchDoc, forms: { title: string; all: string }, words: string[]): Pick<SearchHit, "title" | "excerpt" | "cutBefore" | "cutAfter"> {
    const body = doc.x;
    // Folding keeps every unit in its place: the text's folded form follows the title's and a newline.
    const foldedBody = forms.all.slice(doc.t.length + 1);
    // Around the earliest hit of any word; a cut never splits a surrogate pair.
    let at = -1;
    for (const w of words) {
      const i = foldedBody.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    let start = Math.max(0, at - 30);
    let end = Math.min(body.length, Math.max(at, 0) + 90);
    if (start > 0 && (body.charCodeAt(start) & 0xfc00) === 0xdc00) start--;
    if (end < body.length && (body.charCodeAt(end - 1) & 0xfc00) === 0xd800) end++;
    return { title: marked(doc.t, forms.title, words), excerpt: marked(body.slice(start, end), foldedBody.slice(start, end), words), cutBefore: start > 0, cutAfter: end < body.length };
  }

  /** `shown` cut into plain and marked pieces (plain, marked, plain …), every word marked where `folded` holds it. */
  function marked(shown: string, folded: string, words: string[]): string[] {
    const marks = new Uint8Array(shown.length);
    for (const w of words) for (let i = folded.indexOf(w); i >= 0; i = folded.indexOf(w, i + 1)) marks.fill(1, i, i + w.length);
    const pieces = [""];
    for (let i = 0; i < shown.length; i++) {
      if (marks[i] !== (pieces.length - 1) % 2) pieces.push("");
      pieces[pieces.length - 1] += shown.charAt(i);
    }
    return pieces;
  }

  /** Bigrams of a word that between them cover every character of it: every other one, and the last. */
  function covering(word: string): number[] {
    const all: number[] = [];
    text.eachBigram(word, (code) => all.push(code));
    return all.filter((_, i) => i % 2 === 0 || i === all.length - 1);
  }

  function search(query: string): Search {
    const words: string[] = [];
    let word = "";
    const folded = text.foldText(query);
    for (let i = 0; i <= folded.length; i++) {
      if (i < folded.length && !text.isSpace(folded.charCodeAt(i))) word += folded.charAt(i);
      else if (word) {
        if (!words.includes(word)) words.push(word);
        word = "";
      }
    }
    // Enough bigrams to cover each word, not all of them: a 6-character word needs 3 index files,
    // not 5, and the texts of the candidates decide anyway.
    const codes = [...new Set(words.flatMap(covering))];
    const titleHits: SearchHit[] = [];
    const otherHits: SearchHit[] = [];
    const inTitle = new Set<string>();
    let titleQueue: string[] | undefined;
    let yearsDone = 0;
    let textQueue: string[] = [];

    async function verify(keys: string[], title: boolean): Promise<void> {
      const { storiesPerFile } = await theManifest();
      await Promise.all([...new Set(keys.map((k) => docFile(k, storiesPerFile)))].map(loadOnce));
      for (const key of keys) {
        const doc = docs.get(key);
        if (!doc) throw new Error(`${docFile(key, storiesPerFile)} does not hold story ${key}: build the site again`);
        let forms = foldedDocs.get(key);
        if (!forms) foldedDocs.set(key, (forms = { title: text.foldText(doc.t), all: text.foldText(`${doc.t}\n${doc.x}`) }));
        const titleHolds = holdsAll(forms.title, words);
        if (title) {
          if (titleHolds) {
            inTitle.add(key);
            titleHits.push({ doc, inTitle: true, ...excerptOf(doc, forms, words) });
          }
        } else if (!inTitle.has(key) && holdsAll(forms.all, words)) {
          otherHits.push({ doc, inTitle: false, ...excerptOf(doc, forms, words) });
        }
      }
    }

    /** Starts loading the text index files of `years`, to be ready when they are looked at. */
    function preload(years: SearchManifest["years"]): void {
      for (const year of years) for (const code of codes) loadOnce(routes.text(year.year, text.bucketOf(code, year.buckets))).catch(() => {});
    }

    /** Looks at candidates until `wanted` results are known, or every candidate has been seen. */
    async function fill(wanted: number): Promise<boolean> {
      const m = await theManifest();
      if (!titleQueue) {
        // The newest year's files load with the titles': most queries need no other year.
        preload(m.years.slice(0, 1));
        titleQueue = await candidates(codes, m.years.flatMap((y) => y.months), (code) => routes.title(text.bucketOf(code, m.titleBuckets)));
      }
      // As many stories as results still wanted are loaded at a time: few candidates are not results.
      while (titleQueue.length && titleHits.length < wanted) await verify(titleQueue.splice(0, wanted - titleHits.length), true);
      if (titleQueue.length) return true;
      while (titleHits.length + otherHits.length < wanted) {
        if (!textQueue.length) {
          if (yearsDone === m.years.length) return false;
          // Past the newest year, the query is rare: every older year's files load at once.
          if (yearsDone === 1) preload(m.years.slice(1));
          const year = m.years[yearsDone++]!;
          textQueue = await candidates(codes, year.months, (code) => routes.text(year.year, text.bucketOf(code, year.buckets)));
          continue;
        }
        await verify(textQueue.splice(0, wanted - titleHits.length - otherHits.length), false);
      }
      return textQueue.length > 0 || yearsDone < m.years.length;
    }

    return {
      words,
      tooShort: codes.length === 0,
      async page(n) {
        if (!codes.length) return { hits: [], first: 0, total: 0, more: false };
        const from = (n - 1) * perPage;
        // One result past the page says whether there is a next one.
        const left = await fill(from + perPage + 1);
        const all = titleHits.concat(otherHits);
        return { hits: all.slice(from, from + perPage), first: from, total: left ? undefined : all.length, more: all.length > from + perPage };
      },
    };
  }

  /** A channel's name (once a search has read the manifest). */
  function channel(slug: string): string {
    return manifest?.channels[slug] ?? slug;
  }

  return { hub, search, channel };
}
