// Headless Chromium through the DevTools protocol over a pipe (--remote-debugging-pipe): open a
// page, wait until the page says it has rendered, screenshot it. No npm dependency and no port.
// More reliable than `--screenshot`, which fires on the load event, before Plotly's async drawing.
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";

/** Chromium or Chrome: $CHROME_PATH, /usr/bin/chromium, or chromium/google-chrome on PATH. */
export function findChrome(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.CHROME_PATH) {
    if (!fs.existsSync(env.CHROME_PATH)) throw new Error(`CHROME_PATH: ${env.CHROME_PATH} does not exist`);
    return env.CHROME_PATH;
  }
  const candidates = ["/usr/bin/chromium"];
  const names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) if (dir) for (const n of names) candidates.push(path.join(dir, n));
  candidates.push("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium");
  return candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

export interface ScreenshotOptions {
  width: number;
  height: number;
  /** Device pixel ratio (2 = sharper, 4× the pixels). */
  scale?: number;
  /** A JS expression (may be a promise) that resolves once the page has drawn. */
  readyExpression?: string;
  timeoutMs?: number;
  chrome?: string;
}

interface CdpReply {
  id?: number;
  method?: string;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
  params?: Record<string, unknown>;
}

/** Screenshot a local HTML file as PNG bytes. */
export async function screenshotHtml(htmlFile: string, opts: ScreenshotOptions): Promise<Buffer> {
  const chrome = opts.chrome ?? findChrome();
  if (!chrome) throw new Error("no Chromium found (set CHROME_PATH)");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "nanozh-chrome-"));
  const args = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", `--user-data-dir=${profile}`,
    "--remote-debugging-pipe", "about:blank",
  ];
  // Own process group (detached), so the renderer and helper processes go with the browser.
  const child = spawn(chrome, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"], detached: true });
  const toChrome = child.stdio[3] as Writable;
  const fromChrome = child.stdio[4] as Readable;
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (stderr.length < 20000) stderr += d.toString();
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; resolve: (p: Record<string, unknown>) => void }[] = [];
  let buffered = "";
  let dead: Error | undefined;
  const fail = (e: Error) => {
    dead = dead ?? e;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };
  fromChrome.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let end: number;
    while ((end = buffered.indexOf("\0")) >= 0) {
      const msg = JSON.parse(buffered.slice(0, end)) as CdpReply;
      buffered = buffered.slice(end + 1);
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (p && msg.error) p.reject(new Error(`chromium: ${msg.error.message}`));
        else if (p) p.resolve(msg.result ?? {});
      } else if (msg.method) {
        const i = waiters.findIndex((w) => w.method === msg.method);
        if (i >= 0) waiters.splice(i, 1)[0].resolve(msg.params ?? {});
      }
    }
  });
  child.on("error", (e) => fail(new Error(`cannot start ${chrome}: ${e.message}`)));
  child.on("exit", (code, sig) => fail(new Error(`${chrome} exited (${sig ?? code}) before the screenshot:\n${stderr.slice(-2000)}`)));
  toChrome.on("error", (e) => fail(new Error(`chromium pipe: ${e.message}`)));

  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toChrome.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  const event = (method: string) => new Promise<Record<string, unknown>>((resolve) => waiters.push({ method, resolve }));

  const timeoutMs = opts.timeoutMs ?? 60000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`chromium: no screenshot of ${htmlFile} within ${timeoutMs} ms`)), timeoutMs);
  });
  let closing = false;
  const work = async (): Promise<Buffer> => {
    const { targetId } = (await send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
    const { sessionId } = (await send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
    await send("Page.enable", {}, sessionId);
    await send("Emulation.setDeviceMetricsOverride", { width: opts.width, height: opts.height, deviceScaleFactor: opts.scale ?? 1, mobile: false }, sessionId);
    const loaded = event("Page.loadEventFired");
    const nav = (await send("Page.navigate", { url: pathToFileURL(htmlFile).href }, sessionId)) as { errorText?: string };
    if (nav.errorText) throw new Error(`chromium: cannot open ${htmlFile}: ${nav.errorText}`);
    await loaded;
    const ready = opts.readyExpression ?? "true";
    const expression = `(async () => { const r = await (${ready}); await document.fonts.ready;
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res))); return r; })()`;
    const ev = (await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
      exceptionDetails?: { text?: string; exception?: { description?: string } };
    };
    if (ev.exceptionDetails) {
      const d = ev.exceptionDetails;
      throw new Error(`page ${htmlFile} failed to render: ${d.exception?.description ?? d.text ?? "unknown error"}`);
    }
    const shot = (await send("Page.captureScreenshot", { format: "png" }, sessionId)) as { data: string };
    closing = true;
    await send("Browser.close").catch(() => undefined);
    return Buffer.from(shot.data, "base64");
  };
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
    await stopChrome(child, closing ? 3000 : 0);
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // A helper still writing its profile must not fail the plot; the folder is in tmp.
    }
  }
}

/** Wait briefly for Chromium to exit after Browser.close, then kill its whole process group. */
async function stopChrome(child: ChildProcess, graceMs: number): Promise<void> {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (running() && graceMs > 0) {
    let t: NodeJS.Timeout | undefined;
    const exited = new Promise((r) => child.once("exit", r));
    await Promise.race([exited, new Promise((r) => (t = setTimeout(r, graceMs)))]);
    clearTimeout(t);
  }
  for (const target of [-(child.pid ?? 0), child.pid ?? 0]) {
    try {
      if (target) process.kill(target, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (running()) await new Promise((r) => child.once("exit", r));
}

/** Chromium's version line, or undefined when none is found or it does not run. */
export function chromeVersion(chrome: string | undefined = findChrome()): string | undefined {
  if (!chrome) return undefined;
  const r = spawnSync(chrome, ["--version"], { encoding: "utf8", timeout: 20000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
