import { test } from "node:test";
import assert from "node:assert/strict";
import { byMode, runMode } from "../../lib/report";

test("runMode: small by default, full on request, anything else is an error naming the variable", () => {
  assert.equal(runMode({}), "small");
  assert.equal(runMode({ NANOZH_MODE: "Full " }), "full");
  assert.equal(runMode({ NANOZH_MODE: "small" }), "small");
  assert.throws(() => runMode({ NANOZH_MODE: "big" }), /NANOZH_MODE/);
  assert.equal(byMode({ small: 1, full: 2 }, "full"), 2);
});
