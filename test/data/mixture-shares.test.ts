import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenSharesForCharShares } from "../../lib/data";

test("token shares for character shares: token share ∝ char share ÷ chars/token", () => {
  const t = tokenSharesForCharShares({ zh: 0.7, en: 0.3 }, { zh: 1.2, en: 3.5 });
  // reference: turn the token shares back into characters per token of the mix and read the char shares
  const chars = { zh: t.zh * 1.2, en: t.en * 3.5 };
  const sum = chars.zh + chars.en;
  assert.ok(Math.abs(chars.zh / sum - 0.7) < 1e-12 && Math.abs(chars.en / sum - 0.3) < 1e-12);
  assert.ok(Math.abs(t.zh + t.en - 1) < 1e-12);
  assert.equal(t.zh.toFixed(4), "0.8719"); // (0.7/1.2) / (0.7/1.2 + 0.3/3.5)
  // equal chars/token: the shares are the same by tokens and by characters
  assert.deepEqual(tokenSharesForCharShares({ a: 0.25, b: 0.75 }, { a: 2, b: 2 }), { a: 0.25, b: 0.75 });
  assert.throws(() => tokenSharesForCharShares({ zh: 1 }, {}), /chars_per_token of 'zh'/);
  assert.throws(() => tokenSharesForCharShares({ zh: 0 }, { zh: 1 }), /sum to 0/);
});
