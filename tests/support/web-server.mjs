// The web as the extension tests see it: one HTTPS server on 127.0.0.1 that
// Chromium reaches for every host name (--host-resolver-rules), playing
//   - the stores (any host: a small page naming the host and path),
//   - affiliate networks' click hosts (Rakuten Advertising, CJ, Impact, Awin),
//     which redirect to the store with their landing parameters, for
//     ShopTrip's publisher and for other publishers alike,
//   - ShopTrip's tracking endpoint (go.shoptrip.example), which records the
//     trip id and redirects back to the store, or fails as click servers
//     do (/status/503, /hang); unreachable.shoptrip.test never resolves.
// Every request is logged, so a test can say exactly what left the browser.
import { createServer } from "node:https";
import { createPublisher } from "../reference-publisher/publisher.mjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-cert-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "2",
    "-subj", "/CN=shoptrip-test",
  ], { stdio: "ignore" });
  return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
}

const PUBLISHER_HOSTS = new Set(["go.example-rewards.test", "rewards.example-rewards.test", "api.example-rewards.test"]);

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function storePage(host, path, extraBody = "") {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(host)}</title>
<style>body{font:16px/1.5 Georgia,serif;margin:0;background:#fdf6ec;color:#3b2f2f}
header{background:#8a1c1c;color:#fff;padding:18px 28px;font-size:26px;letter-spacing:.04em}
main{padding:28px}.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:18px;margin-top:18px}
.card{background:#fff;border:1px solid #e6d5c3;height:160px;display:grid;place-items:center}</style></head>
<body><header>${escapeHtml(host)}</header><main><h1>Store page ${escapeHtml(path)}</h1>
<p>A page served by the test server.</p>${extraBody}
<div class="grid"><div class="card">Coats</div><div class="card">Shoes</div><div class="card">Beauty</div></div>
</main></body></html>`;
}

/** A search engine's results page, shaped like Google's or Bing's. */
function resultsPage(host) {
  const results = [
    ["https://www.macys.com/shop/coats", "Women's Coats | Macy's"],
    ["https://www.example.org/coats", "Coat care guide"],
    ["https://www.google.com/url?q=https%3A%2F%2Fwww.nordstrom.com%2Fsale&sa=U", "Nordstrom Sale"],
    ["https://macys.com.evil.example/", "Totally Macy's"],
  ];
  const item = ([href, title]) => host === "www.bing.com"
    ? `<li class="b_algo"><h2><a href="${href}">${escapeHtml(title)}</a></h2><p>Result text.</p></li>`
    : `<div class="g"><a href="${href}"><h3>${escapeHtml(title)}</h3></a><p>Result text.</p></div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>coats - Search</title></head>
<body style="font:14px arial;margin:20px 40px"><form><input name="q" value="coats"></form>
<div id="search">${host === "www.bing.com" ? `<ol id="b_results">${results.map(item).join("")}</ol>` : results.map(item).join("")}</div></body></html>`;
}

/** Catalog feeds: a good one, one that does not validate, one for another region. */
function feed(path, res) {
  const store = (id, domain, rate) => ({ id, name: `Feed ${id}`, domains: [domain], offer: { kind: "percent", rate } });
  const catalogs = {
    "/good.json": { schema: 1, region: "US", currency: "USD", updated: "2026-11-20",
      stores: [store("macys", "macys.com", "9"), store("feedshop", "feedshop.example", "7")] },
    "/broken.json": { schema: 1, region: "US", currency: "USD", stores: [{ id: "nameless", domains: ["x.example"], offer: { kind: "percent", rate: "1" } }] },
    "/jp.json": { schema: 1, region: "JP", currency: "JPY", stores: [store("jpshop", "jpshop.example", "2")] },
    // Public suffixes as store domains: every site under them would match.
    "/suffix.json": { schema: 1, region: "US", currency: "USD",
      stores: [store("everyone", "co.uk", "5"), store("pages", "github.io", "5"), store("fine", "example-shop.co.uk", "5")] },
    // Markup everywhere a catalog has text: it must show as text, never run.
    "/hostile.json": { schema: 1, region: "US", currency: "USD", stores: [{
      id: "markup", name: `<img src=x onerror="document.title='pwned'">Markup & Co`,
      domains: ["markup.example"], offer: { kind: "percent", rate: "5" },
      categories: [{ name: "<b>Bold</b>", offer: { kind: "percent", rate: "2" } }],
      exclusions: ["<script>document.title='pwned'</script>"],
      coupons: [{ code: "<i>SAVE</i>", description: "<a href=javascript:alert(1)>click</a>" }],
    }] },
  };
  const body = catalogs[path];
  if (!body) return res.writeHead(404).end("no such feed");
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const MB = 1024 * 1024;
/** Feeds that try to turn the catalog refresh against the shopper. */
const HOSTILE_FEEDS = {
  // Headers, then a body that never ends.
  "/hang.json": (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"schema":1,');
  },
  // A byte now and then, for ever: each read succeeds, the whole never comes.
  "/trickle.json": (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const drip = setInterval(() => res.write(" "), 200);
    req.socket.on("close", () => clearInterval(drip));
  },
  // Says it is 80 MB up front.
  "/huge-length.json": (req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": String(80 * MB) });
    res.write(" ".repeat(64 * 1024));
  },
  // 20 MB with no length given (chunked), as fast as it goes.
  "/huge-stream.json": (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = " ".repeat(MB);
    let sent = 0;
    const more = () => {
      while (sent < 20) {
        sent += 1;
        if (!res.write(chunk)) return res.once("drain", more);
      }
      res.end("{}");
    };
    req.socket.on("close", () => { sent = Infinity; });
    more();
  },
};

/** A good feed that answers only after `ms`: time for the shopper to change their mind. */
function slowFeed(ms) {
  return (req, res) => {
    const timer = setTimeout(() => feed("/good.json", res), ms);
    req.socket.on("close", () => clearTimeout(timer));
  };
}
HOSTILE_FEEDS["/slow.json"] = slowFeed(3_000);

/**
 * `port`: 0 for any free one (Chromium maps every host name to it); Firefox,
 * which can point host names at 127.0.0.1 but not at a port, needs 443.
 */
export async function startWebServer({ port: wanted = 0 } = {}) {
  const log = [];
  const publisher = createPublisher();
  const server = createServer(selfSignedCertificate(), (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url, `https://${host}`);
    log.push({
      host, path: url.pathname, search: url.search, method: req.method,
      dest: req.headers["sec-fetch-dest"] ?? "", site: req.headers["sec-fetch-site"] ?? "",
      referer: req.headers.referer ?? "", at: Date.now(),
    });
    const redirect = (to) => res.writeHead(302, { location: to, "cache-control": "no-store" }).end();
    if (host === "go.shoptrip.example" && url.pathname === "/t") {
      return redirect(url.searchParams.get("u") ?? "https://www.example.org/");
    }
    // Tracking links that fail as click servers do: an error status, or no
    // answer at all (the socket stays open until the server closes).
    if (host === "go.shoptrip.example" && url.pathname.startsWith("/status/")) {
      res.writeHead(Number(url.pathname.slice("/status/".length)) || 500, { "content-type": "text/html" });
      return res.end("<!doctype html><title>Service Unavailable</title><h1>Service Unavailable</h1>");
    }
    if (host === "go.shoptrip.example" && url.pathname === "/hang") return undefined;
    // The networks' click hosts, as publishers' links use them: each sends
    // the shopper to the store with the landing parameters it adds there.
    // ShopTrip's publisher and every other publisher use the same hosts.
    if (host === "click.linksynergy.com") {
      // Rakuten Advertising: the publisher's id comes back as ranEAID/ranSiteID.
      const to = new URL(url.searchParams.get("murl") ?? "https://www.example.org/");
      const publisher = url.searchParams.get("id") ?? "pub";
      to.searchParams.set("ranMID", url.searchParams.get("mid") ?? "1234");
      to.searchParams.set("ranEAID", publisher);
      to.searchParams.set("ranSiteID", `${publisher}-abc`);
      return redirect(to.href);
    }
    if (host === "www.anrdoezrs.net") {
      // A CJ click host that redirects without adding anything to the URL.
      return redirect(url.searchParams.get("url") ?? "https://www.example.org/");
    }
    if (host.endsWith(".pxf.io") && url.pathname.startsWith("/c/")) {
      // Impact: a click id on the landing.
      const to = new URL(url.searchParams.get("u") ?? "https://www.example.org/");
      to.searchParams.set("irclickid", `ir${log.length}`);
      to.searchParams.set("irgwc", "1");
      return redirect(to.href);
    }
    if (host === "www.awin1.com" && url.pathname === "/cread.php") {
      // Awin: awc, the advertiser's id and the click's.
      const to = new URL(url.searchParams.get("ued") ?? "https://www.example.org/");
      to.searchParams.set("awc", `${url.searchParams.get("awinmid") ?? "1"}_${log.length}_a`);
      return redirect(to.href);
    }
    // The fixture publisher (tests/fixtures/publisher/), played by the
    // reference publisher: its click server records the trip id and sends
    // the shopper on; sign-in, tokens and trip reports on its hosts.
    if (PUBLISHER_HOSTS.has(host)) {
      publisher.handle(req, res, url).then((handled) => {
        if (!handled) res.writeHead(404).end();
      }, () => res.destroy());
      return undefined;
    }
    if (host === "feeds.example-rewards.test" && url.pathname === "/us.json") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(readFileSync(new URL("../fixtures/publisher/catalog-us.json", import.meta.url)));
    }
    if (host === "feeds.shoptrip.test" && HOSTILE_FEEDS[url.pathname]) return HOSTILE_FEEDS[url.pathname](req, res);
    if (host === "feeds.shoptrip.test") return feed(url.pathname, res);
    if ((host === "www.google.com" || host === "www.bing.com") && url.pathname === "/search") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      return res.end(resultsPage(host));
    }
    if (url.pathname === "/favicon.ico") return res.writeHead(404).end();
    let body = "";
    if (url.pathname === "/spa") body = `<script>history.pushState({}, "", "/spa/next")</script>`;
    if (url.pathname.startsWith("/my-bag/order-confirmation")) {
      // A store's order page: the subtotal where the catalog's selector finds it.
      body = `<p>Thank you for your order A-1001.</p>
<p>Subtotal: <span id="order-subtotal">${escapeHtml(url.searchParams.get("subtotal") ?? "$120.00")}</span></p>`;
    }
    const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
    // A store page that leaves a cookie, as a network's click does on the
    // merchant's site (`?set-cookie=cje_1`).
    const cookie = url.searchParams.get("set-cookie");
    if (cookie && /^[\w.-]{1,64}$/.test(cookie)) headers["set-cookie"] = `${cookie}=1; Path=/; Secure; SameSite=Lax`;
    res.writeHead(200, headers);
    res.end(storePage(host, url.pathname, body));
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(wanted, "127.0.0.1", resolve));
  const port = server.address().port;
  return {
    port, log, publisher,
    /** Chromium flags that send every host name here. */
    // Chromium's own sign-in and update pings fail to resolve instead of
    // reaching the server: the server's log is then the pages' and ours.
    args: [
      `--host-resolver-rules=MAP accounts.google.com ~NOTFOUND, MAP *.googleapis.com ~NOTFOUND, MAP unreachable.shoptrip.test ~NOTFOUND, MAP * 127.0.0.1:${port}`,
      "--ignore-certificate-errors",
    ],
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
