// Bylines: "咸宁日报全媒体记者 张三 通讯员 李四" read as credits, 记者 张三 and 通讯员 李四.
//
// Reading goes from the outside in. What wraps a byline comes off first: a dateline (本报讯),
// parentheses around the rest, a trailing 报道 or 摄. Then the role words are found, longest first:
// they are the only firm landmarks, since names and newsroom names are both runs of Han characters.
// The text between two role words holds the first one's names, except a newsroom name just before
// the second (…李四 湖北日报记者 王五), which belongs to that one's label. Names written with nothing
// between them (李峥吴鹏) are split where known surnames start names.

export type Role = "记者" | "特约记者" | "见习记者" | "实习生" | "通讯员" | "摄影" | "编译" | "作者";

/** One person's part in a story. `label` is the role as written, with its newsroom: "咸宁日报全媒体记者". */
export interface Credit {
  readonly name: string;
  readonly role: Role;
  readonly label: string;
}

/** A byline's credits in the order written, or one plain sentence saying why it could not be read. */
export type BylineReading = { ok: true; credits: readonly Credit[] } | { ok: false; problem: string };

/**
 * Readings of the bylines read lately, shared (they are not to be changed): a newsroom's few
 * hundred reporters write most bylines, and every page and feed item asks for its story's again.
 */
const recent = new Map<string, BylineReading>();
const RECENT_KEPT = 4096;

/** Reads a byline. Never throws: what cannot be read comes back as a problem. */
export function parseByline(text: string): BylineReading {
  let reading = recent.get(text);
  if (reading === undefined) {
    if (recent.size >= RECENT_KEPT) recent.clear();
    recent.set(text, (reading = readByline(text)));
  }
  return reading;
}

function readByline(text: string): BylineReading {
  try {
    return { ok: true, credits: creditsIn(text.replace(INVISIBLE, "")) };
  } catch (error) {
    if (error instanceof Unreadable) return { ok: false, problem: error.message };
    throw error;
  }
}

/**
 * What nobody sees in a byline pasted from a word processor: control characters, zero-width
 * marks, U+FFFE/U+FFFF and halves of surrogate pairs. They are dropped before it is read.
 */
const INVISIBLE = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The distinct names, in order of first appearance. */
export function namesOf(credits: readonly Credit[]): string[] {
  return [...new Set(credits.map((credit) => credit.name))];
}

/** Why a byline could not be read: thrown deep in the reading, turned into a problem by parseByline. */
class Unreadable extends Error {}

/** The names under one role word: 通讯员 王凤陈迪昭 gives two names under one label. */
interface CreditGroup {
  role: Role;
  label: string;
  names: string[];
}

function creditsIn(text: string): Credit[] {
  const { body, photographed } = unwrap(text);
  const roleWords = roleWordsIn(body);
  const groups = roleWords.length > 0 ? groupsByRole(body, roleWords) : [groupWithoutRole(body, photographed)];
  // "记者 王五 摄": the names just before 摄 also took the photos.
  if (photographed && roleWords.length > 0) groups.push({ role: "摄影", label: PHOTO_MARK, names: groups.at(-1)!.names });
  return groups.flatMap(({ role, label, names }) => names.map((name) => ({ name, role, label })));
}

// ---- What wraps a byline -------------------------------------------------------------------

/** Written after names: they took the photos. */
const PHOTO_MARK = "摄";

/**
 * 本报讯, 咸宁新闻网讯, 央视网消息, 新华社北京3月1日电: where the story comes from, not who wrote
 * it. Only a source that reads as one (本报, 本刊, or a name ending as newsrooms do: …报 …网 …台
 * …社 …) with 讯 or 消息, or with a place and date and 电, so that a name such as 王小讯 is kept.
 */
const DATELINE = /^(?:本报|本刊|[^\s()（）、，,/:：]*?(?:报|网|台|社|刊|新闻|客户端|中心|频道|传媒))(?:讯(?!员)|消息|[^\s()（）、，,/:：]*?\d+月\d+日电)[:：]?/u;

/** The byline without its wrapping, and whether it ended in a separate 摄. */
function unwrap(text: string): { body: string; photographed: boolean } {
  if (text.trim() === "") throw new Unreadable("The byline is empty.");
  let body = withoutDateline(text.trim());
  body = /^[(（](.*)[)）]$/su.exec(body)?.[1]?.trim() ?? body;
  if (/[()（）]/u.test(body)) throw new Unreadable("The byline has parentheses that do not wrap the whole of it.");
  body = body.replace(/(?<=[\s、，,/]|^)摄影报道\s*[:：]?$/u, "摄").replace(/报道\s*[:：]?$/u, "").trimEnd();
  // Only a separate 摄: glued to a name (王五摄) it could as well end the name.
  const photographed = /(?:^|[\s、，,/])摄$/u.test(body);
  return { body: photographed ? body.slice(0, -1) : body, photographed };
}

function withoutDateline(byline: string): string {
  const dateline = DATELINE.exec(byline)?.[0];
  // 讯 also ends names (记者李讯): a dateline holds no role word.
  if (dateline === undefined || roleWordsIn(dateline).length > 0) return byline;
  return byline.slice(dateline.length).trim();
}

// ---- Role words and the text between them ---------------------------------------------------

/** Role words and the role each gives, longest first so that 特约记者 is not read as 记者. */
const ROLE_WORDS: ReadonlyArray<readonly [word: string, role: Role]> = [
  ["全媒体记者", "记者"],
  ["特约通讯员", "通讯员"],
  ["特约记者", "特约记者"],
  ["见习记者", "见习记者"],
  ["摄影记者", "摄影"],
  ["实习生", "实习生"],
  ["通讯员", "通讯员"],
  ["记者", "记者"],
  ["摄影", "摄影"],
  ["编译", "编译"],
  ["作者", "作者"],
];

/** A role word where it was found: text from `start` to `end`. */
interface RoleWord {
  word: string;
  role: Role;
  start: number;
  end: number;
}

function roleWordsIn(text: string): RoleWord[] {
  const found: RoleWord[] = [];
  for (let at = 0; at < text.length; ) {
    const match = ROLE_WORDS.find(([word]) => text.startsWith(word, at));
    if (match === undefined) {
      at++;
      continue;
    }
    const [word, role] = match;
    found.push({ word, role, start: at, end: at + word.length });
    at += word.length;
  }
  return found;
}

function groupsByRole(body: string, roleWords: readonly RoleWord[]): CreditGroup[] {
  const groups: CreditGroup[] = [];
  let newsroom = newsroomBefore(body.slice(0, roleWords[0]!.start));
  for (const [i, roleWord] of roleWords.entries()) {
    const next = roleWords[i + 1];
    // 记者：张三 — a colon after the role word only introduces the names.
    const words = wordsOf(body.slice(roleWord.end, next?.start ?? body.length).replace(/^\s*[:：]/u, " "), true, next !== undefined);
    const label = newsroom + roleWord.word;
    // A newsroom just before the next role word is part of that one's label (李四 湖北日报记者).
    newsroom = next !== undefined && words.length > 0 && isOrganisation(words.at(-1)!.text) ? words.pop()!.text : "";
    // An organisation among the names (通讯员 市公安局 张三) is where those after it work: it joins their label.
    let group: CreditGroup = { role: roleWord.role, label, names: [] };
    const ofRole = [group];
    for (const word of words) {
      if (!word.touchesRole && isOrganisation(word.text)) ofRole.push((group = { role: roleWord.role, label: word.text + roleWord.word, names: [] }));
      else group.names.push(...namesIn(word));
    }
    if (ofRole.every((g) => g.names.length === 0)) throw new Unreadable(`“${label}” is not followed by a name.`);
    groups.push(...ofRole.filter((g) => g.names.length > 0));
  }
  return groups;
}

/**
 * 香城都市报, 新华社, 咸宁日报全媒体, 市公安局: organisations end this way. Three characters at
 * least, since names end so too (王建社, 李网).
 */
const NEWSROOM = /^\p{Script=Han}{2,}(?:报|社|台|网|媒体|中心|杂志|频道|局|委|部|院|办|所|队|政府)$/u;

/** A newsroom or office, not a person: 王建社 and 李网 end as newsrooms do, but start as names. */
function isOrganisation(text: string): boolean {
  return NEWSROOM.test(text) && !(startsWithSurname(text) && Array.from(text).length <= 3);
}

/**
 * The text before the first role word, which joins its label: a newsroom (咸宁日报 记者) or
 * anything written onto the role word (首席记者). Other text there would be names read as a title,
 * so it makes the byline unreadable instead.
 */
function newsroomBefore(lead: string): string {
  const words = wordsOf(lead, false, true);
  const [word] = words;
  if (word === undefined) return "";
  if (words.length === 1 && (word.touchesRole || isOrganisation(word.text))) return word.text;
  throw new Unreadable(`“${lead.trim()}” comes before the first role word but is not a newsroom's name.`);
}

/** Without a role word (王红云 邵新华) nothing says the words are names, so each must start with a surname. */
function groupWithoutRole(body: string, photographed: boolean): CreditGroup {
  const words = wordsOf(body, false, false);
  if (words.length === 0) throw new Unreadable("The byline names no one.");
  const names = words.flatMap((word) => {
    if (startsWithSurname(word.text) || DOTTED_NAME.test(word.text)) return namesIn(word);
    throw new Unreadable(`“${word.text}” does not look like a name, and no role word such as 记者 says it is one.`);
  });
  return photographed ? { role: "摄影", label: PHOTO_MARK, names } : { role: "作者", label: "", names };
}

// ---- Words and names -------------------------------------------------------------------------

/** Between names; a space separates too, except between Latin words ("John Smith"). */
const SEPARATOR = /[、，,/]/u;
const SEPARATOR_OR_SPACE_FIRST = /^[\s、，,/]/u;
const SEPARATOR_OR_SPACE_LAST = /[\s、，,/]$/u;

/**
 * A run of text between separators. Only one that touches a role word may hold several names
 * with nothing between them (通讯员李峥吴鹏); one written apart is a name as written (通讯员 欧阳小明).
 */
interface Word {
  text: string;
  touchesRole: boolean;
}

function wordsOf(text: string, roleBefore: boolean, roleAfter: boolean): Word[] {
  const words = text
    .split(SEPARATOR)
    .flatMap(wordsBetweenSeparators)
    .map((word) => ({ text: word, touchesRole: false }));
  const first = words[0];
  const last = words.at(-1);
  if (first && roleBefore && !SEPARATOR_OR_SPACE_FIRST.test(text)) first.touchesRole = true;
  if (last && roleAfter && !SEPARATOR_OR_SPACE_LAST.test(text)) last.touchesRole = true;
  return words;
}

function wordsBetweenSeparators(text: string): string[] {
  const words: string[] = [];
  for (const part of text.split(/\s+/u)) {
    if (part === "") continue;
    const previous = words.at(-1);
    if (previous !== undefined && LATIN_NAME.test(previous) && LATIN_NAME.test(part)) words[words.length - 1] = `${previous} ${part}`;
    else words.push(part);
  }
  return words;
}

const LATIN_NAME = /^[A-Za-z][A-Za-z.'’-]*(?: [A-Za-z][A-Za-z.'’-]*)*$/u;
/** 阿依古丽·买买提: a transliterated name, its parts joined by a middle dot. */
const DOTTED_NAME = /^\p{Script=Han}+(?:[·•・‧]\p{Script=Han}+)+$/u;
const HAN = /^\p{Script=Han}+$/u;

/** The names a word holds: itself, or the names run together in it (李峥吴鹏). */
function namesIn(word: Word): string[] {
  const { text } = word;
  if (LATIN_NAME.test(text) || DOTTED_NAME.test(text)) return [text];
  if (!HAN.test(text)) throw new Unreadable(`“${text}” has characters a name does not use.`);
  const length = Array.from(text).length;
  if (length < 2) throw new Unreadable(`“${text}” is too short to be a name.`);
  const names = word.touchesRole || length > 4 ? splitAtSurnames(text) : undefined;
  if (names) return names;
  if (length <= 4) return [text];
  throw new Unreadable(`“${text}” is too long for one name and does not split into names at known surnames.`);
}

/**
 * Splits a run of names into the fewest names of 2–3 characters (3–4 after a compound surname),
 * each starting with a surname; undefined if it cannot be split so. Where two splits have as few
 * names, the one with the longer first name wins (most names have three characters), compound
 * surnames first.
 */
function splitAtSurnames(run: string): string[] | undefined {
  const chars = Array.from(run);
  /** fewest[i]: the fewest names chars[i…] splits into, and how long the first of them is. */
  const fewest: Array<{ count: number; length: number } | undefined> = [];
  fewest[chars.length] = { count: 0, length: 0 };
  for (let i = chars.length - 1; i >= 0; i--) {
    for (const length of nameLengthsAt(chars, i)) {
      const rest = fewest[i + length];
      if (rest && (fewest[i] === undefined || rest.count + 1 < fewest[i]!.count)) fewest[i] = { count: rest.count + 1, length };
    }
  }
  if (fewest[0] === undefined) return undefined;
  const names: string[] = [];
  for (let i = 0; i < chars.length; i += fewest[i]!.length) names.push(chars.slice(i, i + fewest[i]!.length).join(""));
  return names;
}

/** How long a name starting at chars[i] may be, longest first; none if no surname starts there. */
function nameLengthsAt(chars: readonly string[], i: number): number[] {
  const lengths: number[] = [];
  if (COMPOUND_SURNAMES.has(`${chars[i]}${chars[i + 1]}`)) lengths.push(4, 3);
  if (SURNAMES.has(chars[i]!)) lengths.push(3, 2);
  return lengths.filter((length) => i + length <= chars.length);
}

function startsWithSurname(text: string): boolean {
  const chars = Array.from(text);
  return SURNAMES.has(chars[0] ?? "") || COMPOUND_SURNAMES.has(chars.slice(0, 2).join(""));
}

/**
 * Common single-character surnames, from 百家姓 and today's most frequent ones. Rare surnames
 * that are also common words (和, 有, 东, 国 …) are left out: each one here is a place where a
 * run of names may be cut, and a word that may start a name without a role word.
 */
const SURNAMES = new Set(
  Array.from(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁" +
      "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武" +
      "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮" +
      "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤穆农司卓古吉缪" +
      "简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄" +
      "丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊郜阚权帅屠朴盖" +
      "练廉井祖郦揭",
  ),
);

const COMPOUND_SURNAMES = new Set([
  "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
  "轩辕", "端木", "申屠", "西门", "南宫", "呼延", "钟离", "司空", "淳于", "澹台", "闻人", "赫连", "独孤", "万俟",
]);
