// GPUs: peak dense bf16 tensor FLOP/s (no sparsity) and memory, for time and memory estimates.
// H100 SXM 989e12 is the figure nanochat v1 divides by for MFU (nanochat-reference.md §2).

export interface GpuSpec {
  name: string;
  /** peak dense bf16 FLOP/s */
  peak_flops: number;
  memory_gib: number;
  aliases: string[];
}

export const GPUS: readonly GpuSpec[] = [
  { name: "H100 SXM", peak_flops: 989e12, memory_gib: 80, aliases: ["H100", "H100-SXM", "H100 SXM5"] },
  { name: "H100 PCIe", peak_flops: 756e12, memory_gib: 80, aliases: ["H100-PCIe"] },
  { name: "H200", peak_flops: 989e12, memory_gib: 141, aliases: ["H200 SXM"] },
  { name: "B200", peak_flops: 2250e12, memory_gib: 180, aliases: [] },
  { name: "A100", peak_flops: 312e12, memory_gib: 80, aliases: ["A100 80GB", "A100-SXM"] },
  { name: "A100 40GB", peak_flops: 312e12, memory_gib: 40, aliases: ["A100-40GB"] },
  { name: "L40S", peak_flops: 362e12, memory_gib: 48, aliases: [] },
  { name: "A10", peak_flops: 125e12, memory_gib: 24, aliases: ["A10G"] },
  { name: "L4", peak_flops: 121e12, memory_gib: 24, aliases: [] },
  { name: "RTX 5090", peak_flops: 209.5e12, memory_gib: 32, aliases: ["5090", "RTX5090", "GeForce RTX 5090"] },
  { name: "RTX 4090", peak_flops: 165.2e12, memory_gib: 24, aliases: ["4090", "RTX4090", "GeForce RTX 4090"] },
  { name: "RTX 3090", peak_flops: 71e12, memory_gib: 24, aliases: ["3090", "RTX3090", "GeForce RTX 3090"] },
];

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-]+/g, "");

/** Look a GPU up by name or alias, case- and separator-insensitive ("h100", "4090", "RTX-4090"). */
export function lookupGpu(name: string): GpuSpec {
  const key = squash(String(name ?? ""));
  for (const g of GPUS) {
    if (squash(g.name) === key || g.aliases.some((a) => squash(a) === key)) return g;
  }
  throw new Error(`unknown GPU '${name}'; known: ${GPUS.map((g) => g.name).join(", ")} (aliases: ${GPUS.flatMap((g) => g.aliases).join(", ")})`);
}
