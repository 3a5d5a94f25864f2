// Whether onnxruntime-node loads on this machine: both front doors (inference and training) ask before
// choosing ORT. Its own file so that index.ts and stepEngines.ts do not import each other (a cycle that
// tslab's CommonJS build of the notebooks cannot resolve).

/** Why onnxruntime-node cannot load here, or null when it can. */
export async function ortLoadError(): Promise<string | null> {
  try {
    await import("onnxruntime-node");
    return null;
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
}
