import type * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.layers.Layer;

/** One application of a layer in the model's graph (a tfjs-layers node). */
export interface Call {
  layer: Layer;
  inputs: tfl.SymbolicTensor[];
  /** By output index; most layers have one. */
  outputs: tfl.SymbolicTensor[];
  callArgs: tfl.SymbolicTensor['callArgs'];
}

/** The model's graph traced back from its outputs: its calls in topological order. */
export interface Graph {
  calls: Call[];
  /** The call that produced a tensor (by tensor id); model inputs have none. */
  producer: Map<number, Call>;
  /** How many calls take a tensor as input, plus one if it is a model output. */
  uses: Map<number, number>;
  /** How many times each layer is called in the model (shared layers: more than once). */
  callCount: Map<Layer, number>;
}

/**
 * Traces `model` back from its outputs through the symbolic tensors' source layers: each call
 * (tfjs-layers node) once, inputs before the calls that use them.
 */
export function traceGraph(model: tfl.LayersModel): Graph {
  const calls: Call[] = [];
  const producer = new Map<number, Call>();
  const uses = new Map<number, number>();
  const callCount = new Map<Layer, number>();
  const byNode = new Map<string, Call>();
  const modelInputs = new Set(model.inputs.map((t) => t.id));
  const use = (t: tfl.SymbolicTensor) => uses.set(t.id, (uses.get(t.id) ?? 0) + 1);
  const visit = (t: tfl.SymbolicTensor): void => {
    if (modelInputs.has(t.id) || producer.has(t.id)) return;
    const key = `${t.sourceLayer.name}#${t.nodeIndex}`;
    let call = byNode.get(key);
    if (call === undefined) {
      call = { layer: t.sourceLayer, inputs: t.inputs, outputs: [], callArgs: t.callArgs };
      byNode.set(key, call);
      for (const input of t.inputs) {
        use(input);
        visit(input);
      }
      calls.push(call);
      callCount.set(call.layer, (callCount.get(call.layer) ?? 0) + 1);
    }
    call.outputs[t.outputTensorIndex ?? 0] = t;
    producer.set(t.id, call);
  };
  for (const output of model.outputs) {
    use(output);
    visit(output);
  }
  return { calls, producer, uses, callCount };
}
