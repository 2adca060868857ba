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

// A YAML timestamp's forms too: "t" or spaces before the time, an offset of hours alone (-5).
const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?[ \t]*(?:([Zz])|([+-])(?:(\d{2}):?(\d{2})|(\d{1,2})))?$/;

/** What a newsroom can mean: four-digit years, and the offsets real zones use. */
export const FIRST_YEAR = 1000;
export const LAST_YEAR = 9999;
const OFFSET_RANGE = "from -12:00 to +14:00";
const YEAR_HINT = "write the year in full, e.g. 2018-12-07 09:30";

/** A date refused: what is wrong with it, and how to write it (when the usual example is not the answer). */
export type DateResult = { ok: true; date: StoryDate } | { ok: false; problem: string; hint?: string };

/** Reads "2018-12-07", "2018-12-07 09:30", "2018-12-07T09:30:00+08:00" and the like. */
export function parseStoryDate(text: string, timeZone: string): DateResult {
  const shown = text.trim();
  const m = DATE_PATTERN.exec(shown);
  if (!m) return { ok: false, problem: `"${text}" is not a date in the form YYYY-MM-DD or YYYY-MM-DD HH:mm` };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number, number, number, number, number, number,
  ];
  if (year < FIRST_YEAR) return { ok: false, problem: `${shown} is in the year ${m[1]}: years from ${FIRST_YEAR} to ${LAST_YEAR} are accepted`, hint: YEAR_HINT };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, problem: `${shown} is not a real date (${year} has no ${month}月${day}日)` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: `${shown} has a time of day that does not exist` };
  }
  const wall = utc(year, month, day, hour, minute, second);
  let instant: number;
  if (m[7]) instant = wall;
  else if (m[8]) {
    const [hours, minutes] = m[11] !== undefined ? [Number(m[11]), 0] : [Number(m[9]), Number(m[10])];
    const offset = (m[8] === "-" ? -1 : 1) * (hours * 60 + minutes);
    if (minutes > 59 || offset < -12 * 60 || offset > 14 * 60) {
      return {
        ok: false,
        problem: `${shown} has an offset that no place uses: offsets run ${OFFSET_RANGE}, with minutes below 60`,
        hint: "write the offset as +08:00 or -05:00, or leave it out to use the site's time zone",
      };
    }
    instant = wall - offset * 60_000;
  } else instant = wallClockInstant(wall, timeZone);
  const date = atInstant(instant, timeZone);
  if (date.local.year < FIRST_YEAR || date.local.year > LAST_YEAR) {
    return {
      ok: false,
      problem: `${shown} falls in the year ${date.local.year} in the site's time zone (${timeZone}): years from ${FIRST_YEAR} to ${LAST_YEAR} are accepted`,
      hint: YEAR_HINT,
    };
  }
  return { ok: true, date };
}

/** Date.UTC for any year: Date.UTC itself reads the years 0–99 as 1900–1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/**
 * The instant a wall-clock reading (taken as UTC) names in a zone. A reading the clocks skip
 * (a gap, e.g. midnight in America/Sao_Paulo on 2018-11-04) is read with the offset before the
 * gap, which lands after it on the same day (00:00 → 01:00); a reading the clocks pass twice
 * (an overlap) is the earlier of the two.
 */
function wallClockInstant(wall: number, timeZone: string): number {
  // Real offsets lie within ±14 h, so the zone's offsets a day either side bracket any change.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const fits = [before, after].map((o) => wall - o * 60_000).filter((t) => offsetAt(t, timeZone) * 60_000 === wall - t);
  if (fits.length) return Math.min(...fits);
  // A gap: read with the offset before it, the instant is already past the change.
  const guess = wall - before * 60_000;
  if (after > before && offsetAt(guess, timeZone) === after) return guess;
  return wall - zoneOffsetMinutes(wall, timeZone, true) * 60_000;
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
  return new Date(utc(year, month + 1, 0)).getUTCDate();
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
