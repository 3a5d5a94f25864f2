// lib/model — nanochat v1's GPT on TensorFlow.js: config, the model, weights in safetensors, generation, parity.
export { type GPTConfig, configForDepth, validateConfig, headDim, CONFIG_FIELDS } from "./config";
export { GPT, KVCache, SOFTCAP, checkWeights, type GPTOptions, type ParamRow } from "./gpt";
export { paramSpecs, initWeights, linearInitStd, type ParamSpec } from "./params";
export { rmsNorm, RMS_NORM_EPS } from "./norm";
export { rotaryTables, rotarySlice, applyRotary, ROTARY_BASE, type RotaryTables } from "./rotary";
export { attend, attention, causalMask, type LayerCache } from "./attention";
export { mlp } from "./mlp";
export { crossEntropyMean, crossEntropyPerToken, type LossReduction } from "./loss";
export { Rng } from "./rng";
export { type NamedArray, type NamedArrays, shapeSize, sameShape } from "./namedArrays";
export { readSafetensors, writeSafetensors, parseSafetensors, serializeSafetensors, type SafeTensor, type SafetensorsFile, type SafetensorsDtype, type TensorToWrite } from "./safetensors";
export { saveModel, saveWeights, loadModel, readModelConfig, readWeights, MODEL_FILE, CONFIG_FILE, TOKENIZER_DIR, type LoadedModel, type SaveModelOptions, type SaveWeightsOptions } from "./io";
export { generate, generateNoCache, generateText, type GenerateOptions } from "./generate";
export { expandCache, cloneCache } from "./cacheExpand";
export { sampleToken, argmax } from "./sample";
export { initBackend, backendName, measuredMatmulPeakFlops, BACKEND_NAMES, type BackendChoice } from "./backend";
export { registerWasmKernels } from "./kernels";
