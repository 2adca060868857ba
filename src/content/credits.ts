// Who wrote a story: the people its front matter lists under `authors:`, else its byline as
// byline.ts reads it (none when it cannot be read: the page still shows the byline as written).
// Derived when asked, not stored with the story: the parser keeps the readings of the bylines it
// saw lately (a newsroom's reporters repeat), which costs far less than 300,000 credits kept in
// memory and in the build cache for 100,000 stories.
import { parseByline, type Credit } from "./byline.js";

export function creditsOf(story: { byline?: string; authors?: readonly Credit[] }): readonly Credit[] {
  if (story.authors) return story.authors;
  if (!story.byline) return [];
  const reading = parseByline(story.byline);
  return reading.ok ? reading.credits : [];
}

/**
 * One entry of `authors:`: its role read as a byline would read it ("咸宁日报记者" is a 记者), or,
 * for a role no byline has (主持人), kept as written with the role 作者.
 */
export function creditOf(name: string, role: string | undefined): Credit {
  if (role === undefined) return { name, role: "作者", label: "" };
  const reading = parseByline(`${role} ${name}`);
  const only = reading.ok && reading.credits.length === 1 ? reading.credits[0]! : undefined;
  return only && only.name === name ? { name, role: only.role, label: only.label } : { name, role: "作者", label: role };
}
