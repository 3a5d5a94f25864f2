// Encoding of ONNX ModelProto through protobufjs and the official, vendored onnx.proto (see README.md).
// The schema is loaded once, on first use, from the repository (no import.meta: the tslab kernel is CommonJS).
import path from "node:path";
import protobuf from "protobufjs";
import { repoRoot } from "../../util/paths";

let modelType: protobuf.Type | null = null;

/** The protobufjs type of onnx.ModelProto, loaded from lib/engines/ort/onnx.proto on first call. */
export function onnxModelType(): protobuf.Type {
  if (modelType) return modelType;
  const file = path.join(repoRoot(), "lib", "engines", "ort", "onnx.proto");
  const root = protobuf.loadSync(file);
  modelType = root.lookupType("onnx.ModelProto");
  return modelType;
}

/** Encodes a plain-object ModelProto (field names as in onnx.proto, bytes as Uint8Array, enums as numbers). */
export function encodeModel(model: Record<string, unknown>): Uint8Array {
  const t = onnxModelType();
  const err = t.verify(model);
  if (err) throw new Error(`ONNX ModelProto does not match onnx.proto: ${err}`);
  return t.encode(t.fromObject(model)).finish();
}

/** onnx TensorProto.DataType codes for the dtypes the graphs use. */
export const ONNX_DTYPE = { float32: 1, int32: 6, int64: 7, bool: 9 } as const;

/** onnx AttributeProto.AttributeType codes. */
export const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/** The IR version that goes with an ai.onnx opset (onnx/helper.py VERSION_TABLE). */
export function irVersionForOpset(opset: number): number {
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  if (opset === 23) return 11;
  if (opset === 24) return 12;
  return 13;
}
