// A second test reporter for scripts/test.mjs: after the run, the ten test files whose top-level tests
// took longest (the sum of their durations; module loading not counted), so the suite's time budget
// stays visible in every run and in CI's log.
export default async function* slowest(source) {
  const byFile = new Map();
  for await (const event of source) {
    if ((event.type === "test:pass" || event.type === "test:fail") && event.data.nesting === 0) {
      const file = event.data.file ?? "(unknown file)";
      byFile.set(file, (byFile.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
    }
  }
  const rows = [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (rows.length === 0) return;
  yield "# slowest test files (sum of their tests' durations):\n";
  for (const [file, ms] of rows) yield `#   ${(ms / 1000).toFixed(1).padStart(7)} s  ${file.replace(process.cwd() + "/", "")}\n`;
}
