// search.html in the reader's browser: the query from the address (?q=…&page=…), so a search can
// be shared and the back button returns to it; results written with textContent only (no HTML
// from data), each hit in a <mark>; page links are plain links to the same page. The function
// stands alone (the search script carries its source, render/search-files.ts).
import type { SearchHit, SearchPage, searchEngine } from "./search-engine.js";

type Engine = Pick<ReturnType<typeof searchEngine>, "search" | "channel">;

export function searchPage(engine: Engine, root: string, doc: Document, where: Location): void {
  const params = new URLSearchParams(where.search);
  const query = params.get("q") ?? "";
  const pageNo = Math.max(1, Math.floor(Number(params.get("page"))) || 1);
  const input = doc.getElementById("search-q") as HTMLInputElement | null;
  const status = doc.getElementById("search-status");
  const list = doc.getElementById("search-results");
  const pager = doc.getElementById("search-pager");
  if (!status || !list || !pager) return;
  if (input) input.value = query;
  if (!query.trim()) return;
  const search = engine.search(query);
  if (search.tooShort) {
    status.textContent = "请输入至少两个字。";
    return;
  }
  status.textContent = "正在搜索…";

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
    const e = doc.createElement(tag);
    if (className) e.className = className;
    return e;
  }

  function pieces(parent: HTMLElement, parts: string[]): void {
    parts.forEach((part, i) => {
      if (!part) return;
      if (i % 2) {
        const mark = el("mark");
        mark.textContent = part;
        parent.appendChild(mark);
      } else parent.appendChild(doc.createTextNode(part));
    });
  }

  function hitItem(hit: SearchHit): HTMLLIElement {
    const li = el("li");
    const heading = el("h2");
    const a = el("a");
    a.href = root + hit.doc.u;
    pieces(a, hit.title);
    heading.appendChild(a);
    const meta = el("p", "result-meta");
    const time = el("time");
    time.dateTime = hit.doc.d;
    time.textContent = hit.doc.d;
    meta.appendChild(doc.createTextNode(`${engine.channel(hit.doc.c)} `));
    meta.appendChild(time);
    const excerpt = el("p", "excerpt");
    if (hit.cutBefore) excerpt.appendChild(doc.createTextNode("…"));
    pieces(excerpt, hit.excerpt);
    if (hit.cutAfter) excerpt.appendChild(doc.createTextNode("…"));
    li.appendChild(heading);
    li.appendChild(meta);
    li.appendChild(excerpt);
    return li;
  }

  function pageLink(n: number, label: string, rel: string): HTMLAnchorElement {
    const a = el("a");
    a.href = `?${new URLSearchParams({ q: query, page: String(n) }).toString()}`;
    a.rel = rel;
    a.textContent = label;
    return a;
  }

  const show = (page: SearchPage): void => {
    const seen = page.first + page.hits.length;
    if (page.total === 0 || (!page.hits.length && pageNo === 1)) status.textContent = `没有找到含“${query.trim()}”的稿件。`;
    else if (!page.hits.length) status.textContent = `第 ${pageNo} 页没有结果。`;
    else status.textContent = page.total !== undefined ? `共 ${page.total} 条结果，第 ${pageNo} 页` : `${seen} 条以上结果，第 ${pageNo} 页`;
    list!.replaceChildren(...page.hits.map(hitItem));
    pager!.replaceChildren();
    if (pageNo > 1) pager!.appendChild(pageLink(pageNo - 1, "上一页", "prev"));
    if (page.more) pager!.appendChild(pageLink(pageNo + 1, "下一页", "next"));
    // From the start of the search to its results on the page: npm run bench:search reads it.
    performance.measure("xnews:search", "xnews:search-start");
  };
  // The search starts once the page is drawn: the reader sees the page, then its results.
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark("xnews:search-start");
      search.page(pageNo).then(show, (e: Error) => {
        status.textContent = `搜索未能完成：${e.message}`;
      });
    }),
  );
}
