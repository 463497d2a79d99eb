import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { GroupNormalization, groupNormalization } from './group-normalization.js';
import { registerLayers } from './register-layers.js';
import { LayerArgumentError, LayerInputError } from './errors.js';
import { loadFixture, maxAbsDiff } from '../test/helpers.js';

interface GroupCase {
  name: string;
  shape: number[];
  axis: number;
  groups: number;
  epsilon: number;
  gamma: number[];
  beta: number[];
  x: number[];
  w: number[];
  y: number[];
  dx: number[];
  dgamma: number[];
  dbeta: number[];
}

const cases = loadFixture<{ cases: GroupCase[] }>('groupnorm-torch.json').cases;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GroupNormalization against PyTorch 1.13 nn.GroupNorm', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: forward and gradients w.r.t. input, gamma and beta',
    (_name, c) => {
      const layer = groupNormalization({ groups: c.groups, axis: c.axis, epsilon: c.epsilon });
      layer.apply(tf.zeros(c.shape));
      layer.gamma!.write(tf.tensor1d(c.gamma));
      layer.beta!.write(tf.tensor1d(c.beta));
      const x = tf.variable(tf.tensor(c.x, c.shape));
      const w = tf.tensor(c.w, c.shape);
      const g = layer.gamma!.read() as tf.Variable;
      const b = layer.beta!.read() as tf.Variable;
      let y: tf.Tensor | null = null;
      const { grads } = tf.variableGrads(() => {
        const out = layer.apply(x) as tf.Tensor;
        y = tf.keep(out);
        return tf.sum(tf.mul(out, w)) as tf.Scalar;
      }, [x, g, b]);
      // float32 against float64 on O(1) values with ≤ 96 values per group: 1e-4 (see BN spec).
      expect(maxAbsDiff(y as unknown as tf.Tensor, c.y)).toBeLessThan(1e-4);
      expect(maxAbsDiff(grads[x.name] as tf.Tensor, c.dx)).toBeLessThan(1e-4);
      expect(maxAbsDiff(grads[g.name] as tf.Tensor, c.dgamma)).toBeLessThan(1e-4);
      expect(maxAbsDiff(grads[b.name] as tf.Tensor, c.dbeta)).toBeLessThan(1e-4);
    },
  );
});

describe('GroupNormalization arguments', () => {
  it('uses the Keras 3 defaults', () => {
    const layer = groupNormalization();
    expect([layer.groups, layer.axis, layer.epsilon, layer.center, layer.scale]).toEqual([
      32,
      -1,
      1e-3,
      true,
      true,
    ]);
  });

  it('rejects groups that do not divide the channels when built', () => {
    const layer = groupNormalization({ groups: 4 });
    expect(() => layer.apply(tf.zeros([2, 6]))).toThrow(LayerArgumentError);
    expect(() => groupNormalization({ groups: 4 }).apply(tf.zeros([2, 6]))).toThrow(
      /groups must be a divisor of the 6 channels of axis 1, or -1; received 4/,
    );
  });

  it.each([
    [
      'groups 0',
      { groups: 0 },
      /groups must be a positive integer or -1 \(instance normalization\); received 0/,
    ],
    ['negative epsilon', { epsilon: -1 }, /epsilon must be a finite number >= 0; received -1/],
    ['non-integer axis', { axis: 0.5 }, /axis must be an integer; received 0.5/],
  ])('rejects %s', (_what, args, message) => {
    expect(() => groupNormalization(args)).toThrow(message);
  });

  it('rejects an input of another rank than it was built for', () => {
    const layer = groupNormalization({ groups: 1 });
    layer.apply(tf.zeros([2, 3]));
    expect(() => layer.apply(tf.zeros([2, 3, 3]))).toThrow(
      /input shape must be a shape of rank 2, as the layer was built for \[2, 3\]; received \[2, 3, 3\]/,
    );
  });

  it('refuses an input with another channel count than built for, before any computation (issue 12)', () => {
    // Built for 4 channels in 2 groups, then called on 6: tfjs reshaped into 2 groups of 3 and
    // failed late (or broadcast the parameters) instead of naming the mismatch.
    const layer = groupNormalization({ groups: 2, name: 'gn' });
    layer.apply(tf.ones([2, 4]));
    const call = () => layer.apply(tf.ones([2, 6]));
    expect(call).toThrow(LayerInputError);
    expect(call).toThrow(
      /GroupNormalization "gn": size of input axis 1 must be 4 \(the channels the layer was built for\); received 6/,
    );
    expect(() => layer.apply(tfl.input({ shape: [6] }))).toThrow(/received 6/);
    expect(() => groupNormalization({ groupz: 2 } as never)).toThrow(/Did you mean "groups"\?/);
  });

  it('rejects an axis out of range', () => {
    expect(() => groupNormalization({ groups: 1, axis: 2 }).apply(tf.zeros([2, 3]))).toThrow(
      /axis must be integers in \[-2, 1\] \(the input has rank 2\); received 2/,
    );
  });

  it('round-trips through save and loadLayersModel after registerLayers()', async () => {
    registerLayers();
    const model = tfl.sequential({
      layers: [groupNormalization({ groups: 2, epsilon: 1e-5, inputShape: [3, 4] })],
    });
    const gamma = model.layers[0]!.getWeights()[0]!;
    model.layers[0]!.setWeights([tf.add(gamma, tf.tensor1d([0.5, 1, 1.5, 2])), tf.ones([4])]);
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers[0]).toBeInstanceOf(GroupNormalization);
    expect((loaded.layers[0] as GroupNormalization).groups).toBe(2);
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 3);
    expect(
      maxAbsDiff(loaded.predict(x) as tf.Tensor, (model.predict(x) as tf.Tensor).dataSync()),
    ).toBe(0);
  });
});
