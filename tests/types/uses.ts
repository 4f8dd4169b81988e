// How the extension reads the core's values, written against the generated
// pkg/shoptrip.d.ts: a field renamed or retyped in the core's shapes
// (src/wasm/shapes.rs) without its TypeScript fails this check.
import type { Engine, TripJournal, TabView, Trip } from "../../pkg/shoptrip";

export function badgeOf(engine: Engine, url: string): string | null {
  const match = engine.matchUrl(url, null);
  if (match === null) return null;
  const paused = match.standDown !== null && match.standDown.untilMs > 0;
  return paused ? "" : `${match.badge} ${match.offer.text} ${match.offer.rateBps ?? 0}`;
}

export function tabLine(view: TabView | null): string {
  if (view === null) return "";
  const failure = view.trackingFailure;
  const failed = failure ? `${failure.reason} ${failure.status ?? ""} ${failure.tripId}` : "";
  return `${view.storeName} ${view.state} ${view.landing?.offerText ?? ""} ${failed}`;
}

export function tripLines(journal: TripJournal, engine: Engine): string[] {
  const trips: Trip[] = journal.trips();
  const report = journal.report(engine, 0);
  const totals = report.totals.map((t) => `${t.display} ${t.status}`);
  const settings = journal.settings();
  const notice = journal.takeTrackingNotice(engine, 1, "https://example.com/", 0);
  return [
    ...trips.map((t) => `${t.storeName} ${t.status} ${t.order?.estimate.display ?? ""} ${t.history.length}`),
    ...totals,
    `${settings.region} ${settings.program} ${report.payout?.balanceDisplay ?? "no payout schedule"}`,
    notice ? `${notice.storeName} ${notice.host}` : "",
    ...journal.loadIssues().map((issue) => issue.backupKey ?? issue.message),
  ];
}
