// A closed stdout (`nanozh normalize < big.txt | head`) is not an error: the reader has what it
// wanted. Node reports it as EPIPE, either on the stream ('error' event, otherwise an uncaught stack
// trace) or in a write callback. Both end the process quietly with status 0.

/** True for the error a write to a closed pipe gives. */
export function isEpipe(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "EPIPE";
}

let installed = false;

/** Exit quietly (status 0) when stdout's reader goes away; other stdout errors still throw. */
export function exitQuietlyOnEpipe(): void {
  if (installed) return;
  installed = true;
  process.stdout.on("error", (err) => {
    if (isEpipe(err)) process.exit(0);
    throw err;
  });
}

/** Write to stdout; when its buffer is full, wait for it to drain (memory stays flat when streaming). */
export async function writeStdout(text: string | Uint8Array): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
}
