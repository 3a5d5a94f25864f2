// The front door to the engines (house.md, "Engines"): callers ask for an engine by choice and get one that
// says which engine and how many threads ran. ORT (onnxruntime-node, native kernels) when it loads, else
// the tfjs GPT (open.ts). The training side: createStepEngine (stepEngines.ts).
export * from "./inference";
export { generateTokens, generateTextWith } from "./generate";
export { ortLoadError } from "./ortAvailable";
export { compareModelLogitsOn, type EngineLogitsComparison } from "./modelParity";
export { createStepEngine, checkStepEngineName, autoTfjsEngineName, STEP_ENGINE_NAMES, type StepEngineRequest } from "./stepEngines";
export { BACKEND_NAMES, checkBackendName, type BackendChoice } from "./backendNames";
export { countTargets, type StepEngine, type MicroBatch, type TrainState, type StepResult, type EngineOptions } from "./stepEngine";
export * from "./open";
