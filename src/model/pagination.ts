// Splitting a list of stories into list pages.

export interface PageSlice {
  /** 1-based page number. */
  number: number;
  start: number;
  end: number;
}

/** Every list has at least one page, even when it holds no story yet. */
export function paginate(count: number, pageSize: number): PageSlice[] {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  return Array.from({ length: pages }, (_, i) => ({ number: i + 1, start: i * pageSize, end: Math.min(count, (i + 1) * pageSize) }));
}

export type PagerItem = { kind: "page"; number: number } | { kind: "gap" };

/** The numbered links of a pager: the first, the last and a window around the current page. */
export function pagerNumbers(current: number, total: number, window = 2): PagerItem[] {
  const wanted = new Set<number>([1, total]);
  for (let n = current - window; n <= current + window; n++) if (n >= 1 && n <= total) wanted.add(n);
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: PagerItem[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) out.push({ kind: "gap" });
    out.push({ kind: "page", number: n });
  });
  return out;
}
