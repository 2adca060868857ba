import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMarkdown } from "../src/content/markdown.js";
import { cutTeaser, snippetTeaser, teaserOf } from "../src/content/teaser.js";

const chars = (s: string) => Array.from(s).length;

describe("teasers", () => {
  it("keeps text of 60 characters or less as it is", () => {
    const text = "赤".repeat(60);
    expect(cutTeaser(text)).toBe(text);
  });

  it("cuts CJK text at 60 characters, each counting one, and adds ...", () => {
    const text = "咸宁新闻网讯".repeat(20);
    const teaser = cutTeaser(text);
    expect(teaser.endsWith("...")).toBe(true);
    expect(chars(teaser.slice(0, -3))).toBe(60);
  });

  it("counts characters outside the BMP as one and never splits them", () => {
    const teaser = cutTeaser("𠀀".repeat(61));
    expect(teaser).toBe(`${"𠀀".repeat(60)}...`);
  });

  it("cuts Latin text before a word rather than inside it", () => {
    const text = "The quick brown fox jumps over the lazy dog while Xianning reporters watch closely";
    const teaser = cutTeaser(text);
    expect(teaser).toBe("The quick brown fox jumps over the lazy dog while Xianning...");
    expect(chars(teaser) - 3).toBeLessThanOrEqual(60);
  });

  it("does not double the ... of text another CMS already cut", () => {
    expect(cutTeaser("咸宁新闻网讯 日前,市政府办印发方案...")).toBe("咸宁新闻网讯 日前,市政府办印发方案...");
    const cut = cutTeaser(`${"赤".repeat(61)}...`);
    expect(cut).toBe(`${"赤".repeat(60)}...`);
  });

  it("drops a comma left dangling at the cut", () => {
    expect(cutTeaser(`${"赤".repeat(59)},${"壁".repeat(10)}`)).toBe(`${"赤".repeat(59)}...`);
  });
});

/** `n` characters of plain Chinese text (no digits, units or marks), to put what follows at the cut. */
const lead = (n: number) => "咸宁新闻网讯赤壁市获评湖北省质量强省示范市".repeat(5).slice(0, n);
const graphemes = (s: string) => Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s), (g) => g.segment);

describe("teasers never split what reads as one piece", () => {
  it("cuts before a number rather than inside it: decimals, thousands and percentages", () => {
    // Were "…同比增长9....", "…各部8...." and "…12345....".
    expect(cutTeaser(`${lead(54)}同比增长9.1%,高于全省平均水平`)).toBe(`${lead(54)}同比增长...`);
    expect(cutTeaser(`${lead(57)}各部8.8%的企业`)).toBe(`${lead(57)}各部...`);
    expect(cutTeaser(`${lead(55)}12345.678元`)).toBe(`${lead(55)}...`);
    expect(cutTeaser(`${lead(55)}共12,345人参加`)).toBe(`${lead(55)}共...`);
    expect(cutTeaser(`${lead(57)}8.17%`)).toBe(`${lead(57)}...`);
  });

  it("keeps a number with its unit: 2018年, 12.5万元, 3000余万元", () => {
    expect(cutTeaser(`${lead(56)}2018年底`)).toBe(`${lead(56)}...`);
    expect(cutTeaser(`${lead(55)}投入12.5万元`)).toBe(`${lead(55)}投入...`);
    expect(cutTeaser(`${lead(53)}总投资3000余万元`)).toBe(`${lead(53)}总投资...`);
    // A unit ends the number: the cut may fall between 2018年 and 12月.
    expect(cutTeaser(`${lead(55)}2018年12月7日`)).toBe(`${lead(55)}2018年...`);
  });

  it("keeps a 《title》 whole: cut before the 《 when the 》 falls after the cut", () => {
    expect(cutTeaser(`${lead(48)}市政府办印发《咸宁市重点产品质量提升工作方案》`)).toBe(`${lead(48)}市政府办印发...`);
    expect(cutTeaser(`${lead(40)}印发《方案》,从人才为本、创新创优等方面提出要求`)).toBe(`${lead(40)}印发《方案》,从人才为本、创新创优等方面...`);
  });

  it("never ends on an opening mark before the ...", () => {
    for (const open of ["“", "‘", "(", "（", "[", "【", "「", "『", "〈"]) {
      expect(cutTeaser(`${lead(59)}${open}爱心${open === "“" ? "”" : ""}`), open).toBe(`${lead(59)}...`);
    }
    expect(cutTeaser(`${lead(58)},“爱心”`)).toBe(`${lead(58)}...`);
  });

  it("never ends on 。、,;:，；： before the ...", () => {
    for (const stop of ["。", "、", ",", ";", ":", "，", "；", "："]) {
      expect(cutTeaser(`${lead(59)}${stop}今年7月`), stop).toBe(`${lead(59)}...`);
    }
  });

  it("never ends on 〔 ［ 〖 ｛ or a quote, keeps 第3季度 whole, and reads a rare name's character (𬌗) as one", () => {
    expect(cutTeaser("咸宁市政府办公室印发咸政办发〔2018〕12号文件的通知内容", 15)).toBe("咸宁市政府办公室印发咸政办发...");
    expect(cutTeaser("一二三四五六七八九十［爱心］活动", 11)).toBe("一二三四五六七八九十...");
    expect(cutTeaser("全市经济在第3季度同比增长", 8)).toBe("全市经济在第...");
    expect(cutTeaser("记者王𬌗报道赤壁青砖茶启程前往俄罗斯", 5)).toBe("记者王𬌗报...");
  });

  it("never cuts back to a stub: past half the limit, the plain cut", () => {
    expect(cutTeaser("近日印发《一个很长很长很长很长很长很长的标题》的通知", 20)).toBe("近日印发《一个很长很长很长很长很长很长的...");
    expect(cutTeaser("“XianningXianningXianningXianning”和其他", 20)).toBe("“XianningXianningXia...");
  });

  it("counts an emoji sequence with zero-width joiners as one character and never splits it", () => {
    const family = "👨‍👩‍👧";
    expect(cutTeaser(`${lead(59)}${family}`)).toBe(`${lead(59)}${family}`);
    expect(cutTeaser(`${lead(59)}${family}好`)).toBe(`${lead(59)}${family}...`);
    expect(cutTeaser(`${lead(59)}好${family}`)).toBe(`${lead(59)}好...`);
  });

  it("counts a flag as one character and never leaves a lone regional indicator", () => {
    expect(cutTeaser(`${lead(59)}🇨🇳🇨🇳`)).toBe(`${lead(59)}🇨🇳...`);
    expect(cutTeaser(`${lead(58)}🇨🇳🇨🇳`)).toBe(`${lead(58)}🇨🇳🇨🇳`);
  });

  it("keeps a combining accent and a variation selector with their character", () => {
    expect(cutTeaser(`${lead(59)}e\u0301赤壁`)).toBe(`${lead(59)}e\u0301...`);
    expect(cutTeaser(`${lead(59)}e\u0301`)).toBe(`${lead(59)}e\u0301`);
    expect(cutTeaser(`${lead(59)}❤️赤壁`)).toBe(`${lead(59)}❤️...`);
    expect(cutTeaser(`${lead(59)}赤❤️`)).toBe(`${lead(59)}赤...`);
  });

  it("keeps text of exactly the limit in characters whole, and cuts one over", () => {
    const accented = "e\u0301";
    expect(cutTeaser(accented.repeat(60))).toBe(accented.repeat(60));
    expect(cutTeaser(`${accented}赤`.repeat(30))).toBe(`${accented}赤`.repeat(30));
    expect(cutTeaser(`赤${accented}`.repeat(30) + "壁")).toBe(`${`赤${accented}`.repeat(30)}...`);
    expect(cutTeaser(lead(60))).toBe(lead(60));
    expect(cutTeaser(lead(61))).toBe(`${lead(60)}...`);
  });

  it("reads on as far as a character goes, however many code points it holds", () => {
    const heavy = `a${"\u0301".repeat(300)}`;
    expect(cutTeaser(`${heavy.repeat(70)}`)).toBe(`${heavy.repeat(60)}...`);
  });

  it("counts a white space run as one space and keeps none at either end", () => {
    expect(cutTeaser(`  ${lead(30)} \n\t ${lead(29)}  `)).toBe(`${lead(30)} ${lead(29)}`);
    expect(cutTeaser(`${lead(30)}\u3000\u3000${lead(30)}`)).toBe(`${lead(30)} ${lead(29)}...`);
  });

  it("cuts only where graphemes end, and keeps a prefix of the text with its white space as single spaces", () => {
    const piece = fc.constantFrom("赤", "a", "7", ".", ",", "%", "年", "万", "《", "》", "“", "。", " ", "\n", "👨‍👩‍👧", "🇨🇳", "e\u0301", "❤️", "\u200d", "\u0301", "…", "...");
    const text = fc.oneof(fc.array(piece, { maxLength: 90 }).map((p) => p.join("")), fc.string({ unit: "grapheme", maxLength: 90 }), fc.string({ unit: "binary", maxLength: 90 }));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 80 }), (t, limit) => {
        const teaser = cutTeaser(t, limit);
        const whole = t.replace(/\s+/g, " ").trim();
        if (teaser === whole) {
          // Kept whole only when it fits (a "..." it already ended in not counted).
          const text = whole.replace(/(?:\.{3,}|…+)$/, "");
          expect([...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length).toBeLessThanOrEqual(limit);
          return;
        }
        expect(teaser.endsWith("...")).toBe(true);
        const kept = teaser.slice(0, -3);
        expect(whole.startsWith(kept)).toBe(true);
        const ends = new Set([0]);
        let at = 0;
        for (const g of graphemes(whole)) ends.add((at += g.length));
        expect(ends.has(kept.length)).toBe(true);
        expect(graphemes(kept).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("what a story shows as its teaser", () => {
  const markdown = createMarkdown({ html: false, iframeHosts: [] });

  it("skips a lead that is only an image for the next paragraph with text", () => {
    const story = "![a photo of the bridge](/img/a.jpg)\n\n咸宁新闻网讯 大桥今日通车。";
    expect(markdown.digest(story, "article").lead).toBe("咸宁新闻网讯 大桥今日通车。");
    expect(markdown.digest(story, "article").teaser).toBe("咸宁新闻网讯 大桥今日通车。");
    const photos = "![桥](/img/a.jpg)  \n[![夜景](/img/b.jpg)](/img/b-large.jpg)\n\n正文第一段。";
    expect(markdown.digest(photos, "article").lead).toBe("正文第一段。");
  });

  it("shows the summary, cut to the teaser's length, when the story has one", () => {
    const body = { teaser: "正文的开头" };
    expect(teaserOf({ summary: lead(70), body })).toBe(`${lead(60)}...`);
    expect(teaserOf({ summary: "编辑写的摘要", body })).toBe("编辑写的摘要");
    expect(teaserOf({ body })).toBe("正文的开头");
  });

  it("cuts a whole story pasted as a snippet with …… at its end: no editor's cut is that long", () => {
    const pasted = `${"赤壁新闻".repeat(50)}……`;
    expect(snippetTeaser(pasted)).toBe(`${"赤壁新闻".repeat(15)}...`);
  });

  it("shows a snippet its editor cut (ending in ... or …) exactly as written, and cuts a longer uncut one", () => {
    const cut = "咸宁日报全媒体记者黄柱通讯员王凤陈迪昭李攀龙18日,当赤壁贫困户邓小星一家接到该市巾帼志愿者服务队送来的2.93万元“爱心...";
    expect(markdown.digest(`\n${cut}\n`, "snippet").teaser).toBe(cut);
    expect(snippetTeaser(`  ${lead(70)}……`)).toBe(`${lead(70)}……`);
    expect(snippetTeaser(`${lead(70)}…`)).toBe(`${lead(70)}…`);
    expect(markdown.digest(lead(70), "snippet").teaser).toBe(`${lead(60)}...`);
    // A run of dots longer than an ellipsis is no editor's cut: it ends in one "...".
    expect(snippetTeaser(`市政府印发方案${".".repeat(1000)}`)).toBe("市政府印发方案...");
    // An article's lead cut by another CMS is cut again like any lead, and ends in one "...".
    expect(markdown.digest(`${lead(70)}...`, "article").teaser).toBe(`${lead(60)}...`);
  });
});
