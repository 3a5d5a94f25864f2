// lib/engines/tfjs — the TensorFlow.js engine: nanochat v1's GPT with autodiff (the reference twin of the ORT
// engine and the browser-capable path), its wasm kernels, AdamW and Muon, the local and worker step engines,
// generation, and the fixture parity checks. Callers outside lib/engines go through lib/engines' front door.
export { GPT, KVCache, type GPTOptions, type ParamRow } from "./gpt";
export { rmsNorm } from "./norm";
export { rotarySlice, applyRotary } from "./rotary";
export { attend, attention, causalMask, type LayerCache } from "./attention";
export { mlp } from "./mlp";
export { crossEntropyMean, crossEntropyPerToken, type LossReduction } from "./loss";
export { generate, generateNoCache, generateText } from "./generate";
export { expandCache, cloneCache } from "./cacheExpand";
export { initBackend, backendName, measuredMatmulPeakFlops, BACKEND_NAMES, type BackendChoice } from "./backend";
export { registerWasmKernels } from "./kernels";
export { saveModel, loadModel, type LoadedModel } from "./modelFolder";
export { LocalEngine, globalGradNorm } from "./localEngine";
export { WorkerEngine, type WorkerEngineOptions } from "./workerEngine";
export { setupOptimizers, type Optimizers } from "./optimizers";
export { AdamW, type AdamWGroup } from "./adamw";
export { Muon, newtonSchulz5, type MuonOptions } from "./muon";
export { runParity, compareModelLogits } from "./parity";
export { TfjsInferenceEngine } from "./inference";
