// The corpus sizes the guide's §4 data-preparation steps quote, in bytes, against its shard counts.
// Those steps count shards of "250MB" (§4.1 "120-150 shards of 250MB"; §4.2 "60GB → ~240 shards";
// §4.3 "~4GB → 16 shards"), i.e. 250 MB of bytes per shard, while the same scenarios' arithmetic and
// nanochat count 250M CHARACTERS per shard (errata item 6: chars vs bytes). Here each quoted size is
// turned into characters (UTF-8 bytes ÷ bytes per character, lib/plan/shards BYTES_PER_CHAR) and shards,
// and set against the characters the scenario's own arithmetic says it needs. GB = 1e9 bytes.
import { GUIDE_SCENARIOS } from "./scenarios";
import { BYTES_PER_CHAR, CHARS_PER_SHARD } from "./shards";

export interface GuideCorpusSize {
  section: string;
  scenario: string;
  says: string;
  /** UTF-8 gigabytes per language */
  gb: { lang: string; gb: number }[];
  /** as printed ("120–150") */
  guideShards: string;
}

export const GUIDE_CORPUS_SIZES: readonly GuideCorpusSize[] = [
  { section: "§4.1", scenario: "d16-chinese", says: "after cleaning 20–30GB (20 taken); sharding: 120–150 shards of 250MB", gb: [{ lang: "zh", gb: 20 }], guideShards: "120–150" },
  { section: "§4.1", scenario: "d16-chinese", says: "after cleaning 20–30GB (30 taken); sharding: 120–150 shards of 250MB", gb: [{ lang: "zh", gb: 30 }], guideShards: "120–150" },
  { section: "§4.2", scenario: "d20-bilingual", says: "Chinese 30GB + English 30GB; total 60GB → ~240 shards", gb: [{ lang: "zh", gb: 30 }, { lang: "en", gb: 30 }], guideShards: "~240" },
  { section: "§4.3", scenario: "d8-single-gpu", says: "wiki ~2GB + news ~1GB + books ~1GB; total ~4GB → 16 shards", gb: [{ lang: "zh", gb: 4 }], guideShards: "16" },
];

export interface GuideCorpusRow {
  section: string;
  says: string;
  utf8_gb: number;
  chars: number;
  /** the quoted corpus in nanochat shards of 250M characters */
  shards_of_250m_chars: number;
  /** the quoted corpus in shards of 250 MB, as the guide counts here */
  shards_of_250mb: number;
  guide_shards: string;
  /** characters the scenario's own arithmetic needs (guide's tokens × its chars/token) */
  chars_needed: number;
  /** what the scenario's own arithmetic needs, in UTF-8 GB */
  gb_needed: number;
  covers_need: string;
}

export function guideCorpusRows(sizes: readonly GuideCorpusSize[] = GUIDE_CORPUS_SIZES): GuideCorpusRow[] {
  return sizes.map((s) => {
    const scenario = GUIDE_SCENARIOS.find((x) => x.name === s.scenario);
    if (!scenario) throw new Error(`guide corpus size ${s.section}: unknown scenario ${s.scenario}`);
    const bpc = (lang: string) => BYTES_PER_CHAR[lang] ?? 1;
    const bytes = s.gb.reduce((a, p) => a + p.gb * 1e9, 0);
    const chars = s.gb.reduce((a, p) => a + (p.gb * 1e9) / bpc(p.lang), 0);
    const total = s.gb.reduce((a, p) => a + p.gb, 0);
    // the bytes the needed characters weigh, with the corpus's own language split by characters
    const bytesPerChar = bytes / chars;
    const need = scenario.guideChars;
    const gbNeeded = (need * bytesPerChar) / 1e9;
    return {
      section: s.section,
      says: s.says,
      utf8_gb: total,
      chars,
      shards_of_250m_chars: Math.ceil(chars / CHARS_PER_SHARD - 1e-9),
      shards_of_250mb: Math.ceil(bytes / 250e6 - 1e-9),
      guide_shards: s.guideShards,
      chars_needed: need,
      gb_needed: gbNeeded,
      covers_need: chars >= need ? `✓ ${(chars / need).toFixed(2)}× the need` : `✗ ${(100 * chars / need).toFixed(0)}% of the ${(need / 1e9).toFixed(2)}B characters its own arithmetic needs`,
    };
  });
}
