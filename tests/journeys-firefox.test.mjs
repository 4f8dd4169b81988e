// The shopper's journeys (journeys.mjs) in Debian's firefox-esr, over
// WebDriver BiDi, with the Firefox build of the extension.
import { test, before, after } from "node:test";
import { startWebServer } from "./support/web-server.mjs";
import { launchFirefox } from "./support/firefox.mjs";
import { journeys } from "./journeys.mjs";

let web;
before(async () => { web = await startWebServer({ port: 443 }); });
after(() => web?.close());

for (const journey of journeys) {
  test(`firefox: ${journey.name}`, async () => {
    const driver = await launchFirefox();
    try {
      await journey.run(driver, web);
    } finally {
      await driver.close();
    }
  });
}
