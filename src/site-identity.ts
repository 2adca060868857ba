// Who publishes the site, as a Chinese portal's footer must say it (主办单位, ICP 备案, 公安备案,
// 互联网新闻信息服务许可证, contact), and the words its pages use where newsrooms differ (编辑 or
// 责任编辑): site.yml's owner, beian, license, contact and labels.
import { z } from "zod";

export interface SiteIdentity {
  /** 主办单位 */
  owner?: string;
  beian: {
    /** ICP 备案号, e.g. 鄂ICP备12345678号-1: linked to the MIIT's 备案 site. */
    icp?: string;
    /** 公安备案号, e.g. 鄂公网安备42120202000123号: linked to the MPS's record of it by its digits. */
    police?: string;
  };
  /** 互联网新闻信息服务许可证 number. */
  license?: string;
  contact: { phone?: string; email?: string; address?: string };
}

/** Where a reader checks an ICP 备案号 (MIIT): it has no address per number. */
export const ICP_SITE = "https://beian.miit.gov.cn/";
/** Where a reader checks a 公安备案号 (MPS), by its digits. */
export const POLICE_RECORD_SITE = "https://beian.mps.gov.cn/#/query/webSearch?code=";

/** The words a newsroom may change, by name, with the seed page's words as defaults. */
const DEFAULT_LABELS = {
  editor: "编辑",
  source: "来源",
  keywords: "关键词",
  prev: "上一篇",
  next: "下一篇",
  related: "相关新闻",
} as const;

type LabelName = keyof typeof DEFAULT_LABELS;
export type Labels = Record<LabelName, string>;

/** A label may be named in English (editor) or by its default word (编辑: 责任编辑). */
const LABEL_NAMES = new Map<string, LabelName>(
  (Object.entries(DEFAULT_LABELS) as [LabelName, string][]).flatMap(([name, word]) => [
    [name, name],
    [word, name],
  ]),
);

/** Every name a label may be given under, for a message about one that is not. */
export const KNOWN_LABEL_NAMES: readonly string[] = [...LABEL_NAMES.keys()];

export function labelNamed(key: string): LabelName | undefined {
  return LABEL_NAMES.get(key);
}

/** site.yml's labels over the defaults; unknown names are left to the caller's warning. */
export function labelsOf(given: Record<string, string>): Labels {
  const labels: Labels = { ...DEFAULT_LABELS };
  for (const [key, word] of Object.entries(given)) {
    const name = labelNamed(key);
    if (name && word) labels[name] = word;
  }
  return labels;
}

const text = (what: string) =>
  z
    .union([z.string(), z.number()], { error: `${what} must be text` })
    .transform((v) => String(v).trim() || undefined)
    .optional();

export const identitySchema = {
  owner: text("owner (主办单位)"),
  beian: z
    .object({ icp: text("beian.icp"), police: text("beian.police") }, { error: "beian must hold icp: and police:, e.g. beian: { icp: 鄂ICP备12345678号-1 }" })
    .default({}),
  license: text("license (互联网新闻信息服务许可证)"),
  // One line of text is the address a reader writes to; else its parts.
  contact: z
    .union([z.string().transform((address): SiteIdentity["contact"] => ({ address: address.trim() || undefined })), z.object({ phone: text("contact.phone"), email: text("contact.email"), address: text("contact.address") })], {
      error: "contact must be text, or { phone: 0715-8127000, email: news@example.com, address: 咸宁市… }",
    })
    .default({}),
  labels: z.record(z.string(), z.union([z.string(), z.number()]).transform((v) => String(v).trim()), { error: "labels must hold name: word lines, e.g. labels: { editor: 责任编辑 }" }).default({}),
};

/** The digits a 公安备案号 is looked up by, when it has them (42120202000123 of 鄂公网安备 42120202000123号). */
export function policeRecordCode(police: string): string | undefined {
  return police.match(/[0-9]{8,}/)?.[0];
}

/** An ICP 备案号 as the MIIT writes them: a province's character, ICP备, digits, 号, and maybe -n. */
export function isIcpNumber(icp: string): boolean {
  return /^\p{Script=Han}ICP[备証证]\s*[0-9]{4,}号(?:-[0-9]+)?$/u.test(icp);
}
