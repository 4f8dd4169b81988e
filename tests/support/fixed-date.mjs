// Runs a node test file as if on another day:
//   SHOPTRIP_TODAY=2031-02-01 node --import ./tests/support/fixed-date.mjs --test tests/api.test.mjs
// Date.now() and `new Date()` start from that day's noon (UTC) and run on
// from there; dates given explicitly are untouched. `./build.sh test` runs
// the API tests this way on several days, so a test that quietly depends on
// today's date fails on one of them.
const day = process.env.SHOPTRIP_TODAY;
const at = Date.parse(`${day}T12:00:00Z`);
if (!day || Number.isNaN(at)) throw new Error(`SHOPTRIP_TODAY must be a date (YYYY-MM-DD), not ${JSON.stringify(day)}`);
const RealDate = Date;
const offset = at - RealDate.now();

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }

  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = ShiftedDate;
