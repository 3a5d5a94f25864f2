// Preloaded into every Node process of a test run (NODE_OPTIONS, set by scripts/test.mjs): a test
// file's process names itself in NANOZH_TEST_FILE, and the commands it spawns inherit the name, so
// lib/util/paths can say which test file reached ../shared (see --shared-log there).
if (!process.env.NANOZH_TEST_FILE) {
  const script = process.argv[1] ?? "";
  if (script.endsWith(".test.ts") || script.endsWith(".nbtest.ts")) process.env.NANOZH_TEST_FILE = script;
}
