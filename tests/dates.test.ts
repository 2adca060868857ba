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
});
