// The shopper's journeys (journeys.mjs) in Debian's firefox-esr, over
// WebDriver BiDi, with the Firefox build of the extension.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
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

// Firefox alone asks a member's consent to data collection: the trip reports
// tell the publisher which stores their trips were at, and when.
test("firefox: a linked account's reports wait for Firefox's consent: asked at Link; withdrawn, nothing is sent until allowed again", async () => {
  const d = await launchFirefox({ source: brandedExtension(PUBLISHER, { firefox: true }), geckoId: "button@example-rewards.test" });
  const publisher = web.publisher;
  const consent = () => d.inExtension(async () => (await browser.permissions.getAll()).data_collection ?? []);
  const until = async (read, ok, what) => {
    let last;
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await d.wait(100)) {
      last = await read().catch((e) => `(${e.message})`);
      if (ok(last)) return last;
    }
    throw new Error(`never ${what}; last ${JSON.stringify(last)}`);
  };
  try {
    assert.deepEqual(await consent(), [], "nothing consented at install");
    const settings = await d.extensionPage("options.html");
    const link = '[data-action="link-account"]:not([hidden])';
    await d.waitFor(settings, link);
    const signIn = await d.signInWindow(() => d.click(settings, link));
    await d.fill(signIn, "#username", "member@example.test");
    await d.fill(signIn, "#password", "correct horse battery staple");
    await d.click(signIn, "#sign-in").catch(() => {});
    await until(() => d.text(settings, "#account-state"), (t) => /^Linked to Example Rewards since/.test(t), "linked");
    assert.deepEqual(await consent(), ["browsingActivity"], "asked with the Link click");
    await until(() => d.text(settings, "#account-report"), (t) => /Last report from Example Rewards/.test(t), "the first report");

    // Withdrawn (as in about:addons): opening the trips page and Refresh send nothing.
    const asked = publisher.asked.length;
    await d.inExtension(() => browser.permissions.remove({ data_collection: ["browsingActivity"] }));
    const trips = await d.extensionPage("trips.html");
    await d.waitFor(trips, '[data-action="refresh-reports"]');
    await d.click(trips, '[data-action="refresh-reports"]');
    await d.wait(1500);
    assert.equal(publisher.asked.length, asked, "no report without the consent");
    const again = await d.extensionPage("options.html");
    await until(() => d.text(again, "#account-report"), (t) => /consent to send trip reports to Example Rewards was withdrawn/.test(t), "the settings say why");
    await d.screenshot(again, "account-consent-withdrawn");

    // Allowed again: asked at once.
    await d.click(again, link);
    await until(async () => publisher.asked.length, (n) => n === asked + 1, "asked once allowed again");
    assert.deepEqual(await consent(), ["browsingActivity"]);
    await d.click(again, '[data-action="sign-out"]');
    await until(() => d.text(again, "#account-state"), (t) => /^Not linked/.test(t), "signed out");
  } finally {
    await d.close();
  }
});
