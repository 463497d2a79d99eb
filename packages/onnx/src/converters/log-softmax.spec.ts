import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectParity } from '../../test/helpers.js';
import { exportOnnx } from '../index.js';
import { decodeModelProto } from '../onnx-proto.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tfjs-layers 4.22 accepts 'logSoftmax' at run time; its ActivationIdentifier type omits it. */
const LOG_SOFTMAX = 'logSoftmax' as unknown as 'softmax';

/** The LogSoftmax nodes of a model: their axis attribute. */
function logSoftmaxAxes(bytes: Uint8Array): number[] {
  return (decodeModelProto(bytes).graph?.node ?? [])
    .filter((n) => n.op_type === 'LogSoftmax')
    .map((n) => Number(n.attribute.find((a) => a.name === 'axis')?.i ?? Number.NaN));
}

describe('logSoftmax (tfjs-layers activation "logSoftmax")', () => {
  it.each([13, 17, 21])(
    'exports Dense(activation: logSoftmax) as one LogSoftmax over the last axis at opset %i, equal to tfjs on onnxruntime',
    async (opset) => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({ units: 8, inputShape: [5], activation: 'relu' }),
          tfl.layers.dense({ units: 4, activation: LOG_SOFTMAX }),
        ],
      });
      const { bytes } = await exportOnnx(model, { opset });
      expect(logSoftmaxAxes(bytes)).toEqual([-1]);
      await expectParity(model, bytes, { rtol: 1e-5, atol: 1e-5 });
    },
  );

  it('exports an Activation layer on a rank-3 input (per-row log-probabilities)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 6, inputShape: [3, 4] }),
        tfl.layers.activation({ activation: LOG_SOFTMAX }),
      ],
    });
    const { bytes } = await exportOnnx(model);
    expect(logSoftmaxAxes(bytes)).toEqual([2]); // the last of 3 axes
    await expectParity(model, bytes, { rtol: 1e-5, atol: 1e-5 });
  });

  it('normalises over the channels inside the NCHW region of a Conv2D (axis 1 there)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          filters: 5,
          kernelSize: 3,
          inputShape: [6, 6, 2],
          activation: LOG_SOFTMAX,
        }),
        tfl.layers.activation({ activation: LOG_SOFTMAX }),
        tfl.layers.flatten(),
      ],
    });
    const { bytes } = await exportOnnx(model);
    expect(logSoftmaxAxes(bytes)).toEqual([1, 1]);
    await expectParity(model, bytes, { rtol: 1e-5, atol: 1e-5 });
  });
});
