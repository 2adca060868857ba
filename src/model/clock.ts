// The publishing clock: a build publishes a story once its date has come and until it expires, by
// the build's own time (the machine's, SOURCE_DATE_EPOCH's, or --now's). Everything a page shows
// as "now" (the footer's year) reads this clock too, never the newest story.
import { atInstant, parseStoryDate, type StoryDate } from "../dates.js";
import type { Diagnostic } from "../diagnostics.js";

export interface Clock {
  /** The build's time, in milliseconds since the epoch. */
  now: number;
  /** Publish stories whose date is still to come as well (a preview); expired stories stay down. */
  future: boolean;
}

/** What the command line says of the clock: a time to preview, the reproducible build's epoch, whether to show the future. */
export interface ClockSetting {
  /** --now, as written: read in the site's time zone. */
  now?: string;
  /** SOURCE_DATE_EPOCH, in seconds. */
  epochSeconds?: number;
  future?: boolean;
}

/** The clock a setting gives, in the site's time zone; `machineNow` when it names no time. */
export function clockOf(setting: ClockSetting, timeZone: string, machineNow: number): { clock?: Clock; diagnostics: Diagnostic[] } {
  const future = setting.future ?? false;
  if (setting.now !== undefined) {
    const read = parseStoryDate(setting.now, timeZone);
    if (!read.ok) return { diagnostics: [{ file: "--now", severity: "error", message: `--now: ${read.problem}`, hint: 'write the moment to build as, e.g. --now "2026-11-27 08:00" (in the site\'s time zone)' }] };
    return { clock: { now: read.date.instant, future }, diagnostics: [] };
  }
  return { clock: { now: instantOf(setting, machineNow), future }, diagnostics: [] };
}

/** The clock's time when the setting names none to read (no --now): SOURCE_DATE_EPOCH's, else the machine's. */
function instantOf(setting: ClockSetting, machineNow: number): number {
  return setting.epochSeconds !== undefined ? setting.epochSeconds * 1000 : machineNow;
}

/** Whether a story is out at this time: its date has come (or the clock shows the future) and it has not expired. */
export function isOut(story: { date?: StoryDate; expires?: StoryDate }, clock: Clock): boolean {
  return (clock.future || !story.date || story.date.instant <= clock.now) && !(story.expires && story.expires.instant <= clock.now);
}

/**
 * The stretch of time around the clock's `now` in which a build publishes the same stories and
 * shows the same year: from the last story date, expiry or new year at or before it, to the
 * next one after it. A build whose time falls in it, with the same inputs, writes the same site.
 */
export interface ClockWindow {
  from: number;
  until: number;
}

export function windowOf(stories: Iterable<{ date?: StoryDate; expires?: StoryDate }>, clock: Clock, timeZone: string): ClockWindow {
  const year = yearAt(clock, timeZone);
  let from = newYear(year, timeZone);
  let until = newYear(year + 1, timeZone);
  const see = (t: number | undefined) => {
    if (t === undefined) return;
    if (t <= clock.now) from = Math.max(from, t);
    else until = Math.min(until, t);
  };
  for (const s of stories) {
    if (!clock.future) see(s.date?.instant);
    see(s.expires?.instant);
  }
  return { from, until };
}

/** The year the clock shows in the site's time zone (the footer's ©). */
export function yearAt(clock: Clock, timeZone: string): number {
  return atInstant(clock.now, timeZone).local.year;
}

function newYear(year: number, timeZone: string): number {
  if (year < 1000) return -Infinity;
  const read = parseStoryDate(`${year}-01-01`, timeZone);
  return read.ok ? read.date.instant : Infinity;
}

/** What a build keeps of its clock: what the command line said, and the window its time fell in. */
export interface ClockRecord extends ClockWindow {
  now?: string;
  future: boolean;
}

export function clockRecord(setting: ClockSetting, window: ClockWindow): ClockRecord {
  return { now: setting.now, future: setting.future ?? false, from: window.from, until: window.until };
}

/** Whether a build by this clock, from the same inputs, publishes what the recorded one did. */
export function clockHolds(record: ClockRecord | undefined, setting: ClockSetting, machineNow: number): boolean {
  if (!record || record.future !== (setting.future ?? false)) return false;
  // The same --now with the same inputs (the site's time zone among them) is the same moment.
  if (setting.now !== undefined || record.now !== undefined) return setting.now === record.now;
  const now = instantOf(setting, machineNow);
  return record.from <= now && now < record.until;
}
