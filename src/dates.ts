// Story dates: parsed from front matter text, read in the site's time zone when they carry no
// offset, and shown as the newsroom's wall clock. Hand-written because the rule is ours
// (a date without an offset is local to the site) and Intl already knows every zone.

export interface StoryDate {
  /** Milliseconds since the epoch: what sorting uses. */
  instant: number;
  /** The wall clock in the site's time zone: what readers see and URLs use. */
  local: LocalParts;
  /** Offset from UTC in minutes at that instant, in the site's time zone. */
  offsetMinutes: number;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

export type DateResult = { ok: true; date: StoryDate } | { ok: false; problem: string };

/** Reads "2018-12-07", "2018-12-07 09:30", "2018-12-07T09:30:00+08:00" and the like. */
export function parseStoryDate(text: string, timeZone: string): DateResult {
  const m = DATE_PATTERN.exec(text.trim());
  if (!m) return { ok: false, problem: `"${text}" is not a date in the form YYYY-MM-DD or YYYY-MM-DD HH:mm` };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, problem: `${text.trim()} is not a real date (${year} has no ${month}月${day}日)` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: `${text.trim()} has a time of day that does not exist` };
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const zone = m[7];
  const instant = zone === undefined ? wall - zoneOffsetMinutes(wall, timeZone, true) * 60_000 : wall - parseOffset(zone) * 60_000;
  return { ok: true, date: atInstant(instant, timeZone) };
}

export function atInstant(instant: number, timeZone: string): StoryDate {
  const offsetMinutes = zoneOffsetMinutes(instant, timeZone, false);
  const d = new Date(instant + offsetMinutes * 60_000);
  return {
    instant,
    offsetMinutes,
    local: {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
  };
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** 2018-12-07 */
export function formatDay(d: StoryDate): string {
  return `${d.local.year}-${pad(d.local.month)}-${pad(d.local.day)}`;
}

/** 2018-12-07 09:30 */
export function formatDayTime(d: StoryDate): string {
  return `${formatDay(d)} ${pad(d.local.hour)}:${pad(d.local.minute)}`;
}

/** 2018-12-07T09:30:00+08:00, for <time datetime> and feeds. */
export function formatIso(d: StoryDate): string {
  const sign = d.offsetMinutes < 0 ? "-" : "+";
  const off = Math.abs(d.offsetMinutes);
  return `${formatDay(d)}T${pad(d.local.hour)}:${pad(d.local.minute)}:${pad(d.local.second)}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

export function datePathParts(d: StoryDate): { yyyy: string; mm: string; dd: string } {
  return { yyyy: String(d.local.year), mm: pad(d.local.month), dd: pad(d.local.day) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseOffset(zone: string): number {
  if (zone === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone.startsWith("-") ? -minutes : minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's offset at an instant. When `wallClock` is set, `time` is a wall-clock reading taken
 * as UTC, and the offset is found by trying the offset at that moment and correcting once (enough
 * for every real zone's transitions).
 */
function zoneOffsetMinutes(time: number, timeZone: string, wallClock: boolean): number {
  const first = offsetAt(time, timeZone);
  if (!wallClock) return first;
  return offsetAt(time - first * 60_000, timeZone);
}

const dayOffsets = new Map<string, [number, number]>();
const DAY = 86_400_000;

/**
 * Asking Intl is slow, and a zone's offset changes at most once a day: when the offsets at both
 * ends of a UTC day agree, they hold for the whole day, and are kept for the next story that day.
 */
function offsetAt(instant: number, timeZone: string): number {
  const start = Math.floor(instant / DAY) * DAY;
  const key = `${timeZone}|${start}`;
  let ends = dayOffsets.get(key);
  if (!ends) dayOffsets.set(key, (ends = [computeOffset(start, timeZone), computeOffset(start + DAY - 1, timeZone)]));
  return ends[0] === ends[1] ? ends[0] : computeOffset(instant, timeZone);
}

function computeOffset(instant: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(instant)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}
