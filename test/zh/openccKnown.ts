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

/** `config:id` → why the case differs (kept in lib/zh/openccKnown.ts so notebooks can show it). The
 * test asserts that exactly these differ. */
export { OPENCC_KNOWN_DIFFERENCES as OPENCC_FAILURE_REASONS } from "../../lib/zh/openccKnown";
