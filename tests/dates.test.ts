import { describe, expect, it } from "vitest";
import { formatDayTime, formatIso, parseStoryDate } from "../src/dates.js";

const zone = "Asia/Shanghai";

describe("story dates", () => {
  it("reads a date without an offset in the site's zone", () => {
    const r = parseStoryDate("2018-12-07 09:30", zone);
    expect(r.ok && formatIso(r.date)).toBe("2018-12-07T09:30:00+08:00");
    expect(r.ok && r.date.instant).toBe(Date.UTC(2018, 11, 7, 1, 30));
  });

  it("reads a date with an offset as that instant, shown on the site's clock", () => {
    const r = parseStoryDate("2018-12-06T20:00:00-05:00", zone);
    expect(r.ok && formatDayTime(r.date)).toBe("2018-12-07 09:00");
  });

  it("reads a bare day as midnight", () => {
    const r = parseStoryDate("2018-12-03", zone);
    expect(r.ok && formatIso(r.date)).toBe("2018-12-03T00:00:00+08:00");
  });

  it("honours daylight saving in zones that have it", () => {
    const summer = parseStoryDate("2021-07-01 12:00", "Europe/Berlin");
    const winter = parseStoryDate("2021-01-01 12:00", "Europe/Berlin");
    expect(summer.ok && summer.date.offsetMinutes).toBe(120);
    expect(winter.ok && winter.date.offsetMinutes).toBe(60);
  });

  it.each(["2018-02-30", "2019-02-29", "2018-13-01", "2018-12-07 24:00", "07/12/2018", "yesterday"])("refuses %s", (text) => {
    const r = parseStoryDate(text, zone);
    expect(r.ok).toBe(false);
  });

  it("accepts a leap day", () => {
    expect(parseStoryDate("2020-02-29", zone).ok).toBe(true);
  });

  it.each(["0000-01-01", "0012-03-04", "0099-12-31", "0999-12-31"])("refuses the year of %s, naming the years accepted (not 1900–1999)", (text) => {
    const r = parseStoryDate(text, zone);
    expect(r).toEqual({ ok: false, problem: `${text} is in the year ${text.slice(0, 4)}: years from 1000 to 9999 are accepted`, hint: expect.any(String) });
  });

  it.each([
    ["1000-01-01 12:00+08:00", "1000-01-01"],
    ["9999-12-31 12:00+08:00", "9999-12-31"],
  ])("accepts the first and last years: %s", (text, day) => {
    const r = parseStoryDate(text, zone);
    expect(r.ok && formatIso(r.date).slice(0, 10)).toBe(day);
  });

  it.each([
    ["9999-12-31 20:00-12:00", 10000],
    ["1000-01-01 00:00+14:00", 999],
  ])("refuses %s, whose day in the site's zone falls in the year %d", (text, year) => {
    const r = parseStoryDate(text, zone);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toBe(`${text} falls in the year ${year} in the site's time zone (Asia/Shanghai): years from 1000 to 9999 are accepted`);
  });

  it.each(["+99:99", "+2400", "-14:00", "+14:01", "+08:60", "-12:01"])("refuses the offset %s, naming the range", (offset) => {
    const r = parseStoryDate(`2018-12-07 09:30${offset}`, zone);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain("offsets run from -12:00 to +14:00, with minutes below 60");
  });

  it.each([
    ["2018-12-07T09:30:00+14:00", "2018-12-07 03:30"],
    ["2018-12-07T09:30:00-12:00", "2018-12-08 05:30"],
    ["2018-12-07 09:30 +0545", "2018-12-07 11:45"],
    ["2018-12-07 09:30:00.25 -5", "2018-12-07 22:30"],
    ["2018-12-07t01:30:00z", "2018-12-07 09:30"],
  ])("accepts the offset of %s", (text, shown) => {
    const r = parseStoryDate(text, zone);
    expect(r.ok && formatDayTime(r.date)).toBe(shown);
  });

  it.each([
    // Clocks went from 00:00 to 01:00: the day's midnight never happened.
    ["America/Sao_Paulo", "2018-11-04", "2018-11-04T01:00:00-02:00"],
    ["America/Sao_Paulo", "2018-11-04 00:30", "2018-11-04T01:30:00-02:00"],
    ["America/Havana", "2021-03-14", "2021-03-14T01:00:00-04:00"],
    ["America/Santiago", "2022-09-11", "2022-09-11T01:00:00-03:00"],
    ["Asia/Beirut", "2021-03-28", "2021-03-28T01:00:00+03:00"],
    ["Europe/Berlin", "2021-03-28 02:30", "2021-03-28T03:30:00+02:00"],
    ["America/New_York", "2021-03-14 02:00", "2021-03-14T03:00:00-04:00"],
  ])("in %s reads %s, a time the clocks skip, as the time after the gap on the same day", (tz, text, iso) => {
    const r = parseStoryDate(text, tz);
    expect(r.ok && formatIso(r.date)).toBe(iso);
  });

  it.each([
    ["America/Sao_Paulo", "2019-02-16 23:30", "2019-02-16T23:30:00-02:00"],
    ["Europe/Berlin", "2021-10-31 02:30", "2021-10-31T02:30:00+02:00"],
    ["America/New_York", "2021-11-07 01:30", "2021-11-07T01:30:00-04:00"],
  ])("in %s reads %s, a time the clocks pass twice, as the earlier one", (tz, text, iso) => {
    const r = parseStoryDate(text, tz);
    expect(r.ok && formatIso(r.date)).toBe(iso);
  });

  it("reads a bare day in a DST zone as that day, all year round", () => {
    for (const tz of ["America/Sao_Paulo", "America/Havana", "Asia/Beirut", "America/Santiago", "America/New_York", "Europe/London"]) {
      for (let day = Date.UTC(2018, 0, 1); day < Date.UTC(2023, 0, 1); day += 86_400_000) {
        const text = new Date(day).toISOString().slice(0, 10);
        const r = parseStoryDate(text, tz);
        expect(r.ok && formatIso(r.date).slice(0, 10), `${tz} ${text}`).toBe(text);
      }
    }
  });
});
