// The playground's only job is wiring: every answer comes from the core.
// Text is always set with textContent, never parsed as HTML.
import init, { Engine, TripJournal } from "./pkg/shoptrip.js";

const $ = (id) => document.getElementById(id);
const el = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

await init();
const catalogs = {
  US: await (await fetch("catalogs/us.json")).text(),
  JP: await (await fetch("catalogs/jp.json")).text(),
};
const engines = { US: new Engine(catalogs.US), JP: new Engine(catalogs.JP) };
engines.JP.setProgram("points"); // Japanese accounts earn store points
let engine = engines.US;
let matched = null;
let journal;
try {
  journal = new TripJournal("local");
} catch (e) {
  $("trip-error").textContent = e.message;
}

function showCatalog() {
  $("catalog-info").textContent = `${engine.storeCount} stores, ${engine.currency}`;
  const select = $("estimate-store");
  select.replaceChildren();
  for (const store of engine.search("", 500)) {
    select.append(new Option(`${store.name} — ${store.offer.text}`, store.id));
  }
  $("program").value = engine.program;
}

function checkUrl() {
  const out = $("match-result");
  out.replaceChildren();
  const referrer = $("referrer").value.trim() || undefined;
  matched = engine.matchUrl($("url").value, referrer);
  $("start-trip").disabled = !matched;
  if (!matched) {
    out.append(el("span", "Not a partner store page: ShopTrip stays quiet here.", "muted"));
    return;
  }
  const line = el("p");
  line.append(el("span", matched.badge, matched.standDown ? "badge paused" : "badge"));
  line.append(el("strong", matched.storeName), ` — ${matched.offer.text} `, el("span", `(${matched.host})`, "muted"));
  out.append(line);
  if (matched.standDown) {
    const sd = matched.standDown;
    const until = new Date(sd.untilMs).toLocaleTimeString();
    out.append(el("p", `Standing down until ${until}: you arrived through ${sd.networkName}. ${sd.reason}.`, "warn"));
  } else {
    out.append(el("p", "ShopTrip may offer activation here.", "ok"));
  }
  const store = engine.store(matched.storeId);
  if (store.exclusions.length) out.append(el("p", `Exclusions: ${store.exclusions.join(", ")}`, "muted"));
  $("estimate-store").value = matched.storeId;
}

function estimate() {
  const out = $("estimate-result");
  out.replaceChildren();
  try {
    const minor = engine.parseAmount($("subtotal").value);
    const result = engine.estimate($("estimate-store").value, minor, $("program").value);
    out.append(el("strong", result.display), el("span", " estimated — confirmed by the store after purchase", "muted"));
  } catch (e) {
    out.append(el("span", e.message, "error"));
  }
}

function guarded(action) {
  $("trip-error").textContent = "";
  try {
    action();
  } catch (e) {
    $("trip-error").textContent = e.message;
  }
  renderTrips();
}

function renderTrips() {
  const body = $("trips").querySelector("tbody");
  body.replaceChildren();
  if (!journal) return;
  for (const trip of journal.trips().reverse()) {
    const tripEngine = trip.currency === "JPY" ? engines.JP : engines.US;
    const row = el("tr");
    row.append(el("td", trip.storeName), el("td", new Date(trip.startedMs).toLocaleString()), el("td", trip.status));
    row.append(el("td", trip.order ? tripEngine.formatMoney(trip.order.subtotalMinor) : "—"));
    row.append(el("td", trip.order ? trip.order.estimate.display : trip.offer.text));
    // The core says which steps the lifecycle allows; the page offers them.
    const cell = el("td");
    for (const next of journal.allowedStatuses(trip.id)) {
      if (next === "ordered") {
        const input = el("input");
        input.placeholder = "Subtotal";
        input.setAttribute("aria-label", `Order subtotal at ${trip.storeName}`);
        const button = el("button", "Record order");
        button.addEventListener("click", () => guarded(() => {
          journal.recordOrder(tripEngine, trip.id, tripEngine.parseAmount(input.value), undefined, "manual");
        }));
        cell.append(input, " ", button, " ");
      } else {
        const button = el("button", `Mark ${next}`, next === "pending" || next === "confirmed" ? "" : "secondary");
        button.addEventListener("click", () => guarded(() => journal.setStatus(trip.id, next)));
        cell.append(button, " ");
      }
    }
    row.append(cell);
    body.append(row);
  }
}

$("region").addEventListener("change", (e) => {
  engine = engines[e.target.value];
  $("url").value = e.target.value === "JP" ? "https://www.yodobashi.com/product/100000001" : "https://www.macys.com/shop/womens-clothing?id=118";
  showCatalog();
  checkUrl();
  $("estimate-result").replaceChildren();
});
$("match-form").addEventListener("submit", (e) => { e.preventDefault(); checkUrl(); });
$("estimate-form").addEventListener("submit", (e) => { e.preventDefault(); estimate(); });
$("start-trip").addEventListener("click", () => guarded(() => {
  journal.startTrip(engine, matched.storeId, $("url").value, undefined, engine.program);
}));
$("clear-trips").addEventListener("click", () => guarded(() => journal.clear()));

showCatalog();
checkUrl();
renderTrips();
for (const issue of journal ? journal.loadIssues() : []) {
  $("trip-error").textContent = `Some stored trips could not be read and were kept aside (${issue.backupKey}): ${issue.message}`;
}
document.body.dataset.ready = "true";
