// What happens to a story after it is written, from its front matter: when it was updated, when
// it comes down (expires), the corrections it carries, whether it was withdrawn (撤稿), and the
// old addresses that must keep leading to it (aliases).
import { z } from "zod";
import { errorAt, warningAt, type Diagnostic } from "../diagnostics.js";
import { formatDayTime, parseStoryDate, type StoryDate } from "../dates.js";
import type { YamlSource } from "../yaml-source.js";
import { aliasProblem } from "../paths.js";
import { detached as own } from "./teaser.js";

/** A 更正 notice: what was wrong, and when it was put right (a correction written as plain text has no date). */
export interface Correction {
  date?: StoryDate;
  text: string;
}

export interface Lifecycle {
  /** When the story last changed: `updated:`, else its newest dated correction. */
  updated?: StoryDate;
  /** When the story comes down: from then on no build publishes it. */
  expires?: StoryDate;
  /** Oldest first. */
  corrections: readonly Correction[];
  /** The notice a withdrawn story shows in place of its body (retracted: true). */
  retraction?: string;
  /** Old addresses (e.g. from a legacy CMS) that redirect to the story's page, as written. */
  aliases: readonly string[];
}

/** A story's lifecycle when nothing happened to it (most stories): one object, shared, never changed. */
export const UNEVENTFUL: Lifecycle = Object.freeze({ updated: undefined, expires: undefined, corrections: Object.freeze([]), retraction: undefined, aliases: Object.freeze([]) });

/** A story's lifecycle alone, or UNEVENTFUL when nothing happened to it: the one place that lists the fields. */
export function lifecycleOf(l: Lifecycle): Lifecycle {
  const { updated, expires, corrections, retraction, aliases } = l;
  const eventful = updated !== undefined || expires !== undefined || corrections.length > 0 || retraction !== undefined || aliases.length > 0;
  return eventful ? { updated, expires, corrections, retraction, aliases } : UNEVENTFUL;
}

const dateValue = (field: string) => z.union([z.string(), z.number()], { error: `${field} must be a date such as 2018-12-08 10:00` }).transform((v) => String(v).trim());
const textValue = (field: string) =>
  z.union([z.string(), z.number()], { error: (issue) => (typeof issue.input === "boolean" ? `${field} reads as ${issue.input}, not as text: put it in quotes` : `${field} must be text`) }).transform((v) => String(v).trim());

/** The fields this file reads, for the story schema. */
export const lifecycleFields = {
  updated: dateValue("updated").optional(),
  expires: dateValue("expires").optional(),
  correction: z
    .union(
      [
        textValue("correction"),
        z.array(
          // Strict: an ASCII comma in the text of { date: …, text: … } ends it there, and the rest would be lost without a word.
          z.strictObject(
            { date: dateValue("each correction's date"), text: textValue("each correction's text") },
            { error: (issue) => (issue.code === "unrecognized_keys" ? 'a correction holds only a date and a text: a "," in its text ends the text inside { }, so put the text in quotes' : "each correction must have a date and a text, e.g. { date: 2018-12-08 10:00, text: 原文中“…”应为“…” }") },
          ),
        ),
      ],
      { error: "correction must be text, or a list such as [{ date: 2018-12-08 10:00, text: … }]" },
    )
    .optional(),
  retracted: z
    .union([z.boolean(), z.literal("")], { error: "retracted must be true or false" })
    .transform((v) => v === true)
    .default(false),
  retraction: textValue("retraction").optional(),
  aliases: z
    .union([z.array(z.union([z.string(), z.number()])), z.string()], { error: "aliases must be a list of old addresses, e.g. [/xnxw/201703/t20170308_2599871.shtml]" })
    // One line of text is a list at its commas, as tags: and related: are.
    .transform((v) => (Array.isArray(v) ? v : v.split(/[,,]/)).map((x) => String(x).trim()))
    .default([]),
};

type LifecycleInput = z.output<z.ZodObject<typeof lifecycleFields>>;

/** Reads the fields, each date in the site's time zone; every problem is located at its line. */
export function readLifecycle(fm: LifecycleInput, date: StoryDate | undefined, timeZone: string, source: YamlSource, file: string): { lifecycle: Lifecycle; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const where = (path: (string | number)[]) => source.positionOf(path);
  const problem = (path: (string | number)[], message: string, hint: string) => diagnostics.push(errorAt(file, message, hint, where(path)?.line ?? 2, where(path)?.column ?? 1));
  const readDate = (text: string | undefined, path: (string | number)[], field: string): StoryDate | undefined => {
    if (!text) return undefined;
    const result = parseStoryDate(text, timeZone);
    if (result.ok) return result.date;
    problem(path, `${field}: ${result.problem}`, result.hint ?? "write it as YYYY-MM-DD or YYYY-MM-DD HH:mm, e.g. 2018-12-08 10:00");
    return undefined;
  };
  const notBefore = (later: StoryDate | undefined, path: (string | number)[], field: string, what: string) => {
    if (!later || !date || later.instant >= date.instant) return later;
    problem(path, `${field} ${formatDayTime(later)} is before the story's date ${formatDayTime(date)}`, what);
    return undefined;
  };

  let updated = notBefore(readDate(fm.updated, ["updated"], "updated"), ["updated"], "updated", "updated: says when the story last changed; write a time after its date");
  const expires = notBefore(readDate(fm.expires, ["expires"], "expires"), ["expires"], "expires", "expires: takes the story down at that time; write a time after its date, or remove the line");

  const corrections: Correction[] = [];
  if (typeof fm.correction === "string") {
    if (fm.correction) corrections.push({ text: own(fm.correction) });
  } else if (fm.correction) {
    fm.correction.forEach((c, i) => {
      const at = ["correction", i, "date"];
      const when = notBefore(readDate(c.date, at, "a correction's date"), at, "a correction's date", "a correction comes after the story: check the date");
      if (!c.text) problem(["correction", i], "a correction's text is empty", "say what was wrong and what is right, e.g. text: 原文中“3万元”应为“2.93万元”");
      else if (when) corrections.push({ date: when, text: own(c.text) });
    });
    corrections.sort((a, b) => a.date!.instant - b.date!.instant);
  }
  // The story changed when it was corrected, unless the editor said otherwise.
  const corrected = corrections.at(-1)?.date;
  if (!updated && corrected) updated = corrected;

  // Old addresses as a server sees them: %-escapes decoded (a browser's address bar shows them
  // encoded), each once.
  const aliases: string[] = [];
  fm.aliases.forEach((written, i) => {
    if (!written) return;
    let alias = written;
    try {
      alias = decodeURI(written);
    } catch {
      // A broken escape is left as written, and refused below as still encoded.
    }
    const why = aliasProblem(alias);
    // An alias written as one line of text has no item of its own to point at.
    if (why) problem(where(["aliases", i]) ? ["aliases", i] : ["aliases"], `alias "${written}" ${why}`, "write the old address's path on this site, from its first /, e.g. /xnxw/201703/t20170308_2599871.shtml");
    else if (!aliases.includes(alias)) aliases.push(alias);
  });
  if (fm.retraction && !fm.retracted) {
    const pos = where(["retraction"]);
    diagnostics.push(warningAt(file, "retraction is ignored: the story is not retracted", "add retracted: true to withdraw the story, or remove the retraction line", pos?.line, pos?.column));
  }
  const lifecycle: Lifecycle = {
    updated,
    expires,
    corrections: corrections.length ? corrections : UNEVENTFUL.corrections,
    retraction: fm.retracted ? own(fm.retraction || DEFAULT_RETRACTION) : undefined,
    aliases: aliases.length ? aliases.map(own) : UNEVENTFUL.aliases,
  };
  return { lifecycle: lifecycleOf(lifecycle), diagnostics };
}

/** What a withdrawn story says when its editor gave no reason. */
const DEFAULT_RETRACTION = "本文已撤稿。";
