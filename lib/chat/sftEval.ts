// Validation of a chat run: the mean loss over the targets that take one (targets ≥ 0: assistant tokens
// and <|assistant_end|> in sft batches), in nats, and its bits per byte (lib/train BpbAccumulator: special
// tokens weigh 0 bytes, so <|assistant_end|> counts in nats but not in bpb).
import { BpbAccumulator } from "../train/bpb";
import type { StepEngine } from "../engines/stepEngine";
import type { ChatBatch } from "./batches";

export interface ChatValLoss {
  /** nats per trained target */
  loss: number;
  bpb: number;
  /** targets counted */
  targets: number;
}

export async function chatValLoss(engine: Pick<StepEngine, "evalLossPerToken">, batches: readonly ChatBatch[], tokenBytes: Int32Array): Promise<ChatValLoss | null> {
  const acc = new BpbAccumulator(tokenBytes);
  let nats = 0;
  let n = 0;
  for (const b of batches) {
    const per = await engine.evalLossPerToken(b.idx, b.targets, b.B, b.T);
    for (let i = 0; i < per.length; i++)
      if (b.targets[i] >= 0) {
        nats += per[i];
        n++;
      }
    acc.add(per, b.targets);
  }
  return n === 0 ? null : { loss: nats / n, bpb: acc.bpb(), targets: n };
}
