// A small ONNX graph builder: values are names, nodes get unique names (so ORT's errors point at them),
// and toBytes() encodes a ModelProto through protobufjs and the official onnx.proto (onnxModel.ts).
import { ATTR_TYPE, ONNX_DTYPE, encodeModel, irVersionForOpset } from "./onnxModel";

export type DType = "float32" | "int32" | "int64" | "bool";
export type TensorData = Float32Array | Int32Array | BigInt64Array;
/** Attribute values: a plain number or number[] is an INT / INTS attribute; {f: x} FLOAT, {fs: [...]} FLOATS; string STRING; {tensor: ...} TENSOR. */
export type Attr =
  | number
  | number[]
  | string
  | { f: number }
  | { fs: number[] }
  | { tensor: { dtype: DType; dims: number[]; data: TensorData } };

/** The ai.onnx opset by default: 21 runs every op used here with ORT 1.30 (which loads up to 26); pass {opset: 23} for RMSNormalization / Attention / RotaryEmbedding in ai.onnx. */
export const DEFAULT_OPSET = 21;

type Obj = Record<string, unknown>;

function tensorProto(name: string, dtype: DType, dims: number[], data: TensorData): Obj {
  const n = dims.reduce((a, b) => a * b, 1);
  if (data.length !== n) throw new Error(`tensor ${name}: ${data.length} values for dims [${dims.join(",")}] (${n} expected)`);
  const want = dtype === "float32" ? Float32Array : dtype === "int32" ? Int32Array : dtype === "int64" ? BigInt64Array : null;
  if (!want || !(data instanceof want)) throw new Error(`tensor ${name}: dtype ${dtype} does not match ${data.constructor.name}`);
  // raw_data is little-endian; typed arrays are in platform order, little-endian on every machine Node runs on here.
  return {
    name,
    dims,
    dataType: ONNX_DTYPE[dtype],
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

function valueInfo(name: string, dtype: DType, shape: (number | string)[]): Obj {
  return {
    name,
    type: {
      tensorType: {
        elemType: ONNX_DTYPE[dtype],
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, v: Attr): Obj {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}=${v}: a plain number is an INT; write {f: ${v}} for a FLOAT`);
    return { name, type: ATTR_TYPE.INT, i: v };
  }
  if (typeof v === "string") return { name, type: ATTR_TYPE.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) {
    if (!v.every(Number.isInteger)) throw new Error(`attribute ${name}: a number[] is INTS; write {fs: [...]} for FLOATS`);
    return { name, type: ATTR_TYPE.INTS, ints: v };
  }
  if ("f" in v) return { name, type: ATTR_TYPE.FLOAT, f: v.f };
  if ("fs" in v) return { name, type: ATTR_TYPE.FLOATS, floats: v.fs };
  return { name, type: ATTR_TYPE.TENSOR, t: tensorProto(`${name}_value`, v.tensor.dtype, v.tensor.dims, v.tensor.data) };
}

export class Graph {
  readonly name: string;
  readonly opset: number;
  private readonly inputs: Obj[] = [];
  private readonly outputs: Obj[] = [];
  private readonly initializers: Obj[] = [];
  private readonly nodes: Obj[] = [];
  private readonly names = new Set<string>();
  private readonly domains = new Set<string>();
  private counter = 0;

  constructor(name: string, opts: { opset?: number } = {}) {
    this.name = name;
    this.opset = opts.opset ?? DEFAULT_OPSET;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`graph ${this.name}: value name "${name}" used twice`);
    this.names.add(name);
    return name;
  }

  private fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return this.claim(name);
  }

  input(name: string, dtype: DType, shape: (number | string)[]): string {
    this.inputs.push(valueInfo(this.claim(name), dtype, shape));
    return name;
  }

  /** Marks a value as a graph output; a different name adds an Identity node. */
  output(value: string, dtype: DType, shape: (number | string)[], name?: string): string {
    let out = value;
    if (name !== undefined && name !== value) {
      out = this.claim(name);
      this.nodes.push({ name: `n${this.nodes.length}_Identity`, opType: "Identity", input: [value], output: [out] });
    }
    this.outputs.push(valueInfo(out, dtype, shape));
    return out;
  }

  initializer(name: string, dtype: DType, dims: number[], data: TensorData): string {
    this.initializers.push(tensorProto(this.claim(name), dtype, dims, data));
    return name;
  }

  /** A float Constant node; dims [] makes a scalar. */
  constF32(values: number[] | Float32Array, dims?: number[]): string {
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.op1("Constant", [], { value: { tensor: { dtype: "float32", dims: dims ?? [data.length], data } } });
  }

  /** An int64 Constant node; dims [] makes a scalar. */
  constI64(values: number[], dims?: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    return this.op1("Constant", [], { value: { tensor: { dtype: "int64", dims: dims ?? [data.length], data } } });
  }

  /** Adds a node; "" is an omitted optional input. Returns fresh, unique output names. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, nOutputs = 1, domain = ""): string[] {
    for (const i of inputs) {
      if (i !== "" && !this.names.has(i)) throw new Error(`graph ${this.name}: ${opType} reads "${i}", which no input, initializer or node defines`);
    }
    const outputs = Array.from({ length: nOutputs }, () => this.fresh(opType));
    if (domain) this.domains.add(domain);
    this.nodes.push({
      name: `n${this.nodes.length}_${opType}`,
      opType,
      domain,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  op1(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, domain = ""): string {
    return this.op(opType, inputs, attrs, 1, domain)[0];
  }

  /** Number of nodes so far (for messages and tests). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** The ModelProto, encoded. Protobuf caps a message at 2 GiB: larger weights must be graph inputs. */
  toBytes(): Uint8Array {
    const opsetImport: Obj[] = [{ domain: "", version: this.opset }];
    for (const d of this.domains) if (d !== "") opsetImport.push({ domain: d, version: 1 });
    return encodeModel({
      irVersion: irVersionForOpset(this.opset),
      producerName: "nanochat-zh",
      opsetImport,
      graph: {
        name: this.name,
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
      },
    });
  }
}
