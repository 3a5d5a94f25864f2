// Small graph helpers shared by the training layers: reshapes, transposes, reductions over the last axis.
// Every helper takes the Graph and value names and returns value names, so a layer reads like its maths.
import type { Graph } from "../graph";

export function reshape(g: Graph, x: string, shape: number[]): string {
  return g.op1("Reshape", [x, g.constI64(shape)]);
}

export function transpose(g: Graph, x: string, perm: number[]): string {
  return g.op1("Transpose", [x], { perm });
}

/** Σ over the last axis, kept as a size-1 axis. */
export function sumLast(g: Graph, x: string): string {
  return g.op1("ReduceSum", [x, g.constI64([-1])], { keepdims: 1 });
}

/** Mean over the last axis, kept as a size-1 axis. */
export function meanLast(g: Graph, x: string): string {
  return g.op1("ReduceMean", [x, g.constI64([-1])], { keepdims: 1 });
}

export const mul = (g: Graph, a: string, b: string): string => g.op1("Mul", [a, b]);
export const add = (g: Graph, a: string, b: string): string => g.op1("Add", [a, b]);
export const sub = (g: Graph, a: string, b: string): string => g.op1("Sub", [a, b]);
export const scale = (g: Graph, a: string, s: number): string => g.op1("Mul", [a, g.constF32([s], [])]);

/** y = x·Wᵀ for x [N, in] and a torch-layout weight W [out, in]. */
export function linear(g: Graph, x: string, w: string): string {
  return g.op1("Gemm", [x, w], { transB: 1 });
}

/** The backward of linear: dx = dy·W, dW = dyᵀ·x. */
export function linearBackward(g: Graph, x: string, w: string, dy: string): { dx: string; dw: string } {
  return { dx: g.op1("MatMul", [dy, w]), dw: g.op1("Gemm", [dy, x], { transA: 1 }) };
}
