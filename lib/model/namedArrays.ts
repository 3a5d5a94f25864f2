// Plain named float arrays: weights and optimizer state as they travel to files and between threads.
export interface NamedArray {
  shape: number[];
  data: Float32Array;
}
export type NamedArrays = Map<string, NamedArray>;

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
