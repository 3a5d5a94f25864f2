// Issue 15 item 6 for `chat`: invalid UTF-8 piped in is reported (count and first byte offset, the wording
// every other reader uses) instead of being replaced silently.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../../lib/util/paths";
import { baseModelDir } from "./sftFixtures";

test("nanozh chat: piped invalid UTF-8 is reported with its count and first byte offset", async () => {
  const model = await baseModelDir();
  const input = Buffer.concat([Buffer.from("你好", "utf8"), Buffer.from([0xff, 0x0a]), Buffer.from("hi\n", "utf8")]);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot(), "cli", "nanozh.ts"), "chat", "--model", model, "--temperature", "0", "--max-tokens", "2", "--backend", "cpu"], {
    cwd: repoRoot(),
    input,
  });
  const err = r.stderr.toString("utf8");
  assert.equal(r.status, 0, err);
  assert.match(err, /nanozh chat: stdin: 1 invalid UTF-8 sequence\(s\) replaced by U\+FFFD; first at byte offset 6\n/);
  assert.equal(err.match(/invalid UTF-8/g)!.length, 1, "reported once, when first met");
});
