import * as tf from '@tensorflow/tfjs-core';
import { isOnnxSession, tensorClassOf, type OnnxSession } from './onnx-session.js';
import type { OrtSessionLike, OrtTensorConstructor, OrtTensorLike } from './ort-like.js';
import { argumentError } from './session-argument-error.js';
import {
  fromOrtTensor,
  nameInputs,
  toOrtTensor,
  type PredictInputs,
  type PredictOutput,
} from './session-tensors.js';

/**
 * Runs `session` on the inputs with the runtime's `Tensor` class and returns the outputs in the
 * form the inputs came in (all tfjs tensors in, tfjs tensors out; else typed arrays): one value
 * for a one-output model, else an array in the session's output order. Shared by the node and
 * web entries.
 */
export async function predictWith(
  Tensor: OrtTensorConstructor,
  session: OrtSessionLike,
  inputs: PredictInputs,
): Promise<PredictOutput | PredictOutput[]> {
  const list = nameInputs(session.inputNames, inputs);
  const asTfTensors = list.every(([, value]) => value instanceof tf.Tensor);
  const feeds: Record<string, OrtTensorLike> = {};
  for (const [name, value] of list) feeds[name] = toOrtTensor(Tensor, value, name);
  const results = await session.run(feeds);
  const outputs = session.outputNames.map((name) =>
    fromOrtTensor(results[name] as OrtTensorLike, name, asTfTensors),
  );
  return outputs.length === 1 ? (outputs[0] as PredictOutput) : outputs;
}

/**
 * `predict` of the node and web entries: takes a session from `createSession` (which knows its
 * runtime's Tensor class) or a bare InferenceSession of `runtime` (whose Tensor class
 * `loadTensor` loads).
 */
export async function predictSession(
  session: OnnxSession | OrtSessionLike,
  inputs: PredictInputs,
  runtime: string,
  loadTensor: () => Promise<OrtTensorConstructor>,
): Promise<PredictOutput | PredictOutput[]> {
  const ortSession = isOnnxSession(session) ? session.session : session;
  if (
    ortSession === null ||
    typeof ortSession !== 'object' ||
    typeof (ortSession as OrtSessionLike).run !== 'function'
  ) {
    throw argumentError(
      'predict',
      'session',
      session,
      `a session from createSession or an ${runtime} InferenceSession`,
    );
  }
  const Tensor = tensorClassOf(session) ?? (await loadTensor());
  return predictWith(Tensor, ortSession, inputs);
}
