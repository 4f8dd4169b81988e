// The reference publisher (README.md beside this file): authorization with
// PKCE, token, refresh and revocation, a click server that records trip ids,
// and the trips endpoint, all on the publisher's own hosts. One instance per
// test web server; the tests read what it saw and set what it reports.
import { createHash, randomBytes } from "node:crypto";

const CODE_LIFETIME_MS = 10 * 60_000;
const ACCESS_LIFETIME_S = 3600;
/** The one member who can sign in. */
export const MEMBER = { username: "member@example.test", password: "correct horse battery staple" };
/** The extension's redirect URIs, as `identity.getRedirectURL()` gives them. */
const REDIRECT = /^https:\/\/[a-p]{32}\.chromiumapp\.org\/|^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\//;

const base64url = (bytes) => Buffer.from(bytes).toString("base64url");
const token = () => base64url(randomBytes(24));
const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Reads a request's body as text (at most 64 KiB). */
function body(req) {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      text += chunk;
      if (text.length > 65_536) req.destroy(new Error("too large"));
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

function json(res, status, value, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(typeof value === "string" ? value : JSON.stringify(value));
}

export function createPublisher({ clientId = "example-rewards-button" } = {}) {
  const codes = new Map(); // code → { redirectUri, challenge, expires }
  const accessTokens = new Map(); // token → { refresh, expires }
  const refreshTokens = new Set();
  const revoked = [];
  const clicks = []; // trip ids the click server saw
  const asked = []; // the trips endpoint's request bodies
  const grants = []; // the token endpoint's grant types, in order
  const reports = new Map(); // trip id → entry the publisher reports
  let balance = { pendingMinor: 0, confirmedMinor: 0, paidMinor: 0 };
  let payouts = [];
  const modes = new Set();

  const publisher = {
    clicks, asked, revoked, reports, grants,
    /** Makes an endpoint misbehave (README.md's table); `calm()` ends it. */
    misbehave: (mode) => modes.add(mode),
    calm: () => modes.clear(),
    /** What the publisher will say about trip `id`. */
    report(id, entry) {
      reports.set(id, { id, updated: new Date().toISOString().replace(/\.\d+Z$/, "Z"), ...entry });
    },
    setBalance(next, paid = []) {
      balance = next;
      payouts = paid;
    },
    /** Whether any access token (of the sign-in with `refresh`, if given) is still good. */
    tokensLive: (refresh) => refreshTokens.has(refresh) ||
      [...accessTokens.values()].some((t) => t.expires > Date.now() && (refresh === undefined || t.refresh === refresh)),
    handle,
  };

  /** Handles a request to one of the publisher's hosts; false if it is not one of its paths. */
  async function handle(req, res, url) {
    const at = `${url.host}${url.pathname}`;
    if (at === "go.example-rewards.test/c") {
      clicks.push(url.searchParams.get("trip"));
      res.writeHead(302, { location: url.searchParams.get("u") ?? "https://www.example.org/", "cache-control": "no-store" });
      res.end();
      return true;
    }
    if (at === "rewards.example-rewards.test/oauth/authorize") return authorize(req, res, url);
    if (at === "rewards.example-rewards.test/oauth/token" && req.method === "POST") return tokenEndpoint(req, res);
    if (at === "rewards.example-rewards.test/oauth/revoke" && req.method === "POST") return revoke(req, res);
    if (at === "api.example-rewards.test/v1/trips" && req.method === "POST") return trips(req, res);
    return false;
  }

  async function authorize(req, res, url) {
    const params = req.method === "POST" ? new URLSearchParams(await body(req)) : url.searchParams;
    const redirectUri = params.get("redirect_uri") ?? "";
    const problem = params.get("response_type") !== "code" ? "response_type must be code"
      : params.get("client_id") !== clientId ? "unknown client"
        : !REDIRECT.test(redirectUri) ? "redirect_uri is not the extension's"
          : params.get("code_challenge_method") !== "S256" || !params.get("code_challenge") ? "PKCE with S256 is required"
            : !params.get("state") ? "state is required" : null;
    if (problem) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(problem);
      return true;
    }
    if (req.method !== "POST" || params.get("username") !== MEMBER.username || params.get("password") !== MEMBER.password) {
      // The sign-in page: the request's parameters go back with the form.
      const hidden = ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope"]
        .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) ?? "")}">`).join("");
      const failed = req.method === "POST" ? '<p id="failed">Wrong email or password.</p>' : "";
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to Example Rewards</title></head>
<body style="font:16px system-ui;margin:40px"><h1>Sign in to Example Rewards</h1>${failed}
<form method="post">${hidden}<label>Email <input name="username" id="username"></label>
<label>Password <input name="password" id="password" type="password"></label>
<button id="sign-in" type="submit">Sign in and link ShopTrip</button></form></body></html>`);
      return true;
    }
    const code = token();
    codes.set(code, { redirectUri, challenge: params.get("code_challenge"), expires: Date.now() + CODE_LIFETIME_MS });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", modes.has("authorize:wrong-state") ? token() : params.get("state"));
    res.writeHead(302, { location: back.href, "cache-control": "no-store" });
    res.end();
    return true;
  }

  function issue(refresh = token()) {
    refreshTokens.add(refresh);
    const access = token();
    accessTokens.set(access, { refresh, expires: Date.now() + ACCESS_LIFETIME_S * 1000 });
    return { access_token: access, token_type: "Bearer", expires_in: ACCESS_LIFETIME_S, refresh_token: refresh };
  }

  async function tokenEndpoint(req, res) {
    const form = new URLSearchParams(await body(req));
    const refuse = () => json(res, 400, { error: "invalid_grant" });
    grants.push(form.get("grant_type"));
    if (form.get("client_id") !== clientId) return json(res, 401, { error: "invalid_client" }), true;
    if (form.get("grant_type") === "authorization_code") {
      const issued = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? ""); // used once, right or wrong
      const verifier = form.get("code_verifier") ?? "";
      const challenge = base64url(createHash("sha256").update(verifier).digest());
      if (modes.has("token:refuse-code") || !issued || issued.expires < Date.now() ||
        issued.redirectUri !== form.get("redirect_uri") || challenge !== issued.challenge) {
        return refuse(), true;
      }
      return json(res, 200, issue()), true;
    }
    if (form.get("grant_type") === "refresh_token") {
      const refresh = form.get("refresh_token") ?? "";
      if (modes.has("token:refuse-refresh") || !refreshTokens.has(refresh)) return refuse(), true;
      return json(res, 200, issue(refresh)), true;
    }
    return json(res, 400, { error: "unsupported_grant_type" }), true;
  }

  async function revoke(req, res) {
    const form = new URLSearchParams(await body(req));
    const value = form.get("token") ?? "";
    revoked.push({ token: value, hint: form.get("token_type_hint") });
    if (refreshTokens.delete(value)) {
      for (const [access, t] of accessTokens) if (t.refresh === value) accessTokens.delete(access);
    }
    accessTokens.delete(value);
    res.writeHead(200).end();
    return true;
  }

  async function trips(req, res) {
    const auth = req.headers.authorization ?? "";
    const access = accessTokens.get(auth.replace(/^Bearer /, ""));
    const text = await body(req);
    if (modes.has("trips:401") || !auth.startsWith("Bearer ") || !access || access.expires < Date.now()) {
      return json(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' }), true;
    }
    let request;
    try {
      request = JSON.parse(text);
    } catch {
      return json(res, 400, { error: "the request is not JSON" }), true;
    }
    asked.push(request);
    if (modes.has("trips:redirect")) {
      // A hostile redirect: elsewhere, keeping the method and the body.
      res.writeHead(307, { location: "https://www.example.org/collect" }).end();
      return true;
    }
    for (const status of [429, 503, 500]) {
      if (modes.has(`trips:${status}`)) return json(res, status, { error: "later" }, status === 500 ? {} : { "retry-after": "3600" }), true;
    }
    const ids = new Set((request.trips ?? []).map((t) => t.id));
    let entries = [...reports.values()].filter((e) => ids.has(e.id));
    if (modes.has("trips:backwards")) entries = entries.map((e) => ({ ...e, status: "pending" }));
    if (modes.has("trips:unasked")) entries.push({ id: "f".repeat(32), status: "confirmed", updated: "2030-06-20T00:00:00Z" });
    if (modes.has("trips:wrong-type")) entries = entries.map((e) => ({ ...e, rewardMinor: String(e.rewardMinor ?? 1) }));
    if (modes.has("trips:negative")) entries = entries.map((e) => ({ ...e, rewardMinor: -1 }));
    let answer = JSON.stringify({ schema: modes.has("trips:schema-2") ? 2 : 1, trips: entries, balance, payouts });
    if (modes.has("trips:repeated-key")) answer = answer.replace('{"schema":1,', '{"schema":1,"schema":1,');
    if (modes.has("trips:not-json")) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>");
      return true;
    }
    if (modes.has("trips:hang")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"schema":1,"trips":[');
      return true;
    }
    if (modes.has("trips:huge") || modes.has("trips:huge-chunked")) {
      const padded = `${answer.slice(0, -1)},"padding":"${"x".repeat(2 * 1024 * 1024)}"}`;
      const headers = { "content-type": "application/json" };
      if (modes.has("trips:huge")) headers["content-length"] = String(Buffer.byteLength(padded));
      res.writeHead(200, headers);
      res.end(padded);
      return true;
    }
    json(res, 200, answer);
    return true;
  }

  return publisher;
}
