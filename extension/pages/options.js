// Settings and first run: how ShopTrip is paid (said before the shopper
// chooses anything), the reward program (chosen once), region,
// notifications, muted sites, the catalog feed, and what ShopTrip holds on
// this device. Every rule (who may choose Membership Rewards, what a muted
// site covers, which URL a feed may have) is the core's, through the worker.

import { applyPublisher, ask, el, formatDateTime, formatTime, localize, t } from "./shared.js";
import { askReportConsent, haveReportConsent } from "../worker/data-consent.js";

const $ = (id) => document.getElementById(id);
localize();

function showError(id, e) {
  $(id).textContent = e ? String(e.message ?? e) : "";
  $(id).hidden = !e;
}

async function refresh() {
  const [settings, info, publisher, account] = await Promise.all([
    ask({ type: "settings" }), ask({ type: "options" }), ask({ type: "publisher" }), ask({ type: "account" })]);
  applyPublisher(publisher);
  if (account.offered) renderAccount(publisher, account, await haveReportConsent());
  const chosen = settings.accountChosen;
  $("program").textContent = chosen
    ? `${t(`program${settings.account}`)} — ${t("optionsProgramFixed")}`
    : t("optionsProgramUnchosen");
  $("choose").hidden = chosen;
  // Membership Rewards only where the publisher offers it, for US members.
  $("mr-choice").hidden = settings.region !== "US" || !publisher.programs.includes("membership_rewards");
  $("program-box").classList.toggle("welcome", !chosen);
  $("how-paid").classList.toggle("welcome", !chosen);
  $("region").value = settings.region;
  $("notifications").checked = settings.notifications;
  $("muted").replaceChildren(...(settings.muted.length ? settings.muted.map(mutedRow) : [el("li", t("optionsNoMuted"))]));
  const trusted = settings.trusted ?? [];
  $("trusted").replaceChildren(...(trusted.length ? trusted.map(trustedRow) : [el("li", t("optionsNoTrusted"))]));
  $("feed-url").value = settings.feedUrl ?? "";
  const feedStatus = settings.feedError
    ? t("optionsFeedError", [settings.feedError])
    : settings.feedUpdatedMs ? t("optionsFeedUpdated", [formatTime(settings.feedUpdatedMs)]) : "";
  $("feed-status").textContent = feedStatus;
  $("feed-status").className = settings.feedError ? "error" : "small";
  $("feed-status").hidden = !feedStatus;
  $("catalog").textContent = t("optionsCatalogLine", [String(info.storeCount), info.region, info.updated ?? "—"]);
  $("trips").textContent = t("optionsTripCount", [String(info.tripCount)]);
  const list = (id, items, empty, make) =>
    $(id).replaceChildren(...(items.length ? items.map(make) : [el("li", t(empty))]));
  list("standdowns", info.standDowns, "optionsNoStandDowns", (s) =>
    el("li", t("optionsStandDownLine", [s.storeId, s.networkName, s.reason, formatTime(s.untilMs)])));
  list("problems", info.problems, "optionsNoIssues", (p) => el("li", p));
  $("notices").replaceChildren(...info.notices.map((n) => el("li", n)));
}

/** The account with the publisher: linked, signed out or "sign in again", and its last report. */
function renderAccount(publisher, account, consented) {
  const name = publisher.name;
  accountLinked = account.state === "linked";
  $("account-title").textContent = t("accountTitle", [name]);
  $("account-state").textContent = {
    "signed-out": () => t("accountSignedOut", [name]),
    linked: () => t("accountLinked", [name, formatDateTime(account.sinceMs)]),
    "sign-in-again": () => t("accountSignInAgain", [name]),
  }[account.state]();
  const link = document.querySelector('[data-action="link-account"]');
  // Linked, but Firefox's consent to send the reports withdrawn: asked again here.
  link.hidden = account.state === "linked" && consented;
  link.textContent = account.state === "linked"
    ? t("accountConsentButton")
    : account.state === "sign-in-again" ? t("accountSignInAgainButton") : t("accountLink", [name]);
  document.querySelector('[data-action="sign-out"]').hidden = account.state === "signed-out";
  document.querySelector('[data-action="sign-out"]').textContent = t("accountSignOut");
  const last = account.lastReport;
  const lines = [];
  if (account.state === "linked") {
    if (!consented) lines.push(t("accountConsentMissing", [name]));
    if (!last) lines.push(t("accountNoReport", [name]));
    else if (last.problem) lines.push(t("accountLastProblem", [formatDateTime(last.atMs), last.problem]));
    else lines.push(t("accountLastReport", [name, formatDateTime(last.atMs), String(last.applied)]));
    if (account.nextReportMs) lines.push(t("accountNextReport", [formatDateTime(Math.max(account.nextReportMs, Date.now()))]));
  }
  $("account-report").textContent = lines.join(" ");
  const unused = last && !last.problem ? last.ignored + last.skipped : 0;
  $("account-skipped").hidden = unused === 0;
  $("account-skipped").textContent = unused ? t("accountSkipped", [String(unused)]) : "";
  $("account-problems").replaceChildren(...(unused ? last.problems.map((p) => el("li", p)) : []));
  $("account-sent").textContent = t("accountWhatIsSent", [name]);
}

/** A trusted site as its host (punycode: a homoglyph shows as one), with Remove. */
function trustedRow(host) {
  const li = el("li");
  li.dataset.site = host;
  const remove = el("button", t("optionsTrustRemove"));
  remove.type = "button";
  remove.setAttribute("aria-label", `${t("optionsTrustRemove")} ${host}`);
  remove.addEventListener("click", () => change({ type: "untrust", host }));
  li.append(el("span", host), remove);
  return li;
}

function mutedRow(host) {
  const li = el("li");
  const remove = el("button", t("optionsMuteRemove"));
  remove.type = "button";
  remove.setAttribute("aria-label", `${t("optionsMuteRemove")} ${host}`);
  remove.addEventListener("click", () => change({ type: "unmute", host }, "mute-error"));
  li.append(el("span", host), remove);
  return li;
}

async function change(message, errorId = "error") {
  try {
    await ask(message);
    showError(errorId, null);
  } catch (e) {
    showError(errorId, e);
  }
  await refresh();
}

$("choose").addEventListener("change", () => {
  const mr = $("choose").elements.program.value === "membership_rewards";
  $("mr-questions").hidden = !mr;
});
$("choose").addEventListener("submit", (e) => {
  e.preventDefault();
  const form = $("choose").elements;
  const answers = {};
  for (const key of ["usCard", "enrolled", "inGoodStanding", "corporate"]) answers[key] = form[key].checked;
  change({ type: "choose-account", program: form.program.value, answers }, "choose-error");
});
$("region").addEventListener("change", (e) => change({ type: "set-region", region: e.target.value }));
$("notifications").addEventListener("change", (e) => change({ type: "set-notifications", on: e.target.checked }));
$("mute-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const site = $("mute-site").value.trim();
  if (!site) return;
  $("mute-site").value = "";
  change({ type: "mute", site }, "mute-error");
});
$("feed-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const url = $("feed-url").value.trim();
  change({ type: "set-feed", url: url || null }, "feed-error");
});
let accountLinked = false;
document.querySelector('[data-action="link-account"]').addEventListener("click", async () => {
  // Asked first, in the click itself: Firefox grants a request only there.
  if (!(await askReportConsent())) {
    showError("account-error", new Error(t("accountConsentRefused")));
    return;
  }
  change({ type: accountLinked ? "refresh-reports" : "link-account" }, "account-error");
});
document.querySelector('[data-action="sign-out"]').addEventListener("click", () => change({ type: "sign-out" }, "account-error"));
$("reset").addEventListener("click", () => {
  $("reset").hidden = true;
  $("reset-confirm").hidden = false;
  $("reset-confirm").focus();
});
$("reset-confirm").addEventListener("click", async () => {
  $("reset-confirm").hidden = true;
  $("reset").hidden = false;
  await change({ type: "reset" });
});

refresh().catch((e) => showError("error", e));
