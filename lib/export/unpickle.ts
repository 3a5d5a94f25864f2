// A small pickle VM (protocols 2–4) for what torch state dicts and tiktoken pickles hold
// (nanochat-formats.md §1, §2). It runs no code: every GLOBAL must be in the caller's allow-list, which maps
// it to a handler; anything else — an unknown opcode or global — is an error naming it and its byte offset.
// Python values map to: None → null, bool → boolean, int → number (bigint beyond 2^53), float → number,
// str → string, bytes → Uint8Array, list → array, tuple → PyTuple, dict → Map (insertion order kept).

export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** A class or function named by GLOBAL / STACK_GLOBAL, resolved through the allow-list. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly handler: GlobalHandler,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

export interface GlobalHandler {
  /** REDUCE: called with the argument tuple's items */
  call?: (args: unknown[]) => unknown;
  /** NEWOBJ: cls.__new__(cls, *args) */
  newobj?: (args: unknown[]) => unknown;
  /** BUILD on an object this global made: __setstate__(state); returns the object to leave on the stack */
  build?: (obj: unknown, state: unknown) => unknown;
}

export interface UnpickleOptions {
  /** allow-list: "module.name" → handler */
  globals: Record<string, GlobalHandler>;
  /** BINPERSID: the persistent id (e.g. torch's storage tuple) → its object */
  persistentLoad?: (pid: unknown) => unknown;
  /** names the source in errors (a file, or file:member) */
  source: string;
}

const MARK = Symbol("mark");

/** Every opcode's name, so an unsupported one is named in the error. */
const OPCODE_NAMES: Record<number, string> = {
  0x28: "MARK", 0x2e: "STOP", 0x30: "POP", 0x31: "POP_MARK", 0x32: "DUP", 0x46: "FLOAT", 0x49: "INT", 0x4a: "BININT",
  0x4b: "BININT1", 0x4c: "LONG", 0x4d: "BININT2", 0x4e: "NONE", 0x50: "PERSID", 0x51: "BINPERSID", 0x52: "REDUCE",
  0x53: "STRING", 0x54: "BINSTRING", 0x55: "SHORT_BINSTRING", 0x56: "UNICODE", 0x58: "BINUNICODE", 0x61: "APPEND",
  0x62: "BUILD", 0x63: "GLOBAL", 0x64: "DICT", 0x7d: "EMPTY_DICT", 0x65: "APPENDS", 0x67: "GET", 0x68: "BINGET",
  0x69: "INST", 0x6a: "LONG_BINGET", 0x6c: "LIST", 0x5d: "EMPTY_LIST", 0x6f: "OBJ", 0x70: "PUT", 0x71: "BINPUT",
  0x72: "LONG_BINPUT", 0x73: "SETITEM", 0x74: "TUPLE", 0x29: "EMPTY_TUPLE", 0x75: "SETITEMS", 0x47: "BINFLOAT",
  0x80: "PROTO", 0x81: "NEWOBJ", 0x82: "EXT1", 0x83: "EXT2", 0x84: "EXT4", 0x85: "TUPLE1", 0x86: "TUPLE2",
  0x87: "TUPLE3", 0x88: "NEWTRUE", 0x89: "NEWFALSE", 0x8a: "LONG1", 0x8b: "LONG4", 0x42: "BINBYTES",
  0x43: "SHORT_BINBYTES", 0x8c: "SHORT_BINUNICODE", 0x8d: "BINUNICODE8", 0x8e: "BINBYTES8", 0x8f: "EMPTY_SET",
  0x90: "ADDITEMS", 0x91: "FROZENSET", 0x92: "NEWOBJ_EX", 0x93: "STACK_GLOBAL", 0x94: "MEMOIZE", 0x95: "FRAME",
  0x96: "BYTEARRAY8", 0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
};

export function opcodeName(op: number): string {
  return OPCODE_NAMES[op] ?? "unknown";
}

/** Two's-complement little-endian integer (LONG1/LONG4) → number, or bigint when unsafe. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Run a pickle; returns the value STOP leaves. */
export function unpickle(data: Uint8Array, opts: UnpickleOptions): unknown {
  const src = opts.source;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const stack: unknown[] = [];
  const metastack: unknown[][] = [];
  let cur = stack;
  const memo = new Map<number, unknown>();
  const madeBy = new WeakMap<object, PyGlobal>();
  let pos = 0;
  let opPos = 0;
  let op = 0;

  const fail = (msg: string): never => {
    throw new Error(`${src}: pickle ${opcodeName(op)} (0x${op.toString(16).padStart(2, "0")}) at byte ${opPos}: ${msg}`);
  };
  const need = (n: number): void => {
    if (pos + n > data.length) fail(`needs ${n} bytes but the pickle ends at byte ${data.length} (truncated?)`);
  };
  const u8 = () => (need(1), data[pos++]);
  const u16 = () => (need(2), (pos += 2), dv.getUint16(pos - 2, true));
  const u32 = () => (need(4), (pos += 4), dv.getUint32(pos - 4, true));
  const i32 = () => (need(4), (pos += 4), dv.getInt32(pos - 4, true));
  const u64 = (): number => {
    need(8);
    const v = dv.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(data.length)) fail(`length ${v} exceeds the pickle (${data.length} bytes; corrupt?)`);
    return Number(v);
  };
  const bytes = (n: number): Uint8Array => {
    need(n);
    pos += n;
    return data.slice(pos - n, pos);
  };
  const str = (n: number): string => {
    need(n);
    pos += n;
    try {
      return utf8.decode(data.subarray(pos - n, pos));
    } catch {
      return fail("string is not valid UTF-8");
    }
  };
  const line = (): string => {
    const end = data.indexOf(0x0a, pos);
    if (end < 0) fail("no newline ending the name (truncated?)");
    const s = new TextDecoder().decode(data.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): unknown => {
    if (cur.length === 0) fail("stack is empty (corrupt pickle)");
    const v = cur.pop();
    if (v === MARK) fail("found a MARK where a value was expected (corrupt pickle)");
    return v;
  };
  const top = (): unknown => {
    if (cur.length === 0) fail("stack is empty (corrupt pickle)");
    return cur[cur.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = cur;
    const prev = metastack.pop();
    if (!prev) fail("no MARK to pop to (corrupt pickle)");
    cur = prev!;
    return items;
  };
  const push = (v: unknown): void => {
    cur.push(v);
  };
  const global = (module: string, name: string): PyGlobal => {
    const h = opts.globals[`${module}.${name}`];
    if (!h) fail(`global '${module}.${name}' is not allowed (allowed: ${Object.keys(opts.globals).join(", ")})`);
    return new PyGlobal(module, name, h!);
  };
  const asGlobal = (v: unknown, what: string): PyGlobal => {
    if (!(v instanceof PyGlobal)) fail(`${what} is ${describe(v)}, not a class or function from the allow-list`);
    return v as PyGlobal;
  };
  const asArgs = (v: unknown): unknown[] => {
    if (!(v instanceof PyTuple)) fail(`arguments are ${describe(v)}, not a tuple`);
    return (v as PyTuple).items;
  };
  const made = (g: PyGlobal, v: unknown): unknown => {
    if (typeof v === "object" && v !== null) madeBy.set(v, g);
    return v;
  };
  const setItems = (d: unknown, kv: unknown[]): void => {
    if (!(d instanceof Map)) fail(`target is ${describe(d)}, not a dict`);
    if (kv.length % 2) fail("odd number of items for a dict");
    for (let i = 0; i < kv.length; i += 2) (d as Map<unknown, unknown>).set(kv[i], kv[i + 1]);
  };
  const appendItems = (l: unknown, items: unknown[]): void => {
    if (!Array.isArray(l)) fail(`target is ${describe(l)}, not a list`);
    (l as unknown[]).push(...items);
  };
  const memoGet = (i: number): unknown => {
    if (!memo.has(i)) fail(`memo entry ${i} was never stored (corrupt pickle)`);
    return memo.get(i);
  };

  for (;;) {
    if (pos >= data.length) {
      op = 0;
      opPos = pos;
      throw new Error(`${src}: pickle ends at byte ${pos} without STOP (truncated?)`);
    }
    opPos = pos;
    op = data[pos++];
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail(`protocol ${data[pos - 1]} is newer than 5`);
        break;
      case 0x95: // FRAME: a length hint; the opcodes inside are read as usual
        u64();
        break;
      case 0x2e: // STOP
        if (cur !== stack || stack.length !== 1) fail(`stack holds ${cur.length} values at STOP (corrupt pickle)`);
        return stack[0];
      case 0x28: // MARK
        metastack.push(cur);
        cur = [];
        break;
      case 0x63: { // GLOBAL
        const module = line();
        push(global(module, line()));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof name !== "string" || typeof module !== "string") fail("module and name must be strings");
        push(global(module as string, name as string));
        break;
      }
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x68: // BINGET
        push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        push(memoGet(u32()));
        break;
      case 0x29: // EMPTY_TUPLE
        push(new PyTuple([]));
        break;
      case 0x74: // TUPLE
        push(new PyTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        push(new PyTuple([pop()]));
        break;
      case 0x86: { // TUPLE2
        const b = pop();
        push(new PyTuple([pop(), b]));
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop();
        const b = pop();
        push(new PyTuple([pop(), b, c]));
        break;
      }
      case 0x7d: // EMPTY_DICT
        push(new Map());
        break;
      case 0x64: { // DICT
        const d = new Map();
        setItems(d, popMark());
        push(d);
        break;
      }
      case 0x5d: // EMPTY_LIST
        push([]);
        break;
      case 0x6c: // LIST
        push(popMark());
        break;
      case 0x61: { // APPEND
        const v = pop();
        appendItems(top(), [v]);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: { // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x58: // BINUNICODE
        push(str(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        push(str(u8()));
        break;
      case 0x8d: // BINUNICODE8
        push(str(u64()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 3 decodes it as ASCII)
        push(new TextDecoder("latin1").decode(bytes(u8())));
        break;
      case 0x43: // SHORT_BINBYTES
        push(bytes(u8()));
        break;
      case 0x42: // BINBYTES
        push(bytes(u32()));
        break;
      case 0x8e: // BINBYTES8
        push(bytes(u64()));
        break;
      case 0x4a: // BININT
        push(i32());
        break;
      case 0x4b: // BININT1
        push(u8());
        break;
      case 0x4d: // BININT2
        push(u16());
        break;
      case 0x8a: // LONG1
        push(decodeLong(bytes(u8())));
        break;
      case 0x88: // NEWTRUE
        push(true);
        break;
      case 0x89: // NEWFALSE
        push(false);
        break;
      case 0x4e: // NONE
        push(null);
        break;
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        push(dv.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x52: { // REDUCE
        const args = asArgs(pop());
        const g = asGlobal(pop(), "the callable");
        if (!g.handler.call) fail(`'${g.qualified}' cannot be called (REDUCE) here`);
        push(made(g, g.handler.call!(args)));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = asArgs(pop());
        const g = asGlobal(pop(), "the class");
        if (!g.handler.newobj) fail(`'${g.qualified}' cannot be instantiated (NEWOBJ) here`);
        push(made(g, g.handler.newobj!(args)));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = pop();
        const g = typeof obj === "object" && obj !== null ? madeBy.get(obj) : undefined;
        if (!g || !g.handler.build) fail(`cannot set the state of ${g ? `a '${g.qualified}'` : describe(obj)}`);
        push(made(g!, g!.handler.build!(obj, state)));
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        if (!opts.persistentLoad) fail("persistent ids are not expected in this pickle");
        push(opts.persistentLoad!(pid));
        break;
      }
      default:
        fail(OPCODE_NAMES[op] ? "opcode not supported by this reader" : "not a pickle opcode (corrupt data?)");
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return "None";
  if (v instanceof PyTuple) return `a tuple of ${v.items.length}`;
  if (v instanceof Map) return "a dict";
  if (Array.isArray(v)) return "a list";
  if (v instanceof Uint8Array) return "bytes";
  if (v instanceof PyGlobal) return `'${v.qualified}'`;
  return `a ${typeof v}`;
}
