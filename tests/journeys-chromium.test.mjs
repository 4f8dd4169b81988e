// The shopper's journeys (journeys.mjs) in Debian's Chromium.
import { test, before, after } from "node:test";
import { startWebServer } from "./support/web-server.mjs";
import { launchChromium } from "./support/chromium.mjs";
import { journeys, PUBLISHER } from "./journeys.mjs";
import { brandedExtension } from "../tools/package.mjs";

let web;
before(async () => { web = await startWebServer(); });
after(() => web?.close());

for (const journey of journeys) {
  test(`chromium: ${journey.name}`, async () => {
    const driver = await launchChromium(web, journey.publisher
      ? { source: brandedExtension(PUBLISHER), fixtureCatalogs: false, locale: journey.locale }
      : { locale: journey.locale });
    try {
      await journey.run(driver, web);
    } finally {
      await driver.close();
    }
  });
}
