// The measured results of OpenCC's official cases through opencc-js 1.4.2 (see lib/zh/OPENCC_CASES.md).
export const OPENCC_PASS_COUNTS: Record<string, { cases: number; passed: number }> = {
  hk2s: { cases: 21, passed: 21 },
  hk2sp: { cases: 8, passed: 8 },
  hk2t: { cases: 17, passed: 17 },
  jp2t: { cases: 4, passed: 4 },
  s2hk: { cases: 51, passed: 51 },
  s2hkp: { cases: 8, passed: 8 },
  s2t: { cases: 96, passed: 96 },
  s2tw: { cases: 65, passed: 65 },
  s2twp: { cases: 84, passed: 84 },
  t2hk: { cases: 17, passed: 17 },
  t2jp: { cases: 4, passed: 4 },
  t2s: { cases: 55, passed: 52 },
  t2tw: { cases: 10, passed: 10 },
  tw2s: { cases: 32, passed: 32 },
  tw2sp: { cases: 53, passed: 53 },
  tw2t: { cases: 18, passed: 18 },
};

const EXT =
  "opencc-js deliberately leaves out OpenCC's `TSCharactersExt` mappings whose Simplified form is a " +
  "supplementary-plane (CJK Extension B+) character that common fonts lack (\"tofu risk\", opencc-js README, " +
  "section Data). Upstream OpenCC maps";

/** `config:id` → why the case differs. The test asserts that exactly these differ. */
export const OPENCC_FAILURE_REASONS: Record<string, string> = {
  "t2s:BYVoid_OpenCC_PR_1228_existing_behaviors": `${EXT} 殢 → 𣨼 (U+23A3C); opencc-js keeps 殢. The already-Simplified 𣨼 passes through unchanged in both.`,
  "t2s:BYVoid_OpenCC_PR_1229_existing_behaviors": `${EXT} 圞 → 𪢮 (U+2A8AE); opencc-js keeps 圞 (團 → 团 is converted as upstream).`,
  "t2s:BYVoid_OpenCC_PR_464_xi_vs_xi": `${EXT} 樠 → 𣗊 (U+235CA) in 樠谿; opencc-js keeps 樠 (谿 → 溪 is converted as upstream). Everything else in this long case agrees.`,
};
