// Why opencc-js differs from OpenCC's official cases (the measured differences: lib/zh/OPENCC_CASES.md;
// test/zh/opencc.test.ts asserts that exactly these cases differ).
const EXT =
  "opencc-js deliberately leaves out OpenCC's tofu-risk mappings to supplementary-plane (CJK Extension B+) " +
  "characters that common fonts lack (opencc-js README, section Data: `TSCharactersExt` is not bundled). Measured: " +
  "opencc-js 1.4.2's bundled TSCharacters has no entry for the character at all, while OpenCC's TSCharacters.txt " +
  "(../shared/data/zh_trad/opencc) lists it with the Extension-B form as a candidate, and the upstream case expects that form.";

/** `config:id` → why the case differs. The test asserts that exactly these differ. */
export const OPENCC_KNOWN_DIFFERENCES: Record<string, string> = {
  "t2s:BYVoid_OpenCC_PR_1228_existing_behaviors": `${EXT} Here 殢 (TSCharacters.txt: \`殢 → 殢 𣨼\`); upstream gives 𣨼 (U+23A3C), opencc-js keeps 殢. The already-Simplified 𣨼 passes through unchanged in both.`,
  "t2s:BYVoid_OpenCC_PR_1229_existing_behaviors": `${EXT} Here 圞 (\`圞 → 圞 𪢮\`); upstream gives 𪢮 (U+2A8AE), opencc-js keeps 圞 (團 → 团 is converted as upstream).`,
  "t2s:BYVoid_OpenCC_PR_464_xi_vs_xi": `${EXT} Here 樠 (\`樠 → 樠 𣗊\`) in 樠谿; upstream gives 𣗊 (U+235CA), opencc-js keeps 樠 (谿 → 溪 is converted as upstream). Everything else in this long case agrees.`,
};
