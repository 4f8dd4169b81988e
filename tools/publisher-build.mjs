// A publisher's extension (PUBLISHER.md): the built extension (extension/,
// or dist/firefox/ for Firefox) branded in a copy for the publisher whose
// profile is given. Run by tools/package.mjs, which zips the result.
//
// The profile is checked first by the core's own validator (validatePublisher,
// the one `shoptrip-catalog check-publisher` runs), with its icon, its
// catalogs and the Public Suffix List: a refused profile stops the build
// with every problem listed, before anything is written, so no build is
// half branded. Then, in the copy:
//   - publisher.json: the profile, its paths rewritten to where the files
//     now are; the worker runs on it (no longer the demo);
//   - catalogs/: each region's catalog, and its engine snapshot; a region
//     the publisher does not serve gets an empty catalog, never the demo's
//     sample offers;
//   - icons/: 16, 32, 48 and 128 px, scaled down from its icon;
//   - its name in the manifest, the pages' titles and every message (en, ja),
//     its homepage as homepage_url, its Firefox add-on id, and the identity
//     permission if it links accounts (in Firefox, with browsing activity as
//     optional data collection, asked for when the member links);
//   - its colour as the pages' accent.
// Every output is a function of the inputs alone: two runs give the same bytes.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { PNG } from "pngjs";
import { initSync, validatePublisher } from "../pkg/shoptrip.js";
import { writeSnapshots } from "./snapshots.mjs";

const ROOT = new URL("../", import.meta.url).pathname;
const PUBLIC_SUFFIX_LIST = "/usr/share/publicsuffix/public_suffix_list.dat";
const ICON_SIZES = [16, 32, 48, 128];
const REGIONS = { US: "USD", JP: "JPY" };

/**
 * The profile at `path`, checked whole with the files it names:
 * `{ summary, profile, folder, files }`, or an Error listing every problem.
 */
export function loadPublisher(path) {
  initSync({ module: readFileSync(join(ROOT, "pkg/shoptrip_bg.wasm")) });
  const folder = dirname(resolve(path));
  const text = readFileSync(path, "utf8");
  let profile;
  try {
    profile = JSON.parse(text);
  } catch {
    profile = null;
  }
  // Whatever the document names, read only inside its folder (the core
  // refuses paths that leave it before any of them is used).
  const named = profile && typeof profile === "object"
    ? [profile.brand?.icon, ...(Array.isArray(profile.regions) ? profile.regions.map((r) => r?.catalog) : [])]
    : [];
  const files = {};
  for (const name of named) {
    if (typeof name !== "string" || name.includes("..") || name.startsWith("/")) continue;
    try {
      const bytes = readFileSync(join(folder, name));
      files[name] = name.endsWith(".json") ? bytes.toString("utf8") : new Uint8Array(bytes);
    } catch {
      // Left out: the core names it as a file that cannot be read.
    }
  }
  const summary = validatePublisher(text, files, readFileSync(PUBLIC_SUFFIX_LIST, "utf8"));
  return { summary, profile, folder, files };
}

/** `source` (a built extension directory) branded for `publisher` in a new directory. */
export function brandedCopy(source, publisher, { firefox = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `shoptrip-${publisher.summary.id}-`));
  cpSync(source, dir, { recursive: true });
  const { summary, profile } = publisher;

  // The catalogs: the publisher's, one per region ShopTrip serves.
  rmSync(join(dir, "catalogs"), { recursive: true, force: true });
  mkdirSync(join(dir, "catalogs"));
  const regions = [];
  for (const [region, currency] of Object.entries(REGIONS)) {
    const entry = profile.regions.find((r) => r.region === region);
    const catalog = entry
      ? publisher.files[entry.catalog]
      : `${JSON.stringify({ schema: 1, region, currency, stores: [] })}\n`;
    const path = `catalogs/${region.toLowerCase()}.json`;
    writeFileSync(join(dir, path), catalog);
    if (entry) regions.push({ ...entry, catalog: path });
  }
  writeSnapshots(join(dir, "catalogs"));

  // The icons, scaled down from the publisher's.
  let icon;
  try {
    icon = PNG.sync.read(Buffer.from(publisher.files[profile.brand.icon]));
  } catch (e) {
    // Its header passed the core's check; its image data does not decode.
    rmSync(dir, { recursive: true, force: true });
    throw Object.assign(new Error(`the publisher profile was refused:\nbrand.icon: cannot be decoded as a PNG image (${e.message})`),
      { name: "PublisherError" });
  }
  for (const size of ICON_SIZES) writeFileSync(join(dir, `icons/icon-${size}.png`), encodePng(scaled(icon, size)));

  const packaged = { ...profile, brand: { ...profile.brand, icon: "icons/icon-128.png" }, regions };
  writeFileSync(join(dir, "publisher.json"), `${JSON.stringify(packaged, null, 2)}\n`);

  // The name and homepage; Firefox's add-on id.
  const manifestPath = join(dir, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  manifest.short_name = summary.name.slice(0, 12);
  manifest.homepage_url = summary.homepage;
  if (firefox && summary.firefoxId) manifest.browser_specific_settings.gecko.id = summary.firefoxId;
  // Linking the member's account needs identity.launchWebAuthFlow; only a
  // build whose profile has an account asks for it (README, permissions).
  if (summary.account) manifest.permissions.push("identity");
  // A linked account sends the publisher which stores the member's trips were
  // at, and when: in Firefox that is browsing activity, asked for when the
  // member links (worker/data-consent.js); nothing is sent without it.
  if (firefox && summary.account) {
    manifest.browser_specific_settings.gecko.data_collection_permissions = {
      required: ["none"], optional: ["browsingActivity"],
    };
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const lang of readdirSync(join(dir, "_locales"))) {
    const path = join(dir, "_locales", lang, "messages.json");
    const messages = JSON.parse(readFileSync(path, "utf8"));
    for (const [key, entry] of Object.entries(messages)) {
      entry.message = key === "extName" ? summary.name : entry.message.replaceAll("ShopTrip", summary.name);
    }
    writeFileSync(path, `${JSON.stringify(messages, null, 2)}\n`);
  }
  for (const page of readdirSync(dir).filter((n) => n.endsWith(".html"))) {
    const path = join(dir, page);
    const html = readFileSync(path, "utf8")
      .replaceAll("<title>ShopTrip</title>", `<title>${escapeHtml(summary.name)}</title>`)
      .replaceAll('<span class="brand">ShopTrip</span>', `<span class="brand">${escapeHtml(summary.name)}</span>`);
    writeFileSync(path, html);
  }

  // The accent: the publisher's colour (checked for 4.5:1 against white
  // text), and lighter in dark mode, where it is text on a dark page.
  const cssPath = join(dir, "pages/common.css");
  const css = readFileSync(cssPath, "utf8")
    .replace("--brand: #0b7a75;", `--brand: ${summary.color};`)
    .replace("--brand-dark: #075e5a;", `--brand-dark: color-mix(in srgb, ${summary.color} 80%, black);`)
    .replace("--brand: #23a39b; --brand-dark: #36b8b0;",
      `--brand: color-mix(in srgb, ${summary.color} 45%, white); --brand-dark: color-mix(in srgb, ${summary.color} 30%, white);`);
  writeFileSync(cssPath, css);
  return dir;
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `image` scaled to `size`×`size` by area averaging, with alpha premultiplied. */
function scaled(image, size) {
  const out = new PNG({ width: size, height: size });
  const ratio = image.width / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      let area = 0;
      for (let sy = Math.floor(y * ratio); sy < Math.ceil((y + 1) * ratio); sy++) {
        const wy = Math.min(sy + 1, (y + 1) * ratio) - Math.max(sy, y * ratio);
        for (let sx = Math.floor(x * ratio); sx < Math.ceil((x + 1) * ratio); sx++) {
          const w = wy * (Math.min(sx + 1, (x + 1) * ratio) - Math.max(sx, x * ratio));
          const at = (sy * image.width + sx) * 4;
          const alpha = image.data[at + 3] / 255;
          for (let c = 0; c < 3; c++) sum[c] += image.data[at + c] * alpha * w;
          sum[3] += alpha * w;
          area += w;
        }
      }
      const at = (y * size + x) * 4;
      const alpha = sum[3] / area;
      for (let c = 0; c < 3; c++) out.data[at + c] = alpha > 0 ? Math.round(sum[c] / sum[3]) : 0;
      out.data[at + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

function encodePng(image) {
  return PNG.sync.write(image, { colorType: 6, inputColorType: 6, deflateLevel: 9 });
}
