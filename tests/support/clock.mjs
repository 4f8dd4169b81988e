// The time the extension tests run at. Nothing a test asserts may depend on
// the day it runs: the test copy of the extension (extension-copy.mjs) runs
// its worker on this clock, and the fixture catalogs
// (tests/fixtures/catalogs/, written by tools/sample_catalogs.py) date their
// boosts and coupons around it: at TEST_NOW the Black Friday boost has not
// begun and the coupons have not expired.
export const TEST_NOW = Date.UTC(2030, 5, 15, 12, 0, 0);
export const DAY = 86_400_000;
/** Inside the fixtures' Black Friday boost (2030-11-29 to 2030-12-03). */
export const IN_BOOST = Date.UTC(2030, 10, 30, 12, 0, 0);
