// One row group of texts → an Arrow record batch in parquet-wasm memory, and the writer settings of
// nanochat's shards (dev/repackage_data_reference.py: zstd, no dictionary, no statistics).
import { makeData, makeVector, Table as ArrowTable, Utf8, tableToIPC } from "apache-arrow";
import { Compression, EnabledStatistics, RecordBatch, Table as WasmTable, WriterPropertiesBuilder, type WriterProperties } from "parquet-wasm";

export type ShardCompression = "zstd" | "snappy" | "gzip" | "none";

/** A plain Utf8 column (not dictionary-encoded, which is what tableFromArrays would infer). */
export function textTable(texts: string[]): ArrowTable {
  let total = 0;
  for (const t of texts) total += Buffer.byteLength(t, "utf8");
  const bytes = Buffer.allocUnsafe(total);
  const offsets = new Int32Array(texts.length + 1);
  let off = 0;
  for (let i = 0; i < texts.length; i++) {
    off += bytes.write(texts[i], off, "utf8");
    offsets[i + 1] = off;
  }
  const data = makeData({ type: new Utf8(), length: texts.length, nullCount: 0, valueOffsets: offsets, data: new Uint8Array(bytes.buffer, bytes.byteOffset, total) });
  return new ArrowTable({ text: makeVector(data) });
}

/** The texts as one wasm RecordBatch (the JS-side IPC buffer is dropped right after the copy). */
export function textRecordBatch(texts: string[]): RecordBatch {
  const wasmTable = WasmTable.fromIPCStream(tableToIPC(textTable(texts), "stream"));
  try {
    const batch = wasmTable.recordBatch(0);
    if (!batch) throw new Error("parquet-wasm: empty table");
    return batch;
  } finally {
    wasmTable.free();
  }
}

/**
 * Writer settings: one row group per `rowGroupDocs` rows, the codec, no dictionary, no statistics.
 * parquet-wasm 0.8 takes a codec but no level: its zstd runs at parquet-rs's default level (1), not
 * nanochat's 3 — files are a few percent larger; readers cannot tell the difference.
 */
export function writerProperties(rowGroupDocs: number, compression: ShardCompression): WriterProperties {
  const codec = { zstd: Compression.ZSTD, snappy: Compression.SNAPPY, gzip: Compression.GZIP, none: Compression.UNCOMPRESSED }[compression];
  return new WriterPropertiesBuilder()
    .setCompression(codec)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.None)
    .setMaxRowGroupSize(rowGroupDocs)
    .setCreatedBy("nanochat-zh (parquet-wasm)")
    .build();
}
