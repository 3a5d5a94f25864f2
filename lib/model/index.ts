// lib/model — what nanochat v1's GPT *is*, free of any engine (house.md, "Engines"): its config, parameter
// names, shapes and init, fixed numbers, named arrays, safetensors and model-folder I/O on plain arrays, the
// rng, sampling and rotary tables. What runs it: lib/engines (tfjs/, ort/).
export { type GPTConfig, configForDepth, validateConfig, headDim, CONFIG_FIELDS } from "./config";
export { SOFTCAP, RMS_NORM_EPS, ROTARY_BASE } from "./constants";
export { paramSpecs, initWeights, initNamedWeights, linearInitStd, checkWeights, numParams, type ParamSpec } from "./params";
export { rotaryTables, type RotaryTables } from "./rotaryTables";
export { Rng } from "./rng";
export { type NamedArray, type NamedArrays, shapeSize, sameShape } from "./namedArrays";
export { readSafetensors, writeSafetensors, parseSafetensors, serializeSafetensors, type SafeTensor, type SafetensorsFile, type SafetensorsDtype, type TensorToWrite } from "./safetensors";
export { saveWeights, readModelConfig, readWeights, readModelFolder, MODEL_FILE, CONFIG_FILE, TOKENIZER_DIR, type ModelFolder, type SaveModelOptions, type SaveWeightsOptions } from "./io";
export { sampleToken, argmax, type GenerateOptions } from "./sample";
