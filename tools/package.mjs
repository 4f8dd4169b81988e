// Writes a publisher's store packages to dist/ (run by
// `./build.sh package --publisher PATH/publisher.json`, after a build):
//   <id>-<version>-chrome.zip   for the Chrome Web Store and Edge Add-ons (extension/, branded)
//   <id>-<version>-firefox.zip  for addons.mozilla.org (dist/firefox/, branded, checked by `web-ext build`)
//   <id>-<version>-source.zip   the commit's sources and the publisher's profile with its
//                               files (publisher/), for AMO's reviewers to rebuild from
//   <id>-<version>-store/       the store listings and privacy policy, naming the publisher
// The branding is tools/publisher-build.mjs's. There is no package without a
// publisher: the demo's offers are samples, and a store package of it would
// promise rewards nobody pays.
//
// Two runs from one commit give the same bytes: entries in sorted order, one
// fixed timestamp, fixed modes, relative paths. The store zips hold only what
// the extension runs: the worker's bundle, not its unbundled sources
// (extension/worker/) nor its source map, and of pkg/ only the wasm (the
// bundle carries the JS glue). Sources belong in the source zip.
import { execFileSync } from "node:child_process";
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import yazl from "yazl";
import { brandedCopy, loadPublisher } from "./publisher-build.mjs";

const ROOT = new URL("../", import.meta.url).pathname;
// 2020-01-01T00:00:00Z, in local time as zip dates are: any fixed moment will do.
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1) + new Date(Date.UTC(2020, 0, 1)).getTimezoneOffset() * 60_000);

/** What the store packages leave out of a built extension directory. */
export function shipped(path) {
  return !(path.startsWith("worker/") || path.endsWith(".map") ||
    (path.startsWith("pkg/") && path !== "pkg/shoptrip_bg.wasm"));
}

function filesUnder(dir) {
  const found = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return found.sort();
}

/** A zip of `entries` ([name, bytes]), byte for byte the same on every run. */
function writeZip(path, entries) {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    zip.addBuffer(bytes, name, { mtime: FIXED_DATE, mode: 0o100644, compress: true, forceZip64Format: false });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on("close", resolve).on("error", reject);
  });
}

function storeEntries(dir) {
  return filesUnder(dir).filter(shipped).map((name) => [name, readFileSync(join(dir, name))]);
}

/** The names web-ext puts in its own package of `entries` (from `dir`): it must agree on what ships. */
function webExtNames(entries, dir) {
  const staged = mkdtempSync(join(tmpdir(), "shoptrip-amo-"));
  const out = mkdtempSync(join(tmpdir(), "shoptrip-amo-out-"));
  try {
    for (const [name] of entries) cpSync(join(dir, name), join(staged, name));
    execFileSync(join(ROOT, "node_modules/.bin/web-ext"),
      ["build", "--source-dir", staged, "--artifacts-dir", out, "--filename", "web-ext.zip", "--overwrite-dest", "--no-input"],
      { stdio: "ignore" });
    const listing = execFileSync("python3", ["-c",
      "import sys, zipfile; print('\\n'.join(sorted(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith('/'))))",
      join(out, "web-ext.zip")], { encoding: "utf8" });
    return listing.trim().split("\n");
  } finally {
    rmSync(staged, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

/** The commit's tracked files, as `git archive` gives them (not the working tree). */
function sourceEntries() {
  const names = execFileSync("git", ["-C", ROOT, "ls-tree", "-r", "--name-only", "HEAD"], { encoding: "utf8" })
    .trim().split("\n").sort();
  return names.map((name) => [name, execFileSync("git", ["-C", ROOT, "show", `HEAD:${name}`], { maxBuffer: 64 << 20 })]);
}

export const NEEDS_PUBLISHER = "A store package needs a real publisher: ./build.sh package --publisher PATH/publisher.json " +
  "(PUBLISHER.md). Without one ShopTrip is the demo, whose offers are samples and earn nothing: it is for " +
  "developers to load unpacked (extension/), never for a store.";

/** The profile and the files it names, for the source zip (under publisher/). */
function publisherEntries(profilePath, publisher) {
  const entries = [["publisher/publisher.json", readFileSync(profilePath)]];
  for (const name of Object.keys(publisher.files).sort()) {
    entries.push([`publisher/${name}`, readFileSync(join(publisher.folder, name))]);
  }
  return entries;
}

/** store/'s listings and privacy policy, naming the publisher. */
function writeListings(dir, name, { account }) {
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(join(ROOT, "store")).filter((n) => n.endsWith(".md") && n !== "README.md").sort()) {
    const text = forBuild(readFileSync(join(ROOT, "store", file), "utf8"), { account });
    writeFileSync(join(dir, file), text.replaceAll("ShopTrip", name));
  }
}

/**
 * store/'s text for one build: a block between `<!-- account -->` and
 * `<!-- /account -->` lines, or a line ending in ` <!-- account -->` (a
 * permission row), is kept only if the build links accounts;
 * `no-account` ones only if it does not.
 */
export function forBuild(text, { account }) {
  const keep = { account, "no-account": !account };
  return text
    .replace(/^<!-- (account|no-account) -->\n([\s\S]*?)^<!-- \/\1 -->\n/gm, (_, kind, block) => (keep[kind] ? block : ""))
    .replace(/^(.*) <!-- (account|no-account) -->\n/gm, (_, line, kind) => (keep[kind] ? `${line}\n` : ""));
}

/**
 * Writes the publisher's three zips and its listings to `dist` (default
 * dist/); returns their paths. Throws, writing nothing, without a
 * publisher or with a refused profile.
 */
export async function packageAll({ publisher: profilePath, dist = join(ROOT, "dist") } = {}) {
  if (!profilePath) throw new Error(NEEDS_PUBLISHER);
  const publisher = loadPublisher(profilePath);
  const { id, name } = publisher.summary;
  const version = JSON.parse(readFileSync(join(ROOT, "extension/manifest.json"), "utf8")).version;
  const chromeDir = brandedCopy(join(ROOT, "extension"), publisher);
  const firefoxDir = brandedCopy(join(ROOT, "dist/firefox"), publisher, { firefox: true });
  try {
    const chrome = storeEntries(chromeDir);
    const firefox = storeEntries(firefoxDir);
    const agreed = webExtNames(firefox, firefoxDir);
    const ours = firefox.map(([entry]) => entry);
    if (agreed.join("\n") !== ours.join("\n")) {
      throw new Error(`web-ext build packs other files:\n${agreed.join(" ")}\nnot\n${ours.join(" ")}`);
    }
    mkdirSync(dist, { recursive: true });
    const written = {
      chrome: join(dist, `${id}-${version}-chrome.zip`),
      firefox: join(dist, `${id}-${version}-firefox.zip`),
      source: join(dist, `${id}-${version}-source.zip`),
      listings: join(dist, `${id}-${version}-store`),
    };
    await writeZip(written.chrome, chrome);
    await writeZip(written.firefox, firefox);
    await writeZip(written.source, [...sourceEntries(), ...publisherEntries(profilePath, publisher)]);
    writeListings(written.listings, name, { account: publisher.summary.account });
    return written;
  } finally {
    rmSync(chromeDir, { recursive: true, force: true });
    rmSync(firefoxDir, { recursive: true, force: true });
  }
}

/** The branded extension directory alone (unzipped), for the end-to-end tests. */
export function brandedExtension(profilePath, { firefox = false } = {}) {
  const publisher = loadPublisher(profilePath);
  return brandedCopy(join(ROOT, firefox ? "dist/firefox" : "extension"), publisher, { firefox });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--publisher");
  const profile = at > 0 ? process.argv[at + 1] : undefined;
  let written;
  try {
    written = await packageAll({ publisher: profile });
  } catch (e) {
    console.error(e.message);
    process.exit(e.message === NEEDS_PUBLISHER ? 2 : 1);
  }
  for (const [kind, path] of Object.entries(written)) {
    if (kind === "listings") {
      console.log(`${relative(ROOT, path)}/  the store listings and privacy policy`);
      continue;
    }
    const sha256 = execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0];
    console.log(`${relative(ROOT, path)}  ${statSync(path).size} bytes  sha256 ${sha256}`);
  }
}
