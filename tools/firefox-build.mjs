// Writes dist/firefox/: the same extension for Firefox. Only the manifest
// differs: Firefox runs the background as an event page (background.scripts,
// an ES module here) and needs an add-on id (browser_specific_settings).
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const source = new URL("../extension/", import.meta.url);
const target = new URL("../dist/firefox/", import.meta.url);
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });

const manifest = JSON.parse(readFileSync(new URL("manifest.json", source), "utf8"));
manifest.background = { scripts: [manifest.background.service_worker], type: "module" };
delete manifest.minimum_chrome_version;
manifest.browser_specific_settings = {
  gecko: {
    id: "shoptrip@shoptrip.example",
    strict_min_version: "142.0",
    data_collection_permissions: { required: ["none"] },
  },
};
writeFileSync(new URL("manifest.json", target), `${JSON.stringify(manifest, null, 2)}\n`);
