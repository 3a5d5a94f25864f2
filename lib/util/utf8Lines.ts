// Lines of a byte stream (piped stdin), decoded by the counting UTF-8 decoder (utf8Stream.ts), so a
// command that reads lines interactively reports invalid UTF-8 the way every other reader does
// (invalidUtf8Message: count and first byte offset) instead of replacing it silently.
import { Utf8StreamDecoder, type InvalidUtf8 } from "./utf8Stream";

/** Lines of `input` (\n or \r\n; a leading BOM dropped); invalid UTF-8 becomes U+FFFD and is counted in `invalid`. */
export async function* utf8Lines(input: AsyncIterable<Uint8Array | string>, invalid: InvalidUtf8): AsyncGenerator<string> {
  const decoder = new Utf8StreamDecoder();
  let rest = "";
  let first = true;
  const sync = () => {
    if (decoder.invalid.count > 0) {
      if (invalid.firstOffset < 0) invalid.firstOffset = decoder.invalid.firstOffset;
      invalid.count = decoder.invalid.count;
    }
  };
  for await (const chunk of input) {
    rest += decoder.decode(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
    sync();
    if (first && rest.length > 0) {
      if (rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
      first = false;
    }
    let nl: number;
    while ((nl = rest.indexOf("\n")) >= 0) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
    }
  }
  rest += decoder.end();
  sync();
  if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}
