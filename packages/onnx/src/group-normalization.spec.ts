import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectClose, expectParity, opTypes, runOnnx } from '../test/helpers.js';
import fs from 'node:fs';
import path from 'node:path';
import { exportOnnx } from './index.js';

/** torch.nn.GroupNorm outputs, from tools/fixtures/onnx/group_norm.py. */
const fixture = JSON.parse(
  fs.readFileSync(path.join(__dirname, '__fixtures__', 'group-norm.json'), 'utf8'),
) as {
  cases: {
    shape: number[];
    groups: number;
    epsilon: number;
    x: number[];
    gamma: number[];
    beta: number[];
    y: number[];
  }[];
};

/**
 * A stand-in for bnkit's GroupNormalization (written in parallel): same class-name suffix,
 * config (groups, axis, epsilon, center, scale) and weights (gamma, beta), Keras semantics.
 */
class BnkitGroupNormalization extends tfl.layers.Layer {
  static className = 'BnkitGroupNormalization';
  readonly groups: number;
  readonly epsilon: number;
  gamma: tfl.LayerVariable | null = null;
  beta: tfl.LayerVariable | null = null;
  constructor(args: { groups: number; epsilon: number }) {
    super({});
    this.groups = args.groups;
    this.epsilon = args.epsilon;
  }
  override build(shape: tfl.Shape | tfl.Shape[]): void {
    const s = (Array.isArray(shape[0]) ? shape[0] : shape) as tfl.Shape;
    const c = s[s.length - 1] as number;
    this.gamma = this.addWeight('gamma', [c], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [c], 'float32', tfl.initializers.zeros());
    this.built = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const c = x.shape[x.shape.length - 1] as number;
      const grouped = tf.reshape(x, [x.shape[0] as number, -1, this.groups, c / this.groups]);
      const { mean, variance } = tf.moments(grouped, [1, 3], true);
      const y = tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, this.epsilon)));
      const back = tf.reshape(y, x.shape);
      return tf.add(tf.mul(back, this.gamma!.read()), this.beta!.read());
    });
  }
  override getConfig() {
    return { ...super.getConfig(), groups: this.groups, axis: -1, epsilon: this.epsilon };
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GroupNormalization converter', () => {
  it('stays inside the channels-first region after a Conv, and accepts groups -1', async () => {
    for (const groups of [2, -1]) {
      const input = tfl.input({ shape: [5, 4, 3] });
      const conv = tfl.layers
        .conv2d({ filters: 6, kernelSize: 2 })
        .apply(input) as tfl.SymbolicTensor;
      const layer = new BnkitGroupNormalization({
        groups: groups === -1 ? 6 : groups,
        epsilon: 1e-3,
      });
      const gn = layer.apply(conv) as tfl.SymbolicTensor;
      const pooled = tfl.layers.globalAveragePooling2d({}).apply(gn) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: pooled });
      layer.setWeights([
        tf.randomNormal([6], 1, 0.2, 'float32', 1),
        tf.randomNormal([6], 0, 1, 'float32', 2),
      ]);
      // The exporter reads the config: -1 means one group per channel.
      const original = layer.getConfig.bind(layer);
      layer.getConfig = () => ({ ...original(), groups });
      const { bytes } = await exportOnnx(model);
      expect(opTypes(bytes).filter((o) => o === 'Transpose')).toHaveLength(1);
      await expectParity(model, bytes);
    }
  });

  it.each(fixture.cases.map((c, i) => [i, c.shape.join('x'), c.groups, c] as const))(
    'case %i (%s, %i groups) matches torch.nn.GroupNorm at opsets 17 and 18',
    async (_i, _s, _g, c) => {
      const layer = new BnkitGroupNormalization({ groups: c.groups, epsilon: c.epsilon });
      const input = tfl.input({ shape: c.shape.slice(1) });
      const built = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
      layer.setWeights([tf.tensor1d(c.gamma), tf.tensor1d(c.beta)]);
      const x = tf.tensor(c.x, c.shape);
      const expected = { data: Float32Array.from(c.y), dims: c.shape };
      for (const opset of [17, 18]) {
        const { bytes } = await exportOnnx(built, { opset });
        expectClose((await runOnnx(bytes, [x]))[0]!, expected, 1e-4, 1e-5);
      }
      expectClose(
        { data: (built.predict(x) as tf.Tensor).dataSync() as Float32Array, dims: c.shape },
        expected,
        1e-4,
        1e-5,
      );
      await expectParity(built, (await exportOnnx(built)).bytes);
    },
  );
});
