// Settings: what ShopTrip holds on this device and why, from the worker.

import { ask, el, formatTime, localize, t } from "./shared.js";

const $ = (id) => document.getElementById(id);
localize();

try {
  const info = await ask({ type: "options" });
  $("program").textContent = t(`program${info.program}`);
  $("catalog").textContent = t("optionsCatalogLine", [String(info.storeCount), info.region, info.updated ?? "—"]);
  $("trips").textContent = t("optionsTripCount", [String(info.tripCount)]);
  const list = (id, items, empty, make) =>
    $(id).replaceChildren(...(items.length ? items.map(make) : [el("li", t(empty))]));
  list("standdowns", info.standDowns, "optionsNoStandDowns", (s) =>
    el("li", t("optionsStandDownLine", [s.storeId, s.networkName, s.reason, formatTime(s.untilMs)])));
  list("problems", info.problems, "optionsNoIssues", (p) => el("li", p));
  list("notices", info.notices, "optionsNoIssues", (n) => el("li", n));
} catch (e) {
  $("error").textContent = t("popupError", [e.message]);
  $("error").hidden = false;
}
