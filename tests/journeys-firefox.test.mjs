// The shopper's journeys (journeys.mjs) in Debian's firefox-esr, over
// WebDriver BiDi, with the Firefox build of the extension.
import { test, before, after } from "node:test";
import { startWebServer } from "./support/web-server.mjs";
import { launchFirefox } from "./support/firefox.mjs";
import { journeys, PUBLISHER } from "./journeys.mjs";
import { brandedExtension } from "../tools/package.mjs";

let web;
before(async () => { web = await startWebServer({ port: 443 }); });
after(() => web?.close());

for (const journey of journeys) {
  test(`firefox: ${journey.name}`, async () => {
    const driver = await launchFirefox(journey.publisher
      ? { source: brandedExtension(PUBLISHER, { firefox: true }), geckoId: "button@example-rewards.test",
        locale: journey.locale === "ja" ? "ja" : "en-US" }
      : {});
    try {
      await journey.run(driver, web);
    } finally {
      await driver.close();
    }
  });
}
