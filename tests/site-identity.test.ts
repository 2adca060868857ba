// Who publishes the site, in every page's footer as Chinese portals print it (主办单位, 许可证, ICP
// and 公安 备案 linked to where they are checked, contact), and the words a newsroom changes (labels).
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SITE_YML, buildProject, listTree, projectWith, readPage, xnews } from "./helpers/site.js";

const IDENTITY = `owner: 咸宁日报社
beian:
  icp: 鄂ICP备12345678号-1
  police: 鄂公网安备 42120202000123号
license: "42120170004"
contact:
  phone: 0715-812 3456
  email: news@example.org
  address: 湖北省咸宁市咸宁大道
labels:
  editor: 责任编辑
  相关新闻: 延伸阅读
  prev: 上一条
`;

const STORIES = [
  { id: "a", date: "2018-12-07 09:30", channel: "chibi", extra: "editor: 胡少鹏\nsource: 咸宁日报", related: ["b"] },
  { id: "b", date: "2018-12-03 10:00", channel: "chibi" },
];

describe("a site with its identity and labels", () => {
  let out: string;
  beforeAll(async () => {
    ({ out } = await buildProject(projectWith(STORIES, [], SITE_YML + IDENTITY)));
  });

  it("prints the 主办单位, 许可证, both 备案 numbers and the contact in every page's footer", () => {
    const pages = listTree(out).filter((f) => f.endsWith(".html") && !f.includes("redirect"));
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const $ = readPage(out, page);
      const footer = $("footer .site-identity");
      expect(footer.text(), page).toContain("主办单位:咸宁日报社");
      expect(footer.find(".license").text(), page).toBe("互联网新闻信息服务许可证:42120170004");
      expect(footer.find('a[href="https://beian.miit.gov.cn/"]').text(), page).toBe("鄂ICP备12345678号-1");
      expect(footer.find('a[href="https://beian.mps.gov.cn/#/query/webSearch?code=42120202000123"]').text(), page).toBe("鄂公网安备 42120202000123号");
      expect(footer.find('a[href="tel:07158123456"]').text(), page).toBe("0715\u2011812\u00a03456");
      expect(footer.find('a[href="mailto:news@example.org"]').text(), page).toBe("news@example.org");
      expect(footer.find(".contact").text(), page).toContain("地址:湖北省咸宁市咸宁大道");
    }
  });

  it("prints the site's labels, by English name or by the default word, and the defaults elsewhere", () => {
    const $ = readPage(out, "chibi/201812/t20181207_a.html");
    expect($(".editor").text()).toBe("责任编辑:胡少鹏");
    expect($(".related h2").text()).toBe("延伸阅读");
    expect($(".prev-next").text()).toContain("上一条:");
    expect($(".prev-next").text()).toContain("下一篇:");
    expect($(".source").text()).toBe("来源:咸宁日报");
  });
});

it("leaves out of the footer what site.yml does not give", async () => {
  const { out } = await buildProject(projectWith(STORIES, [], `${SITE_YML}beian:\n  icp: 鄂ICP备12345678号\n`));
  const $ = readPage(out, "index.html");
  expect($("footer .beian a")).toHaveLength(1);
  expect($("footer .license, footer .contact, footer .owner")).toHaveLength(0);
});

it("warns at the line of a 备案 number that does not read as one, an e-mail that is not one, and a label no page shows", async () => {
  const site = `${SITE_YML}beian:
  icp: 12345678
  police: 鄂公网安备
contact: { email: news-at-example.org }
labels:
  editer: 责任编辑
`;
  const project = projectWith(STORIES, [], site);
  const { code, stdout } = await xnews(["check"], project);
  expect(code).toBe(1);
  const at = (n: number) => `${path.join("content", "site.yml")}:${SITE_YML.split("\n").length + n}:`;
  expect(stdout).toContain(`${at(1)}3  warning: beian.icp`);
  expect(stdout).toContain(`${at(2)}3  warning: beian.police`);
  expect(stdout).toContain(`${at(3)}12  warning: contact.email`);
  expect(stdout).toContain(`${at(5)}3  warning: unknown label`);
  expect(stdout).toContain("0 errors, 4 warnings");
  expect(stdout).toMatch(/beian\.icp "12345678" does not read as an ICP 备案号/);
  expect(stdout).toMatch(/beian\.police "鄂公网安备" has no record number/);
  expect(stdout).toMatch(/contact\.email "news-at-example\.org" is not an e-mail address/);
  expect(stdout).toMatch(/unknown label "editer" is ignored[\s\S]*did you mean "editor"\?/);
});
