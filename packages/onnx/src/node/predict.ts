import type { OnnxSession } from '../session/onnx-session.js';
import type { OrtSessionLike } from '../session/ort-like.js';
import { predictSession } from '../session/predict-with.js';
import type { PredictInputs, PredictOutput } from '../session/session-tensors.js';
import { loadOnnxruntimeNode } from './load-onnxruntime-node.js';

/**
 * Runs a session on tfjs tensors or typed arrays and returns the outputs in the same form (all
 * tfjs tensors in, tfjs tensors out; else `{ data, shape }`): a single value for a one-output
 * model, else an array in the session's output order. Inputs are given in the session's input
 * order, or by name. Takes a session from {@link createSession} or an onnxruntime-node
 * `InferenceSession`.
 *
 * @example
 * const y = await predict(session, tf.randomNormal([4, 20])); // a tf.Tensor of shape [4, 1]
 * const z = await predict(session, { data: new Float32Array(20), shape: [1, 20] }); // { data, shape }
 */
export function predict(
  session: OnnxSession | OrtSessionLike,
  inputs: PredictInputs,
): Promise<PredictOutput | PredictOutput[]> {
  return predictSession(session, inputs, 'onnxruntime-node', async () => {
    return (await loadOnnxruntimeNode('predict')).Tensor;
  });
}
