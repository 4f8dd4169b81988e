// The trips page: every trip with its status and estimate, totals, the next
// payout and the way to its minimum, rewards by month, claims for orders
// never confirmed, export and delete. Figures, claims and exports are the
// core's; this page lays them out (text only, never HTML).

import { applyPublisher, ask, el, formatDate, formatDateTime, localize, t, trackingReason } from "./shared.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
let report = null;
let publisher = null;

localize();

function showError(e) {
  $("error").textContent = e ? t("popupError", [String(e.message ?? e)]) : "";
  $("error").hidden = !e;
}

async function refresh() {
  const [next, build, account] = await Promise.all([ask({ type: "report" }), ask({ type: "publisher" }), ask({ type: "account" })]);
  report = next;
  publisher = build;
  applyPublisher(publisher);
  if (account.offered) renderAccountLine(account);
  renderLedger();
  renderPayout();
  renderTotals();
  renderChart();
  renderTrips();
  renderClaims();
}

/** What the publisher last said, and whether it can be asked (a linked account). */
function renderAccountLine(account) {
  const last = account.lastReport;
  const said = !last ? t("tripsAccountNever")
    : last.problem ? t("accountLastProblem", [formatDateTime(last.atMs), last.problem])
      : formatDateTime(last.atMs);
  $("account-line").textContent = account.state === "linked"
    ? t("tripsAccountLine", [publisher.name, said])
    : account.state === "sign-in-again" ? t("accountSignInAgain", [publisher.name]) : t("tripsAccountSignedOut", [publisher.name]);
  document.querySelector('[data-action="refresh-reports"]').hidden = account.state !== "linked";
}

/** Asks the worker for the publisher's report (the core says whether it is due), then shows the page again. */
async function askPublisher() {
  const button = document.querySelector('[data-action="refresh-reports"]');
  button.disabled = true;
  try {
    await ask({ type: "refresh-reports" });
    await refresh();
  } finally {
    button.disabled = false;
  }
}

function renderPayout() {
  const p = report.payout;
  // The publisher sets no schedule for this program: nothing to project.
  $("payout-card").hidden = !p;
  if (!p) return;
  $("payout-date").textContent = formatDate(Date.parse(`${p.nextDate}T12:00:00Z`));
  $("payout-line").textContent = p.reachesMinimum
    ? t("tripsPayoutPays", [p.balanceDisplay])
    : t("tripsPayoutBelow", [p.balanceDisplay, p.minimumDisplay]);
  const share = Math.min(1, p.balance / p.minimum);
  $("payout-bar").style.width = `${Math.round(share * 100)}%`;
  const meter = $("payout-meter");
  meter.setAttribute("aria-valuemax", String(p.minimum));
  meter.setAttribute("aria-valuenow", String(Math.min(p.balance, p.minimum)));
  meter.setAttribute("aria-label", t("tripsPayoutProgress"));
}

/** The publisher's word on the account: its balance and payouts. */
function renderLedger() {
  const ledger = report.ledger;
  $("ledger-card").hidden = !ledger;
  if (!ledger) return;
  $("ledger-title").textContent = t("tripsBalance", [publisher.name]);
  $("ledger-pending").textContent = ledger.pendingDisplay;
  $("ledger-confirmed").textContent = ledger.confirmedDisplay;
  $("ledger-paid").textContent = ledger.paidDisplay;
  $("ledger-payouts").replaceChildren(...(ledger.payouts.length
    ? ledger.payouts.map((p) => el("li", `${formatDate(Date.parse(`${p.date}T12:00:00Z`))}: ${p.display}`))
    : [el("li", t("tripsNoPayouts"))]));
  $("ledger-when").textContent = t("tripsReportedAt", [publisher.name, formatDate(ledger.reportedMs)]);
}

function renderTotals() {
  const rows = report.totals.map((total) => {
    const tr = el("tr");
    tr.append(el("td", `${t(`status${total.status}`)} (${total.trips})`), el("td", total.display));
    return tr;
  });
  $("totals").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr")]));
}

function renderChart() {
  const months = report.months;
  // No rewards yet: say so, rather than an empty 250-pixel frame.
  if (!months.some((m) => m.confirmed + m.expected > 0)) {
    $("chart").replaceChildren(el("p", t("tripsChartEmpty"), "note"));
    return;
  }
  const width = 720, height = 180, pad = 24, gap = 8;
  const max = Math.max(1, ...months.map((m) => m.confirmed + m.expected));
  const barWidth = (width - pad) / months.length - gap;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height + 20}`);
  svg.setAttribute("role", "img");
  const summary = months.filter((m) => m.confirmed + m.expected > 0)
    .map((m) => `${m.month}: ${m.confirmed + m.expected}`).join(", ");
  svg.setAttribute("aria-label", `${t("tripsChart")}. ${summary || t("tripsEmpty")}`);
  months.forEach((m, i) => {
    const x = pad + i * (barWidth + gap);
    let y = height;
    for (const [value, cls] of [[m.confirmed, "bar-confirmed"], [m.expected, "bar-expected"]]) {
      const h = (value / max) * (height - 10);
      if (h <= 0) continue;
      y -= h;
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", String(x));
      rect.setAttribute("y", String(y));
      rect.setAttribute("width", String(barWidth));
      rect.setAttribute("height", String(h));
      rect.setAttribute("class", cls);
      svg.append(rect);
    }
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", String(x + barWidth / 2));
    label.setAttribute("y", String(height + 15));
    label.setAttribute("text-anchor", "middle");
    const [year, month] = m.month.split("-").map(Number);
    label.textContent = new Date(Date.UTC(year, month - 1, 15))
      .toLocaleDateString(chrome.i18n.getUILanguage(), { month: "short", timeZone: "UTC" });
    svg.append(label);
  });
  $("chart").replaceChildren(svg);
}

function visibleTrips() {
  const status = $("filter-status").value;
  const store = $("filter-store").value.trim().toLowerCase();
  return report.trips.filter((trip) =>
    (!status || trip.status === status) && (!store || trip.storeName.toLowerCase().includes(store)));
}

/** Rows on screen: a long history is shown a page at a time. */
const PAGE = 200;
let shown = PAGE;

function renderTrips() {
  const trips = visibleTrips();
  $("empty").hidden = trips.length > 0;
  $("trips").replaceChildren(...trips.slice(0, shown).map(tripRow));
  const more = $("more");
  more.hidden = trips.length <= shown;
  more.textContent = t("tripsShowMore", [String(Math.min(PAGE, trips.length - shown)), String(trips.length - shown)]);
}

function tripRow(trip) {
  const tr = el("tr");
  tr.dataset.trip = trip.id;
  tr.dataset.status = trip.status;
  const status = el("span", t(`status${trip.status}`), "status");
  // The publisher's amounts replace the estimate, and say whose they are.
  const reported = trip.reported;
  const subtotal = reported?.orderDisplay ?? trip.subtotalDisplay ?? "—";
  const reward = reported?.valueDisplay ?? trip.valueDisplay ?? trip.offerText;
  const actions = el("td");
  if (trip.status === "activated" && !reported) actions.append(orderForm(trip));
  const rewardCell = el("td", reward, "num");
  if (reported?.valueDisplay) rewardCell.append(el("small", t("tripsPublisherAmount", [publisher.name]), "fact"));
  if (trip.mayNotBeRecorded) rewardCell.append(el("small", t("tripsMayNotBeRecorded"), "warn"));
  tr.append(el("td", trip.storeName), el("td", formatDate(trip.startedMs)), el("td"),
    el("td", subtotal, "num"), rewardCell, actions);
  tr.children[2].append(status);
  if (reported) {
    const said = reported.reason ? t("tripsReportedReason", [publisher.name, reported.reason]) : t("tripsReportedBy", [publisher.name]);
    tr.children[2].append(el("small", said, "fact"));
  }
  // What explains missing cash back, said as facts.
  if (trip.trackingFailure) {
    tr.children[2].append(el("small", t("popupTrackingFailed", [trackingReason(trip.trackingFailure)]), "fact"));
  }
  if (trip.attributionLost) {
    const lost = trip.attributionLost;
    tr.children[2].append(el("small", t("popupAttributionLost", [lost.networkName, lost.signal]), "fact"));
  }
  return tr;
}

function orderForm(trip) {
  const form = el("form", undefined, "order-form");
  const amount = el("input");
  amount.inputMode = "decimal";
  amount.required = true;
  amount.setAttribute("aria-label", `${t("tripsOrderSubtotal")} — ${trip.storeName}`);
  amount.placeholder = t("tripsOrderSubtotal");
  const number = el("input");
  number.setAttribute("aria-label", `${t("tripsOrderNumber")} — ${trip.storeName}`);
  number.placeholder = t("tripsOrderNumber");
  const save = el("button", t("tripsOrderAdd"));
  save.type = "submit";
  form.append(amount, number, save);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await ask({ type: "record-order", tripId: trip.id, amount: amount.value.trim(), orderNumber: number.value.trim() });
      showError(null);
      await refresh();
    } catch (err) {
      showError(err);
    }
  });
  return form;
}

function renderClaims() {
  const claims = report.trips.filter((trip) => trip.claim);
  $("claims-box").hidden = claims.length === 0;
  $("claims").replaceChildren(...claims.map((trip) => {
    const box = el("div", undefined, "claim");
    const text = el("pre", trip.claim);
    const copy = el("button", t("popupCopy"));
    copy.type = "button";
    copy.addEventListener("click", async () => {
      await navigator.clipboard.writeText(trip.claim);
      copy.textContent = t("popupCopied");
    });
    box.append(el("h3", `${trip.storeName} — ${formatDate(trip.orderedMs)}`), text, copy);
    return box;
  }));
}

async function download(format) {
  const text = await ask({ type: "export", format });
  const blob = new Blob([text], { type: format === "csv" ? "text/csv" : "application/json" });
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = `shoptrip-trips.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const refilter = () => {
  shown = PAGE;
  renderTrips();
};
$("filter-status").addEventListener("change", refilter);
$("filter-store").addEventListener("input", refilter);
$("more").addEventListener("click", () => {
  shown += PAGE;
  renderTrips();
});
$("export-json").addEventListener("click", () => download("json").catch(showError));
$("export-csv").addEventListener("click", () => download("csv").catch(showError));
$("delete").addEventListener("click", () => {
  $("delete").hidden = true;
  $("delete-confirm").hidden = false;
  $("delete-confirm").focus();
});
$("delete-confirm").addEventListener("click", async () => {
  $("delete-confirm").hidden = true;
  $("delete").hidden = false;
  await ask({ type: "reset" }).catch(showError);
  await document.querySelector('[data-action="refresh-reports"]').addEventListener("click", () => askPublisher().catch(showError));

// The page opening is one of the three times the publisher is asked.
refresh().then(() => (publisher.account ? askPublisher() : undefined)).catch(showError);
});

document.querySelector('[data-action="refresh-reports"]').addEventListener("click", () => askPublisher().catch(showError));

// The page opening is one of the three times the publisher is asked.
refresh().then(() => (publisher.account ? askPublisher() : undefined)).catch(showError);
