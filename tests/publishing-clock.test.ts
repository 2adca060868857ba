// The publishing clock: a story goes out once its date has come by the build's clock (the
// machine's, SOURCE_DATE_EPOCH's or --now's), --future shows what is scheduled, expires: takes a
// story down, and the footer's year is the clock's, not the newest story's. An expires: before
// the story's date is a bad-input case (tests/fixtures/invalid/expires-before-date).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { DevSession } from "../src/dev/session.js";
import { SITE_YML, fingerprint, listTree, pathsOf, readPage, storyFile, writeProject, xnews } from "./helpers/site.js";

const SCHEDULED = "chibi/209901/t20990101_scheduled.html";
const EXPIRING = "chibi/202601/t20260101_expiring.html";

function project(): string {
  return writeProject({
    "content/site.yml": SITE_YML,
    "content/articles/old.md": storyFile({ id: "old", date: "2018-12-07 09:30", channel: "chibi" }),
    "content/articles/scheduled.md": storyFile({ id: "scheduled", title: "定时发布的稿件", date: "2099-01-01 08:00", channel: "chibi", body: "二〇九九年的消息。" }),
    "content/articles/expiring.md": storyFile({ id: "expiring", title: "限时公告", date: "2026-01-01 08:00", channel: "chibi", extra: "expires: 2026-12-31 18:00" }),
  });
}

/** Every file of a built site that names the story, by its id or its title. */
function filesNaming(out: string, id: string, title: string): string[] {
  return listTree(out).filter((f) => {
    const text = fs.readFileSync(path.join(out, f), "utf8");
    return text.includes(id) || text.includes(title);
  });
}

const year = (out: string) => readPage(out, "index.html")("footer").text().match(/© (\d{4})/)?.[1];

describe("the publishing clock", () => {
  it("leaves out a story whose date has not come: no page, and no word of it on any list, feed, sitemap or search file", async () => {
    const dir = project();
    const paths = pathsOf(dir);
    await build(paths, { jobs: 1, cache: false, clock: { now: "2026-11-27 08:00" } });
    expect(fs.existsSync(path.join(paths.outDir, SCHEDULED))).toBe(false);
    expect(filesNaming(paths.outDir, "scheduled", "定时发布的稿件")).toEqual([]);
    expect(fs.existsSync(path.join(paths.outDir, EXPIRING))).toBe(true);
    // The footer reads the clock (2026), not the newest story (2026-01-01 here, 2099 with --future).
    expect(year(paths.outDir)).toBe("2026");
  });

  it("publishes it with --future, and at --now after its date; its neighbour's 下一篇 then leads to it", async () => {
    const dir = project();
    const future = await xnews(["build", "--future", "--now", "2026-11-27 08:00", "--out", "future"], dir);
    expect(future.stderr).toBe("");
    expect(listTree(path.join(dir, "future"))).toContain(SCHEDULED);
    expect(year(path.join(dir, "future"))).toBe("2026");

    const later = await xnews(["build", "--now", "2099-01-01 08:00", "--out", "later"], dir);
    expect(later.code).toBe(0);
    const out = path.join(dir, "later");
    expect(listTree(out)).toContain(SCHEDULED);
    expect(readPage(out, "chibi/index.html")("main").text()).toContain("定时发布的稿件");
    expect(fs.readFileSync(path.join(out, "index.xml"), "utf8")).toContain("定时发布的稿件");
    expect(year(out)).toBe("2099");
    // A minute before, it is not out.
    const before = await xnews(["build", "--now", "2099-01-01 07:59", "--out", "before"], dir);
    expect(before.code).toBe(0);
    expect(listTree(path.join(dir, "before"))).not.toContain(SCHEDULED);
  });

  it("takes a story down once it expires, and the next build removes its page", async () => {
    const dir = project();
    expect((await xnews(["build", "--now", "2026-12-31 17:59"], dir)).code).toBe(0);
    expect(listTree(path.join(dir, "dist"))).toContain(EXPIRING);
    expect((await xnews(["build", "--now", "2026-12-31 18:00"], dir)).code).toBe(0);
    expect(listTree(path.join(dir, "dist"))).not.toContain(EXPIRING);
    expect(filesNaming(path.join(dir, "dist"), "expiring", "限时公告")).toEqual([]);
  });

  it("builds by SOURCE_DATE_EPOCH when it is set, byte for byte the same each time", async () => {
    const dir = project();
    // 2027-06-01 00:00 UTC: the expiring notice is down, the footer says 2027.
    const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2027, 5, 1) / 1000) };
    expect((await xnews(["build", "--no-cache", "--out", "a"], dir, env)).code).toBe(0);
    expect((await xnews(["build", "--no-cache", "--out", "b"], dir, env)).code).toBe(0);
    expect(fingerprint(path.join(dir, "a"))).toEqual(fingerprint(path.join(dir, "b")));
    expect(year(path.join(dir, "a"))).toBe("2027");
    expect(listTree(path.join(dir, "a"))).not.toContain(EXPIRING);
  });

  it("with the cache, builds again when a story's time has come though no file changed, and not before", async () => {
    const dir = project();
    const at = (iso: string) => ({ SOURCE_DATE_EPOCH: String(Date.parse(iso) / 1000) });
    expect((await xnews(["build"], dir, at("2026-06-01T00:00:00Z"))).code).toBe(0);
    // Nothing comes or goes between June and December 31st 18:00 (Shanghai): nothing to do.
    const same = await xnews(["build"], dir, at("2026-12-01T00:00:00Z"));
    expect(same.stdout).toMatch(/: 0 rendered,/);
    expect(listTree(path.join(dir, "dist"))).toContain(EXPIRING);
    // After it, the notice is down: the build did not stop at "no input changed".
    const after = await xnews(["build"], dir, at("2026-12-31T10:00:00Z"));
    expect(after.stdout).not.toMatch(/: 0 rendered,/);
    expect(listTree(path.join(dir, "dist"))).not.toContain(EXPIRING);
    // A new year changes every footer.
    const newYear = await xnews(["build"], dir, at("2027-01-01T00:00:00Z"));
    expect(newYear.stdout).not.toMatch(/: 0 rendered,/);
    expect(year(path.join(dir, "dist"))).toBe("2027");
  });

  it("refuses a --now or SOURCE_DATE_EPOCH it cannot read, with exit 1, no stack trace, and the site left as it was", async () => {
    const dir = project();
    expect((await xnews(["build", "--now", "2026-11-27 08:00"], dir)).code).toBe(0);
    const before = fingerprint(path.join(dir, "dist"));
    const badNow = await xnews(["build", "--now", "next tuesday"], dir);
    expect(badNow.code).toBe(1);
    expect(badNow.stderr).toContain('--now: "next tuesday" is not a date');
    expect(badNow.stderr).toContain("2026-11-27 08:00");
    expect(badNow.stderr).not.toMatch(/\n\s+at /);
    const badEpoch = await xnews(["build"], dir, { SOURCE_DATE_EPOCH: "yesterday" });
    expect(badEpoch.code).toBe(1);
    expect(badEpoch.stderr).toContain("SOURCE_DATE_EPOCH must be whole seconds");
    expect(fingerprint(path.join(dir, "dist"))).toEqual(before);
  });

  it("in xnews dev, publishes a story when its time comes, with no file saved", async () => {
    // Two seconds from now, written with its offset.
    const at = new Date(Date.now() + 2_000);
    const shanghai = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    const dir = writeProject({
      "content/site.yml": SITE_YML,
      "content/articles/old.md": storyFile({ id: "old", date: "2018-12-07 09:30", channel: "chibi" }),
      "content/articles/soon.md": storyFile({ id: "soon", title: "马上发布", date: `${shanghai}+08:00`, channel: "chibi" }),
    });
    const session = new DevSession(pathsOf(dir));
    session.start();
    const page = `chibi/${shanghai.slice(0, 4)}${shanghai.slice(5, 7)}/t${shanghai.slice(0, 10).replace(/-/g, "")}_soon.html`;
    expect(fs.existsSync(path.join(dir, "dist", page))).toBe(false);
    expect(session.clockTick()).toBeUndefined();
    while (Date.now() <= at.getTime()) await new Promise((r) => setTimeout(r, 50));
    const report = session.clockTick();
    expect(report?.written).toContain(page);
    expect(readPage(path.join(dir, "dist"), "chibi/index.html")("main").text()).toContain("马上发布");
    expect(session.clockTick()).toBeUndefined();
  });
});
