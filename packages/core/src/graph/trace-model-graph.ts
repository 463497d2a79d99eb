import type * as tfl from '@tensorflow/tfjs-layers';
import { ensureArgument } from '../own-arguments.js';

type Layer = tfl.layers.Layer;

interface NodeHolder {
  inboundNodes?: { outputTensors?: tfl.SymbolicTensor[] }[];
}

/** One application of a layer in a model's graph (a tfjs-layers node). */
export interface GraphCall {
  layer: Layer;
  inputs: tfl.SymbolicTensor[];
  /** By output index; most layers have one. */
  outputs: tfl.SymbolicTensor[];
  /** The keyword arguments the layer was called with (e.g. `training`, `mask`). */
  callArgs: tfl.SymbolicTensor['callArgs'];
}

/** A tfjs-layers model's graph, traced back from its outputs. */
export interface ModelGraph {
  /** Every call that contributes to an output, inputs before the calls that use them. */
  calls: GraphCall[];
  /** The call that produced a tensor (by tensor id); model inputs have none. */
  producer: Map<number, GraphCall>;
  /** The calls that take a tensor (by id) as an input, in `calls` order, one entry per use. */
  consumers: Map<number, GraphCall[]>;
  /** How many calls take a tensor as input, plus one per time it is a model output. */
  uses: Map<number, number>;
  /** How many times each layer is called in the model (shared layers: more than once). */
  callCount: Map<Layer, number>;
  /** Ids of the model's input tensors, in order. */
  inputIds: number[];
  /** Ids of the model's output tensors, in order. */
  outputIds: number[];
}

/**
 * Traces a tfjs-layers model (Sequential or functional) back from its outputs through the
 * symbolic tensors' source layers: each call (tfjs-layers node) once, in topological order.
 * Handles branches, several inputs and outputs, shared layers, nested models (a call whose
 * layer is itself a model) and layers applied to their own output (`d.apply(d.apply(x))`).
 * Calls that no output depends on are left out.
 *
 * @example
 * const graph = traceModelGraph(model);
 * for (const call of graph.calls) console.log(call.layer.name, call.inputs.map((t) => t.shape));
 */
export function traceModelGraph(model: {
  inputs: tfl.SymbolicTensor[];
  outputs: tfl.SymbolicTensor[];
}): ModelGraph {
  const m = model as { inputs?: unknown; outputs?: unknown } | null;
  ensureArgument(
    'traceModelGraph',
    'model',
    model,
    m !== null && typeof m === 'object' && Array.isArray(m.inputs) && Array.isArray(m.outputs),
    'a built tfjs-layers model (with inputs and outputs)',
  );
  const calls: GraphCall[] = [];
  const producer = new Map<number, GraphCall>();
  const consumers = new Map<number, GraphCall[]>();
  const uses = new Map<number, number>();
  const callCount = new Map<Layer, number>();
  // A call is one node of one layer: the layer object and the node index identify it.
  const byNode = new Map<Layer, Map<number, GraphCall>>();
  const modelInputs = new Set(model.inputs.map((t) => t.id));
  const use = (t: tfl.SymbolicTensor) => uses.set(t.id, (uses.get(t.id) ?? 0) + 1);
  // Iterative depth-first walk (deep models would overflow the stack with recursion).
  const visit = (root: tfl.SymbolicTensor): void => {
    const stack: { tensor: tfl.SymbolicTensor; call?: GraphCall; next: number }[] = [
      { tensor: root, next: 0 },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as (typeof stack)[number];
      const t = frame.tensor;
      if (frame.call === undefined) {
        if (modelInputs.has(t.id) || producer.has(t.id)) {
          stack.pop();
          continue;
        }
        let nodes = byNode.get(t.sourceLayer);
        if (nodes === undefined) {
          nodes = new Map();
          byNode.set(t.sourceLayer, nodes);
        }
        const existing = nodes.get(t.nodeIndex);
        if (existing !== undefined) {
          existing.outputs[t.outputTensorIndex ?? 0] = t;
          producer.set(t.id, existing);
          stack.pop();
          continue;
        }
        const node = (t.sourceLayer as unknown as NodeHolder).inboundNodes?.[t.nodeIndex];
        const call: GraphCall = {
          layer: t.sourceLayer,
          inputs: t.inputs,
          // Every output of the node, also those no model output depends on.
          outputs: node?.outputTensors ? [...node.outputTensors] : [],
          callArgs: t.callArgs,
        };
        nodes.set(t.nodeIndex, call);
        frame.call = call;
      }
      const call = frame.call;
      if (frame.next < call.inputs.length) {
        const input = call.inputs[frame.next++] as tfl.SymbolicTensor;
        stack.push({ tensor: input, next: 0 });
        continue;
      }
      for (const input of call.inputs) {
        use(input);
        const list = consumers.get(input.id);
        if (list === undefined) consumers.set(input.id, [call]);
        else list.push(call);
      }
      calls.push(call);
      callCount.set(call.layer, (callCount.get(call.layer) ?? 0) + 1);
      call.outputs[t.outputTensorIndex ?? 0] = t;
      producer.set(t.id, call);
      stack.pop();
    }
  };
  for (const output of model.outputs) {
    use(output);
    visit(output);
  }
  return {
    calls,
    producer,
    consumers,
    uses,
    callCount,
    inputIds: model.inputs.map((t) => t.id),
    outputIds: model.outputs.map((t) => t.id),
  };
}
