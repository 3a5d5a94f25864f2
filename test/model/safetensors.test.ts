import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseSafetensors, readSafetensors, serializeSafetensors } from "../../lib/model/safetensors";

const tensors = new Map([
  ["a", { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-30, -7]) }],
  ["b", { shape: [3], data: Int32Array.from([5, -6, 2147483647]) }],
]);

test("readSafetensors: float32/int32 tensors are views of the file's one buffer (a model is held once), with the right values", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-st-"));
  try {
    const file = path.join(dir, "m.safetensors");
    fs.writeFileSync(file, serializeSafetensors(tensors));
    const st = readSafetensors(file);
    const a = st.tensors.get("a")!.data;
    const b = st.tensors.get("b")!.data;
    assert.deepEqual([...a], [...tensors.get("a")!.data]);
    assert.deepEqual([...b], [...tensors.get("b")!.data]);
    assert.equal(a.buffer, b.buffer, "both tensors share the file's buffer");
    assert.ok(a.buffer.byteLength > a.byteLength);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("parseSafetensors copies unless asked for views, and decodes data at an unaligned offset", () => {
  const bytes = serializeSafetensors(tensors);
  const own = parseSafetensors(bytes, "mem");
  const a = own.tensors.get("a")!.data;
  assert.equal(a.byteLength, a.buffer.byteLength, "a copy owns its buffer");
  a[0] = 99;
  assert.equal(parseSafetensors(bytes, "mem").tensors.get("a")!.data[0], 1, "the input bytes are untouched");
  // the same file starting one byte into a larger buffer: the data are no longer 4-aligned
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const st = parseSafetensors(shifted.subarray(1), "shifted", { view: true });
  assert.deepEqual([...st.tensors.get("a")!.data], [...tensors.get("a")!.data]);
  assert.deepEqual([...st.tensors.get("b")!.data], [...tensors.get("b")!.data]);
});
