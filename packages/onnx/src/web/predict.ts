import type { OnnxSession } from '../session/onnx-session.js';
import type { OrtSessionLike } from '../session/ort-like.js';
import { predictSession } from '../session/predict-with.js';
import type { PredictInputs, PredictOutput } from '../session/session-tensors.js';
import { loadOnnxruntimeWeb } from './load-onnxruntime-web.js';

/**
 * The web twin of `@bnkit/onnx/node`'s `predict`: runs a session on tfjs tensors or typed
 * arrays and returns the outputs in the same form. Takes a session from the web
 * {@link createSession} or an onnxruntime-web `InferenceSession`.
 *
 * @example
 * const y = await predict(session, tf.randomNormal([4, 20])); // a tf.Tensor of shape [4, 1]
 */
export function predict(
  session: OnnxSession | OrtSessionLike,
  inputs: PredictInputs,
): Promise<PredictOutput | PredictOutput[]> {
  return predictSession(session, inputs, 'onnxruntime-web', async () => {
    return (await loadOnnxruntimeWeb('predict')).Tensor;
  });
}
