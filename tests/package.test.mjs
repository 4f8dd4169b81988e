// The store packages (tools/package.mjs, `./build.sh package --publisher`),
// built for the fixture publisher "Example Rewards": two runs from one commit
// give the same bytes; the store zips hold what the extension runs and no
// source maps or unbundled sources; every file the manifest and the pages
// name is in them; they carry the publisher's identity, catalogs, feeds and
// disclosure; the Firefox zip passes `web-ext lint` with no error and no
// warning; the source zip carries what AMO's reviewers rebuild with. Without
// a publisher, or with a refused profile, nothing is packaged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { packageAll, forBuild, NEEDS_PUBLISHER } from "../tools/package.mjs";

const ROOT = new URL("../", import.meta.url).pathname;
const PUBLISHER = join(ROOT, "tests/fixtures/publisher/publisher.json");
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
const names = (zip) => execFileSync("python3", ["-c",
  "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip], { encoding: "utf8" })
  .trim().split("\n");
const read = (zip, name) => execFileSync("python3", ["-c",
  "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))", zip, name]);
function unzip(zip) {
  const dir = mkdtempSync(join(tmpdir(), "shoptrip-unzip-"));
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, dir]);
  return dir;
}

let first, second;
test("two package runs give byte-identical zips", async () => {
  first = await packageAll({ publisher: PUBLISHER, dist: mkdtempSync(join(tmpdir(), "shoptrip-dist-a-")) });
  await new Promise((r) => setTimeout(r, 1100)); // a second later: no clock in the bytes
  second = await packageAll({ publisher: PUBLISHER, dist: mkdtempSync(join(tmpdir(), "shoptrip-dist-b-")) });
  assert.match(first.chrome, /\/example-rewards-[\d.]+-chrome\.zip$/);
  for (const kind of ["chrome", "firefox", "source"]) {
    assert.equal(sha256(first[kind]), sha256(second[kind]), kind);
    for (const name of names(first[kind])) {
      assert.ok(!name.startsWith("/") && !name.includes(".."), `${kind}: ${name} is a relative path`);
    }
  }
});

test("the store zips hold what the extension runs, and no source maps or unbundled sources", () => {
  for (const kind of ["chrome", "firefox"]) {
    const list = names(first[kind]);
    assert.deepEqual(list.filter((n) => n.endsWith(".map") || n.startsWith("worker/")), [], kind);
    assert.deepEqual(list.filter((n) => n.startsWith("pkg/")), ["pkg/shoptrip_bg.wasm"], kind);
    const manifest = JSON.parse(read(first[kind], "manifest.json"));
    const background = manifest.background.service_worker ?? manifest.background.scripts[0];
    const named = [background, manifest.action.default_popup, manifest.options_page,
      ...Object.values(manifest.icons), "catalogs/us.json", "catalogs/jp.json", "public_suffix_list.dat",
      "_locales/en/messages.json", "_locales/ja/messages.json"];
    for (const page of ["popup.html", "options.html", "trips.html"]) {
      const html = read(first[kind], page).toString();
      for (const m of html.matchAll(/(?:src|href)="([^"#:]+)"/g)) named.push(m[1]);
    }
    for (const name of named) assert.ok(list.includes(name), `${kind}: ${name} is named and must be packed`);
  }
});

test("the Firefox zip passes web-ext lint with no error and no warning", () => {
  const dir = unzip(first.firefox);
  const out = execFileSync(join(ROOT, "node_modules/.bin/web-ext"),
    ["lint", "--source-dir", dir, "--self-hosted", "--output", "json", "--no-input"], { encoding: "utf8" });
  const report = JSON.parse(out.slice(out.indexOf("{")));
  assert.equal(report.summary.errors, 0, JSON.stringify(report.errors));
  assert.equal(report.summary.warnings, 0, JSON.stringify(report.warnings));
});

test("the source zip is the commit's sources, with the rebuild script AMO's reviewers run", () => {
  const list = names(first.source);
  for (const want of ["package.json", "package-lock.json", "Cargo.toml", "Cargo.lock", "build.sh", "README.md",
    "src/lib.rs", "extension/worker/main.js", "tools/package.mjs"]) {
    assert.ok(list.includes(want), want);
  }
  assert.deepEqual(list.filter((n) => /^(node_modules|target|dist|pkg)\//.test(n) || n === "extension/background.js"), []);
  const pkg = JSON.parse(read(first.source, "package.json"));
  assert.equal(pkg.scripts["build-for-amo"], "./build.sh package --publisher publisher/publisher.json");
  // The publisher's profile and every file it names, where that command finds them.
  for (const want of ["publisher/publisher.json", "publisher/icon.png", "publisher/catalog-us.json", "publisher/catalog-jp.json"]) {
    assert.ok(list.includes(want), want);
  }
  assert.deepEqual(read(first.source, "publisher/icon.png"), readFileSync(join(ROOT, "tests/fixtures/publisher/icon.png")));
});

test("the store zips carry the publisher's identity, catalogs, feeds and disclosure", () => {
  for (const kind of ["chrome", "firefox"]) {
    const manifest = JSON.parse(read(first[kind], "manifest.json"));
    assert.equal(manifest.name, "__MSG_extName__");
    assert.equal(manifest.homepage_url, "https://rewards.example-rewards.test/");
    if (kind === "firefox") {
      assert.equal(manifest.browser_specific_settings.gecko.id, "button@example-rewards.test");
      // Trip reports tell the publisher where and when: Firefox asks the
      // member's consent when they link, and nothing is required at install.
      assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions,
        { required: ["none"], optional: ["browsingActivity"] });
    }
    // It links accounts, so it asks for identity (the demo does not: manifest.test.mjs).
    assert.ok(manifest.permissions.includes("identity"), `${kind}: identity for the account`);
    for (const lang of ["en", "ja"]) {
      const messages = JSON.parse(read(first[kind], `_locales/${lang}/messages.json`));
      assert.equal(messages.extName.message, "Example Rewards", `${kind} ${lang}`);
      const texts = Object.values(messages).map((m) => m.message).join("\n");
      assert.doesNotMatch(texts, /ShopTrip/, `${kind} ${lang}: the publisher's name throughout`);
      assert.match(messages.optionsHowPaid1.message, /^Example Rewards/);
    }
    for (const size of [16, 32, 48, 128]) {
      const icon = PNG.sync.read(read(first[kind], `icons/icon-${size}.png`));
      assert.deepEqual([icon.width, icon.height], [size, size], `${kind} icon ${size}`);
    }
    // Its colour is the pages' accent; its catalogs, not the demo's samples.
    assert.match(read(first[kind], "pages/common.css").toString(), /--brand: #5b2a86;/);
    for (const region of ["us", "jp"]) {
      assert.deepEqual(read(first[kind], `catalogs/${region}.json`),
        readFileSync(join(ROOT, `tests/fixtures/publisher/catalog-${region}.json`)), `${kind} ${region}`);
      assert.ok(names(first[kind]).includes(`catalogs/${region}.snapshot`));
    }
    const profile = JSON.parse(read(first[kind], "publisher.json"));
    assert.equal(profile.name, "Example Rewards");
    assert.equal(profile.regions[0].feed, "https://feeds.example-rewards.test/us.json");
    assert.equal(profile.regions[0].catalog, "catalogs/us.json");
    for (const page of ["popup.html", "options.html", "trips.html", "privacy.html"]) {
      const html = read(first[kind], page).toString();
      assert.match(html, /<title>Example Rewards<\/title>/, `${kind} ${page}`);
    }
  }
  // The store listings and privacy policy name the publisher, in en and ja.
  const listings = readdirSync(first.listings).sort();
  assert.deepEqual(listings, ["listing.en.md", "listing.ja.md", "privacy-policy.en.md", "privacy-policy.ja.md"]);
  for (const file of listings) {
    const text = readFileSync(join(first.listings, file), "utf8");
    assert.match(text, /Example Rewards/, file);
    assert.doesNotMatch(text, /ShopTrip/, file);
    assert.doesNotMatch(text, /<!--/, `${file}: the build's text, without markers`);
  }
  // Its account: the identity permission justified, and what is sent, and when.
  const en = readFileSync(join(first.listings, "listing.en.md"), "utf8");
  assert.match(en, /^\| `identity` \| .+ \|$/m);
  assert.match(en, /Data collected: \*\*only with a linked account\*\*[\s\S]*each trip's id, store and start time/);
  assert.doesNotMatch(en, /Data collected: \*\*none\*\*/);
  assert.match(readFileSync(join(first.listings, "privacy-policy.en.md"), "utf8"),
    /## Your account with the rewards program[\s\S]*at most every 6 hours/);
});

test("no package without a publisher, and none for a refused profile", async () => {
  const dist = mkdtempSync(join(tmpdir(), "shoptrip-dist-refused-"));
  await assert.rejects(packageAll({ dist }), (e) => e.message === NEEDS_PUBLISHER);
  // A name holding HTML, an http feed, trips without an account, a 64 px
  // icon, a catalog that is missing: each named, nothing written.
  const bad = join(ROOT, "tests/fixtures/publisher-bad/publisher.json");
  await assert.rejects(packageAll({ publisher: bad, dist }), (e) => {
    assert.equal(e.name, "PublisherError");
    assert.match(e.message, /name: .* must be plain text/);
    assert.match(e.message, /regions\[0\]\.feed: .* is not an https URL/);
    assert.match(e.message, /trips: needs account/);
    return true;
  });
  const folder = mkdtempSync(join(tmpdir(), "shoptrip-bad-files-"));
  cpSync(join(ROOT, "tests/fixtures/publisher-bad/icon.png"), join(folder, "icon.png"));
  const profile = JSON.parse(readFileSync(bad, "utf8"));
  Object.assign(profile, { name: "Example Rewards" });
  profile.regions[0].feed = "https://feeds.example-rewards.test/us.json";
  delete profile.trips;
  writeFileSync(join(folder, "publisher.json"), JSON.stringify(profile));
  await assert.rejects(packageAll({ publisher: join(folder, "publisher.json"), dist }), (e) => {
    assert.match(e.message, /brand\.icon: is 64 px wide; it must be at least 128 px/);
    assert.match(e.message, /regions\[0\]\.catalog: cannot be read/);
    return true;
  });
  // An icon whose header is a PNG's but whose image data is not.
  const broken = mkdtempSync(join(tmpdir(), "shoptrip-bad-icon-"));
  for (const name of ["publisher.json", "catalog-us.json", "catalog-jp.json"]) {
    cpSync(join(ROOT, "tests/fixtures/publisher", name), join(broken, name));
  }
  const header = readFileSync(join(ROOT, "tests/fixtures/publisher/icon.png")).subarray(0, 33);
  writeFileSync(join(broken, "icon.png"), Buffer.concat([header, Buffer.from("not image data at all")]));
  await assert.rejects(packageAll({ publisher: join(broken, "publisher.json"), dist }),
    /brand\.icon: cannot be decoded as a PNG image/);
  assert.deepEqual(readdirSync(dist), [], "nothing written to dist/");
  // And the command refuses before building anything, saying why.
  const run = (() => {
    try {
      execFileSync("bash", [join(ROOT, "build.sh"), "package"], { encoding: "utf8", stdio: "pipe" });
      return { status: 0, stderr: "" };
    } catch (e) {
      return { status: e.status, stderr: e.stderr };
    }
  })();
  assert.equal(run.status, 2);
  assert.match(run.stderr, /A store package needs a real publisher/);
});

test("a publisher without an account: no identity row, no account section, and 'Data collected: none'", () => {
  for (const lang of ["en", "ja"]) {
    const listing = forBuild(readFileSync(join(ROOT, `store/listing.${lang}.md`), "utf8"), { account: false });
    assert.doesNotMatch(listing, /`identity`|<!--|browsingActivity/, lang);
    assert.match(listing, lang === "en" ? /Data collected: \*\*none\*\*/ : /収集するデータ：\*\*なし\*\*/);
    const policy = forBuild(readFileSync(join(ROOT, `store/privacy-policy.${lang}.md`), "utf8"), { account: false });
    assert.doesNotMatch(policy, /<!--|6 (hours|時間)/, lang);
  }
});
