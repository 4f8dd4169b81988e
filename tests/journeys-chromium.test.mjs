// The shopper's journeys (journeys.mjs) in Debian's Chromium.
import { test, before, after } from "node:test";
import { startWebServer } from "./support/web-server.mjs";
import { launchChromium } from "./support/chromium.mjs";
import { journeys } from "./journeys.mjs";

let web;
before(async () => { web = await startWebServer(); });
after(() => web?.close());

for (const journey of journeys) {
  test(`chromium: ${journey.name}`, async () => {
    const driver = await launchChromium(web);
    try {
      await journey.run(driver, web);
    } finally {
      await driver.close();
    }
  });
}
