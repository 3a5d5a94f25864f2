// Raw access to the wasm backend's heap for our kernels: a tensor's bytes live at `memoryOffset` in
// one linear memory, so a kernel can read them in place, or lend C++ a "view" tensor that points
// into another tensor's bytes (no copy), released without freeing the memory it borrows.
import type { TensorInfo, DataType } from "@tensorflow/tfjs";

interface WasmTensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: DataType;
  refCount: number;
}

/** The parts of tfjs-backend-wasm's BackendWasm that our kernels use (it does not export the type). */
export interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array;
    tfjs: { disposeData(id: number): void };
  };
  dataIdMap: { get(dataId: object): WasmTensorData; delete(dataId: object): boolean };
  makeOutput(shape: number[], dtype: DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

export function byteOffset(backend: WasmBackend, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

export function f32(backend: WasmBackend, t: TensorInfo, size: number): Float32Array {
  return new Float32Array(backend.wasm.HEAPU8.buffer, byteOffset(backend, t), size);
}

export function i32(backend: WasmBackend, t: TensorInfo, size: number): Int32Array {
  return new Int32Array(backend.wasm.HEAPU8.buffer, byteOffset(backend, t), size);
}

/** A tensor registered over existing bytes at `offset` (owned by another tensor). Release with `releaseView`. */
export function makeView(backend: WasmBackend, shape: number[], offset: number): TensorInfo {
  return backend.makeOutput(shape, "float32", offset);
}

/** Unregister a view: C++ forgets the id (and any operator cached for it); the borrowed bytes stay. */
export function releaseView(backend: WasmBackend, view: TensorInfo): void {
  const data = backend.dataIdMap.get(view.dataId);
  backend.wasm.tfjs.disposeData(data.id);
  backend.dataIdMap.delete(view.dataId);
}
