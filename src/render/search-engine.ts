// Search in the reader's browser, over the files render/search-files.ts writes. It loads only what
// a query needs: the head index files of the query's bigrams (every title, the newest year's
// texts), then the older years' text index files if the newest year is not enough, and the
// candidates' cards (title, address, day, channel, summary) or texts, which decide: a story is a
// title hit if its title holds every word as written (folded), else a result if its title and
// text do. A reader's browser pays for each file it loads more than for its bytes, so each step
// loads all it needs at once, and a title hit's card comes from a file of many. Nothing is
// fetched: every file is a script that hands its data to `hub`, so search works from disk too.
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

/** What a search needs to know before it loads anything: search.html carries it. */
export interface SearchManifest {
  /** Files of the head of the index: every title, and the newest year's texts. */
  headBuckets: number;
  /** Stories in each file of stories. */
  storiesPerFile: number;
  /** Stories in each file of cards. */
  storiesPerCardFile: number;
  /**
   * Years, newest first: each year's text index files (0 for the newest year, in the head files),
   * and its months (key "YYYYMM" and stories), newest first.
   */
  years: { year: string; buckets: number; months: [string, number][] }[];
  /** Channel names, by slug. */
  channels: Record<string, string>;
}

/** For each bigram, per month ("YYYYMM"), its stories as render/search-postings.ts writes them, in base64. */
export type IndexPostings = Record<string, Record<string, string>>;

/** An index file: postings of titles (`t`, in the head files) and of texts (`x`). */
export interface IndexFile {
  t?: IndexPostings;
  x?: IndexPostings;
}

/** A story as its search file holds it: address from the site root, title, day, channel, text (in a card, its summary). */
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
  /** A stretch of the text around the first hit (a title hit's: its summary), in plain and marked pieces. */
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
  /** No word of two characters or more to look up. */
  tooShort: boolean;
  page(n: number): Promise<SearchPage>;
}

export interface SearchHub {
  add(file: string, index: IndexFile): void;
  /** Stories of a month from number `from` on. */
  docs(month: string, from: number, docs: SearchDoc[]): void;
  /** Cards of a month's stories from number `from` on. */
  cards(month: string, from: number, cards: SearchDoc[]): void;
}

/** Where the files are, from the site's root: the route functions of model/search-layout.ts, handed in. */
export interface SearchRoutes {
  doc(month: string, n: number, perFile: number): string;
  card(month: string, n: number, perFile: number): string;
  head(bucket: number): string;
  text(year: string, bucket: number): string;
}

/** `load(path)` runs the script at `path` (from the site root) and resolves once it has. */
export function searchEngine(text: SearchText, routes: SearchRoutes, manifest: SearchManifest, load: (path: string) => Promise<void>, perPage: number) {
  const files = new Map<string, IndexFile>();
  const docs = new Map<string, SearchDoc>();
  const cards = new Map<string, SearchDoc>();
  /** Each story's title and title with text (or summary, from a card) folded once, by card or story. */
  const folded = new Map<SearchDoc, { title: string; all: string }>();
  const loading = new Map<string, Promise<void>>();
  const { years } = manifest;
  const allMonths = years.flatMap((y) => y.months);

  const hub: SearchHub = {
    add: (file, index) => {
      files.set(file, index);
    },
    docs: (month, from, list) => {
      list.forEach((doc, i) => docs.set(`${month}/${from + i}`, doc));
    },
    cards: (month, from, list) => {
      list.forEach((card, i) => cards.set(`${month}/${from + i}`, card));
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

  /** The index file holding a bigram's postings of year `i` (the newest year's, and every title's, in the head). */
  function indexFileOf(i: number, code: number): string {
    const year = years[i]!;
    return i === 0 ? routes.head(text.bucketOf(code, manifest.headBuckets)) : routes.text(year.year, text.bucketOf(code, year.buckets));
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
   * The stories of some months holding every bigram in `codes`, by the `part` postings of the
   * index files of year `i`: keys "YYYYMM/n", newest first. `months` is each month with its
   * stories, newest first.
   */
  async function candidates(codes: number[], months: [string, number][], i: number, part: keyof IndexFile): Promise<string[]> {
    const names = codes.map((code) => indexFileOf(i, code));
    await Promise.all([...new Set(names)].map(loadOnce));
    const keys: string[] = [];
    for (const [month, count] of months) {
      let found: Uint8Array | undefined;
      let any = true;
      for (let c = 0; c < codes.length && any; c++) {
        const code = codes[c]!;
        const encoded = files.get(names[c]!)?.[part]?.[String.fromCharCode(code >>> 16, code & 0xffff)]?.[month];
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

  function docFile(key: string): string {
    const [month, n] = key.split("/");
    return routes.doc(month!, Number(n), manifest.storiesPerFile);
  }

  function cardFile(key: string): string {
    const [month, n] = key.split("/");
    return routes.card(month!, Number(n), manifest.storiesPerCardFile);
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
    const foldedQuery = text.foldText(query);
    for (let i = 0; i <= foldedQuery.length; i++) {
      if (i < foldedQuery.length && !text.isSpace(foldedQuery.charCodeAt(i))) word += foldedQuery.charAt(i);
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
    /** Candidates not yet looked at: by title (every year's), and by text (the years so far'), newest first. */
    let titleQueue: string[] | undefined;
    let textQueue: string[] = [];
    let yearsDone = 0;

    /** A story's card or its text, with their folded forms. */
    function storyOf(key: string, from: Map<string, SearchDoc>, file: (key: string) => string): { doc: SearchDoc; forms: { title: string; all: string } } {
      const doc = from.get(key);
      if (!doc) throw new Error(`${file(key)} does not hold story ${key}: build the site again`);
      let forms = folded.get(doc);
      if (!forms) folded.set(doc, (forms = { title: text.foldText(doc.t), all: text.foldText(`${doc.t}\n${doc.x}`) }));
      return { doc, forms };
    }

    /**
     * Loads the cards of the title candidates and the texts of the text candidates at once; a title
     * candidate is a hit if its title holds every word, a text candidate if its title and text do.
     */
    async function verify(titleKeys: string[], textKeys: string[]): Promise<void> {
      const byTitle = new Set(titleKeys);
      const texts = (keys: string[]) => Promise.all([...new Set(keys.map(docFile))].map(loadOnce));
      await Promise.all([texts(textKeys.filter((key) => !byTitle.has(key))), ...[...new Set(titleKeys.map(cardFile))].map(loadOnce)]);
      for (const key of titleKeys) {
        const { doc, forms } = storyOf(key, cards, cardFile);
        if (!holdsAll(forms.title, words)) continue;
        inTitle.add(key);
        titleHits.push({ doc, inTitle: true, ...excerptOf(doc, forms, words) });
      }
      // A candidate by both whose title does not hold every word: its text decides, loaded now.
      await texts(textKeys.filter((key) => byTitle.has(key) && !inTitle.has(key)));
      for (const key of textKeys) {
        if (inTitle.has(key)) continue;
        const { doc, forms } = storyOf(key, docs, docFile);
        if (holdsAll(forms.all, words)) otherHits.push({ doc, inTitle: false, ...excerptOf(doc, forms, words) });
      }
    }

    /** Starts loading the text index files of every year from the `from`th on, to be ready when they are looked at. */
    function preload(from: number): void {
      for (let i = from; i < years.length; i++) for (const code of codes) loadOnce(indexFileOf(i, code)).catch(() => {});
    }

    /** The text candidates of the next year, if there is one. */
    async function nextYear(): Promise<boolean> {
      if (yearsDone === years.length) return false;
      // Past the newest year, the query is rare: every older year's files load at once.
      if (yearsDone === 1) preload(1);
      const i = yearsDone++;
      textQueue = await candidates(codes, years[i]!.months, i, "x");
      return true;
    }

    /** Looks at candidates until `wanted` results are known, or every candidate has been seen; whether any are left. */
    async function fill(wanted: number): Promise<boolean> {
      if (!titleQueue) {
        // One set of files, the head's, gives the candidates by title and those of the newest year.
        titleQueue = await candidates(codes, allMonths, 0, "t");
        await nextYear();
        // Fewer candidates than results wanted: older years will be needed, so their files load now.
        if (textQueue.length < wanted && new Set(titleQueue.concat(textQueue)).size < wanted) preload(1);
      }
      for (;;) {
        const need = wanted - titleHits.length - otherHits.length;
        if (need <= 0) break;
        // As many stories as results still wanted, title candidates first (title hits rank first);
        // once those are all taken, text candidates load in the same round.
        const titleKeys = titleQueue.splice(0, need);
        const textKeys: string[] = [];
        if (!titleQueue.length) {
          if (!titleKeys.length && !textQueue.length) {
            if (await nextYear()) continue;
            break;
          }
          const taken = new Set(titleKeys);
          let count = 0;
          while (textQueue.length && count < need - titleKeys.length) {
            const key = textQueue.shift()!;
            if (inTitle.has(key)) continue;
            textKeys.push(key);
            if (!taken.has(key)) count++;
          }
        }
        await verify(titleKeys, textKeys);
      }
      return titleQueue.length > 0 || textQueue.length > 0 || yearsDone < years.length;
    }

    return {
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

  /** A channel's name. */
  function channel(slug: string): string {
    return manifest.channels[slug] ?? slug;
  }

  return { hub, search, channel };
}
