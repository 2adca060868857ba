// latest.js: the 最新 list beside every page. It is one small file rather than a list in every
// page, so that publishing a story rewrites this file and the few pages that show the story,
// not all 100,000 pages. Without JavaScript the sidebar links to the home page's 最新 list.
// The script builds its list with textContent only (no HTML from data), and finds the site's
// root from its own address, so it works from disk, at a server's root and under a sub-path.
import type { SiteModel } from "../model/site-model.js";
import { jsonForScript } from "./script-json.js";
import { latestItems } from "./views.js";

export function latestScript(model: SiteModel): string {
  const items = latestItems(model).map((i) => [i.title, i.route, i.date, i.datetime]);
  return `// 最新: written by xnews for every page's sidebar.
(function () {
  var items = ${jsonForScript(items)};
  var script = document.currentScript;
  var list = document.getElementById("latest-list");
  if (!script || !list) return;
  var root = script.src.slice(0, script.src.lastIndexOf("/") + 1);
  for (var i = 0; i < items.length; i++) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + items[i][1];
    a.textContent = items[i][0];
    var time = document.createElement("time");
    time.dateTime = items[i][3];
    time.textContent = items[i][2];
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(time);
    list.appendChild(li);
  }
})();
`;
}
