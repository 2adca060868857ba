// The footer's account of who publishes the site, as Chinese portals print it: 主办单位, 备案
// numbers linked to where a reader checks them, the news licence, and how to reach the newsroom.
import { ICP_SITE, POLICE_RECORD_SITE, policeRecordCode, type SiteIdentity } from "../site-identity.js";

export interface IdentityView {
  owner?: string;
  icp?: { text: string; href: string };
  police?: { text: string; href?: string };
  license?: string;
  contact: { label: string; text: string; href?: string }[];
}

export function identityView(identity: SiteIdentity): IdentityView {
  const { owner, beian, license, contact } = identity;
  const code = beian.police && policeRecordCode(beian.police);
  return {
    owner,
    icp: beian.icp ? { text: beian.icp, href: ICP_SITE } : undefined,
    police: beian.police ? { text: beian.police, href: code ? POLICE_RECORD_SITE + code : undefined } : undefined,
    license,
    contact: [
      // Shown with non-breaking hyphens and spaces: a number broken across two lines is misread.
      // Linked only when it is one number: "0715-8127000转8001" or two numbers would dial wrong.
      contact.phone && { label: "电话", text: contact.phone.replace(/-/g, "\u2011").replace(/ /g, "\u00a0"), href: /^\+?[0-9][0-9 -]*$/.test(contact.phone) ? `tel:${contact.phone.replace(/[^0-9+]/g, "")}` : undefined },
      contact.email && { label: "邮箱", text: contact.email, href: `mailto:${contact.email}` },
      contact.address && { label: "地址", text: contact.address },
    ].filter((c): c is IdentityView["contact"][number] => Boolean(c)),
  };
}
