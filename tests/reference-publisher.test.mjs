// The reference publisher (tests/reference-publisher/) keeps the contract's
// side strictly: PKCE S256 and state on sign-in, a code used once, refresh
// and revocation, Bearer tokens on the trips endpoint. Its hostile modes are
// then fed to the core's journal.applyTripReport: each bad answer is refused
// whole or has its bad entries skipped, and no trip moves wrongly.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { initSync, Engine, TripJournal } from "../pkg/shoptrip.js";
import { createPublisher, MEMBER } from "./reference-publisher/publisher.mjs";
import { TEST_NOW } from "./support/clock.mjs";

const root = new URL("../", import.meta.url);
initSync({ module: readFileSync(new URL("pkg/shoptrip_bg.wasm", root)) });
const REDIRECT = `https://${"a".repeat(32)}.chromiumapp.org/`;
let server, base, publisher;

before(async () => {
  publisher = createPublisher();
  server = createServer(async (req, res) => {
    const url = new URL(req.url, `https://${req.headers["x-host"]}`);
    if (!(await publisher.handle(req, res, url))) res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));

/** A request to one of the publisher's hosts. */
const ask = (host, path, init = {}) =>
  fetch(`${base}${path}`, { redirect: "manual", ...init, headers: { "x-host": host, ...init.headers } });
const form = (fields) => ({ method: "POST", body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" } });

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Signs in as the member; returns the code and state from the redirect. */
async function signIn({ challenge, state = "s1", redirect = REDIRECT } = {}) {
  const fields = { response_type: "code", client_id: "example-rewards-button", redirect_uri: redirect, state,
    code_challenge: challenge, code_challenge_method: "S256", scope: "trips", ...MEMBER };
  const res = await ask("rewards.example-rewards.test", "/oauth/authorize", form(fields));
  assert.equal(res.status, 302, await res.text());
  const back = new URL(res.headers.get("location"));
  return { code: back.searchParams.get("code"), state: back.searchParams.get("state"), back };
}

const tokenRequest = (fields) => ask("rewards.example-rewards.test", "/oauth/token",
  form({ client_id: "example-rewards-button", ...fields }));

test("sign-in needs PKCE S256, a state and the extension's redirect URI, and the member's password", async () => {
  const { challenge } = pkce();
  const query = (over) => `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: "example-rewards-button",
    redirect_uri: REDIRECT, state: "s", code_challenge: challenge, code_challenge_method: "S256", ...over })}`;
  assert.equal((await ask("rewards.example-rewards.test", query({}))).status, 200, "the sign-in page");
  for (const bad of [{ code_challenge_method: "plain" }, { code_challenge: "" }, { state: "" },
    { redirect_uri: "https://evil.example/cb" }, { client_id: "someone-else" }]) {
    assert.equal((await ask("rewards.example-rewards.test", query(bad))).status, 400, JSON.stringify(bad));
  }
  const wrong = await ask("rewards.example-rewards.test", "/oauth/authorize", form({ response_type: "code",
    client_id: "example-rewards-button", redirect_uri: REDIRECT, state: "s", code_challenge: challenge,
    code_challenge_method: "S256", username: MEMBER.username, password: "guess" }));
  assert.match(await wrong.text(), /Wrong email or password/);
  const { code, state, back } = await signIn({ challenge, state: "state-42" });
  assert.equal(state, "state-42");
  assert.equal(`${back.origin}/`, REDIRECT);
  assert.ok(code);
});

test("the code is checked against its PKCE verifier, used once; refresh and revocation work", async () => {
  const { verifier, challenge } = pkce();
  const { code } = await signIn({ challenge });
  const grant = (v) => tokenRequest({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: v });
  assert.equal((await grant(pkce().verifier)).status, 400, "another verifier");
  assert.equal((await grant(verifier)).status, 400, "the code was spent by the wrong try");
  const second = pkce();
  const { code: fresh } = await signIn({ challenge: second.challenge });
  const res = await tokenRequest({ grant_type: "authorization_code", code: fresh, redirect_uri: REDIRECT, code_verifier: second.verifier });
  const tokens = await res.json();
  assert.equal(res.status, 200);
  assert.equal(tokens.token_type, "Bearer");
  assert.ok(tokens.access_token && tokens.refresh_token && tokens.expires_in > 0);
  const trips = (access) => ask("api.example-rewards.test", "/v1/trips", { method: "POST",
    headers: { authorization: `Bearer ${access}`, "content-type": "application/json" }, body: JSON.stringify({ schema: 1, trips: [] }) });
  assert.equal((await trips(tokens.access_token)).status, 200);
  assert.equal((await trips("forged")).status, 401);
  const renewed = await (await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).json();
  assert.ok(renewed.access_token);
  const revoke = await ask("rewards.example-rewards.test", "/oauth/revoke",
    form({ token: tokens.refresh_token, token_type_hint: "refresh_token" }));
  assert.equal(revoke.status, 200);
  assert.equal((await trips(renewed.access_token)).status, 401, "revoking the refresh token ends its access tokens");
  assert.equal((await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).status, 400);
});

test("each hostile answer of the trips endpoint is refused by the core, or its bad entries skipped", async () => {
  const engine = new Engine(readFileSync(new URL("tests/fixtures/publisher/catalog-us.json", root), "utf8"));
  const data = new Map();
  const journal = new TripJournal({ get: (k) => data.get(k) ?? null, set: (k, v) => { data.set(k, v); },
    remove: (k) => { data.delete(k); }, keys: (p) => [...data.keys()].filter((k) => k.startsWith(p)) }, TEST_NOW);
  journal.setPublisher(readFileSync(new URL("tests/fixtures/publisher/publisher.json", root), "utf8"));
  const trip = journal.startTrip(engine, "macys", "https://www.macys.com/", 1, "cash_back", TEST_NOW);
  const { verifier, challenge } = pkce();
  const { code } = await signIn({ challenge });
  const { access_token: access } = await (await tokenRequest({ grant_type: "authorization_code", code,
    redirect_uri: REDIRECT, code_verifier: verifier })).json();
  publisher.report(trip.id, { status: "confirmed", orderMinor: 10_000, rewardMinor: 400 });
  const fetchReport = async () => {
    const res = await ask("api.example-rewards.test", "/v1/trips", { method: "POST",
      headers: { authorization: `Bearer ${access}`, "content-type": "application/json" }, body: journal.tripReportRequest().body });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), text: res.status === 200 ? await res.text() : "" };
  };
  for (const mode of ["trips:not-json", "trips:schema-2", "trips:wrong-type", "trips:negative", "trips:repeated-key",
    "trips:huge", "trips:huge-chunked"]) {
    publisher.calm();
    publisher.misbehave(mode);
    const { status, text } = await fetchReport();
    assert.equal(status, 200, mode);
    assert.throws(() => journal.applyTripReport(text, TEST_NOW), (e) => e.name === "PublisherError", mode);
    assert.equal(journal.trip(trip.id).status, "activated", `${mode}: nothing changed`);
  }
  for (const [mode, status, retry] of [["trips:429", 429, "3600"], ["trips:503", 503, "3600"], ["trips:500", 500, null], ["trips:401", 401, null]]) {
    publisher.calm();
    publisher.misbehave(mode);
    const answer = await fetchReport();
    assert.deepEqual([answer.status, answer.retryAfter], [status, retry], mode);
  }
  publisher.calm();
  publisher.misbehave("trips:unasked");
  const outcome = journal.applyTripReport((await fetchReport()).text, TEST_NOW);
  assert.deepEqual([outcome.applied, outcome.ignored], [1, 1], "the unasked trip is ignored, ours applied");
  assert.equal(journal.trip(trip.id).status, "confirmed");
  publisher.calm();
  publisher.misbehave("trips:backwards");
  const back = journal.applyTripReport((await fetchReport()).text, TEST_NOW);
  assert.equal(back.skipped, 1);
  assert.equal(journal.trip(trip.id).status, "confirmed", "nothing goes backwards");
  assert.deepEqual(publisher.asked.at(-1), JSON.parse(journal.tripReportRequest().body), "it was asked what the core said");
  publisher.calm();
});
