import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectParity } from '../../test/helpers.js';
import type { LayerConverter } from './converter-types.js';

import type * as OnnxApi from '../index.js';

type Api = typeof OnnxApi;

/** y = 2x, a layer only a registered converter knows. */
class Doubler extends tfl.layers.Layer {
  static className = 'RegistryTestDoubler';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.mul(Array.isArray(inputs) ? inputs[0]! : inputs, 2);
  }
}
tf.serialization.registerClass(Doubler);

function doublerModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [tfl.layers.dense({ units: 3, inputShape: [4] }), new Doubler({})],
  });
}

const doubler = (factor: number, minOpset?: number): LayerConverter => ({
  ...(minOpset !== undefined ? { minOpset } : {}),
  convert(ctx) {
    const k = ctx.graph.addFloatInitializer(`${ctx.name}/k`, [], [factor]);
    return ctx.graph.addNode('Mul', [ctx.inputs[0]!, k], { name: `${ctx.name}/Mul` });
  },
});

/** Loads the package's main entry as a separate copy (its own module instances). */
function loadCopy(): Api {
  let api: Api | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    api = require('../index.js') as Api;
  });
  return api as Api;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('layer-converter registry', () => {
  it('is shared by two separately loaded copies of @bnkit/onnx', async () => {
    const plugin = loadCopy();
    const app = loadCopy();
    expect(app.registerLayerConverter).not.toBe(plugin.registerLayerConverter);
    const model = doublerModel();
    await expect(app.exportOnnx(model)).rejects.toThrow(app.UnsupportedLayersError);
    plugin.registerLayerConverter('RegistryTestDoubler', doubler(2));
    try {
      const { bytes } = await app.exportOnnx(model);
      await expectParity(model, bytes, { batchSizes: [3] });
    } finally {
      expect(app.unregisterLayerConverter('RegistryTestDoubler')).toBe(true);
    }
    await expect(plugin.exportOnnx(model)).rejects.toThrow(/no converter is registered/);
  });

  it('picks, per opset, the converter version with the highest minOpset not above it', async () => {
    const api = loadCopy();
    const model = doublerModel();
    api.registerLayerConverter('RegistryTestDoubler', doubler(2, 13));
    api.registerLayerConverter('RegistryTestDoubler', doubler(5, 18)); // wrong on purpose
    try {
      const at17 = await api.exportOnnx(model, { opset: 17 });
      await expectParity(model, at17.bytes, { batchSizes: [2] });
      expect(at17.report.layers[1]?.converter).toEqual({ source: 'registered', minOpset: 13 });
      expect(at17.report.layers[0]?.converter).toEqual({ source: 'builtin', minOpset: 13 });
      const at18 = await api.exportOnnx(model, { opset: 18 });
      expect(at18.report.layers[1]?.converter).toEqual({ source: 'registered', minOpset: 18 });
      await expect(expectParity(model, at18.bytes, { batchSizes: [2] })).rejects.toThrow();
      // Same minOpset replaces that version only.
      api.registerLayerConverter('RegistryTestDoubler', doubler(2, 18));
      const fixed = await api.exportOnnx(model, { opset: 18 });
      await expectParity(model, fixed.bytes, { batchSizes: [2] });
    } finally {
      api.unregisterLayerConverter('RegistryTestDoubler');
    }
  });

  it('reports a converter that starts above the exported opset', async () => {
    const api = loadCopy();
    api.registerLayerConverter('RegistryTestDoubler', doubler(2, 20));
    try {
      await expect(api.exportOnnx(doublerModel(), { opset: 17 })).rejects.toThrow(
        /RegistryTestDoubler\): its converter needs opset >= 20, exporting opset 17/,
      );
    } finally {
      api.unregisterLayerConverter('RegistryTestDoubler');
    }
  });

  it('refuses malformed converters, naming the key', () => {
    const api = loadCopy();
    expect(() =>
      api.registerLayerConverter('X', {
        convert: () => [],
        minOpsett: 13,
      } as unknown as LayerConverter),
    ).toThrow(/option name must be one of .*received "minOpsett". Did you mean "minOpset"\?/);
    expect(() =>
      api.registerLayerConverter('X', {
        convert: () => [],
        layout: 'nchw',
      } as unknown as LayerConverter),
    ).toThrow(/layout must be one of "native", "channels-first", "preserve"; received "nchw"/);
  });
});
