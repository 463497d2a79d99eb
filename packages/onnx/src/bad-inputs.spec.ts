import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectArgumentError, thrownBy } from '../../../tools/testing/bad-inputs.cjs';
import { referenceModel } from '../test/helpers.js';
import {
  exportOnnx as exportOnnxBrowser,
  OnnxOptionError,
  registerLayerConverter,
  summarizeExport,
  unregisterLayerConverter,
  type ExportOptions,
  type LayerConverter,
} from './index.js';
import {
  createSession,
  exportModelFile,
  exportOnnx,
  loadLayersModelFile,
  predict,
  readOnnxMetadata,
  saveOnnx,
  verifyOnnx,
  writeTritonRepository,
  type TritonOptions,
} from './node.js';

/**
 * The bad-input corpus of @bnkit/onnx (issue 12): every public function given a mistake a user
 * makes (a typo in an option name, a wrong type, an out-of-range value, a path that escapes its
 * folder, data of the wrong kind), each refused with an OnnxOptionError whose message has the
 * house shape `<where>: <argument> must be <accepted>; received <value>.` and names the
 * argument. Nothing is written by a refused call.
 */

let dir: string;
let bytes: Uint8Array;
const model = referenceModel(); // Dense(20 -> 16) BN ReLU Dense(1) sigmoid
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-onnx-bad-'));
  fs.mkdirSync(path.join(dir, 'a-folder'));
  bytes = (await exportOnnxBrowser(model)).bytes;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const convert: LayerConverter['convert'] = () => [];
const asExport = (options: unknown) => options as ExportOptions;
const asTriton = (options: unknown) => options as TritonOptions;

interface BadCall {
  /** What the user did. */
  what: string;
  call: () => unknown;
  /** The argument the message must name (`<where>: <argument> must be`). */
  argument: string;
  /** More the message must say (the closest valid key, the folder, a hint). */
  says?: RegExp;
}

const BAD_CALLS: BadCall[] = [
  // exportOnnx (main entry, browser-safe)
  { what: 'no model', call: () => exportOnnxBrowser({} as never), argument: 'exportOnnx: model' },
  {
    what: 'options null',
    call: () => exportOnnxBrowser(model, null as never),
    argument: 'exportOnnx: options',
  },
  {
    what: 'typo opSet',
    call: () => exportOnnxBrowser(model, asExport({ opSet: 13 })),
    argument: 'exportOnnx: option name',
    says: /received "opSet"\. Did you mean "opset"\?/,
  },
  {
    what: 'opset 12',
    call: () => exportOnnxBrowser(model, { opset: 12 }),
    argument: 'exportOnnx: opset',
    says: /integer in \[13, 21\]; received 12\./,
  },
  {
    what: 'fractional opset',
    call: () => exportOnnxBrowser(model, { opset: 17.5 }),
    argument: 'exportOnnx: opset',
  },
  {
    what: 'bn mode',
    call: () => exportOnnxBrowser(model, asExport({ bn: 'fuse' })),
    argument: 'exportOnnx: bn',
  },
  {
    what: 'staticBatch 0',
    call: () => exportOnnxBrowser(model, { staticBatch: 0 }),
    argument: 'exportOnnx: staticBatch',
  },
  {
    what: 'graphName number',
    call: () => exportOnnxBrowser(model, asExport({ graphName: 5 })),
    argument: 'exportOnnx: graphName',
  },
  {
    what: 'metadata string',
    call: () => exportOnnxBrowser(model, asExport({ metadata: 'x' })),
    argument: 'exportOnnx: metadata',
  },
  {
    what: 'metadata number value',
    call: () => exportOnnxBrowser(model, asExport({ metadata: { run: 1 } })),
    argument: 'exportOnnx: metadata',
  },
  {
    what: 'metadata overwriting the weights hash',
    call: () => exportOnnxBrowser(model, { metadata: { 'source.weights.sha256': 'forged' } }),
    argument: 'exportOnnx: metadata key',
    says: /received "source\.weights\.sha256"\. .*"app\.source\.weights\.sha256"/,
  },
  {
    what: 'metadata overwriting the BN mode',
    call: () => exportOnnxBrowser(model, { metadata: { 'bnkit.bn': 'op' } }),
    argument: 'exportOnnx: metadata key',
  },
  {
    what: 'negative externalDataThreshold',
    call: () => exportOnnxBrowser(model, { externalDataThreshold: -1 }),
    argument: 'exportOnnx: externalDataThreshold',
  },
  {
    what: 'externalDataName climbing out',
    call: () => exportOnnxBrowser(model, { externalDataName: '../escaped.data' }),
    argument: 'exportOnnx: externalDataName',
  },
  {
    what: 'absolute externalDataName',
    call: () => exportOnnxBrowser(model, { externalDataName: '/tmp/abs.data' }),
    argument: 'exportOnnx: externalDataName',
  },
  {
    what: 'verify "yes"',
    call: () => exportOnnx(model, asExport({ verify: 'yes' })),
    argument: 'exportOnnx: verify',
  },
  {
    what: 'verify on the browser entry',
    call: () => exportOnnxBrowser(model, { verify: true }),
    argument: 'exportOnnx: verify',
  },
  {
    what: 'typo in verify options',
    call: () => exportOnnx(model, asExport({ verify: { rTol: 1e-3 } })),
    argument: 'verifyOnnx: option name',
    says: /Did you mean "rtol"\?/,
  },
  // saveOnnx
  { what: 'path number', call: () => saveOnnx(model, 42 as never), argument: 'saveOnnx: path' },
  { what: 'path empty', call: () => saveOnnx(model, ''), argument: 'saveOnnx: path' },
  {
    what: 'path is a folder',
    call: () => saveOnnx(model, path.join(dir, 'a-folder')),
    argument: 'saveOnnx: path',
  },
  {
    what: 'typo externalDataTreshold',
    call: () => saveOnnx(model, path.join(dir, 'm.onnx'), asExport({ externalDataTreshold: 0 })),
    argument: 'saveOnnx: option name',
    says: /Did you mean "externalDataThreshold"\?/,
  },
  {
    what: 'external data outside the folder',
    call: () =>
      saveOnnx(model, path.join(dir, 'out', 'model.onnx'), {
        externalDataThreshold: 0,
        externalDataName: '../escaped.data',
      }),
    argument: 'saveOnnx: options.externalDataName',
    says: /stays inside/,
  },
  {
    what: 'external data named as the model',
    call: () =>
      saveOnnx(model, path.join(dir, 'model.onnx'), {
        externalDataThreshold: 0,
        externalDataName: 'model.onnx',
      }),
    argument: 'saveOnnx: options.externalDataName',
  },
  // verifyOnnx
  {
    what: 'onnx string',
    call: () => verifyOnnx(model, 'x' as never),
    argument: 'verifyOnnx: onnx',
  },
  { what: 'no model', call: () => verifyOnnx(null as never, bytes), argument: 'verifyOnnx: model' },
  {
    what: 'rtol negative',
    call: () => verifyOnnx(model, bytes, { rtol: -1 }),
    argument: 'verifyOnnx: rtol',
  },
  {
    what: 'atol NaN',
    call: () => verifyOnnx(model, bytes, { atol: Number.NaN }),
    argument: 'verifyOnnx: atol',
  },
  {
    what: 'no batch sizes',
    call: () => verifyOnnx(model, bytes, { batchSizes: [] }),
    argument: 'verifyOnnx: batchSizes',
  },
  {
    what: 'fractional batch size',
    call: () => verifyOnnx(model, bytes, { batchSizes: [1.5] }),
    argument: 'verifyOnnx: batchSizes',
  },
  {
    what: 'seed string',
    call: () => verifyOnnx(model, bytes, { seed: 'a' as never }),
    argument: 'verifyOnnx: seed',
  },
  {
    what: 'optimization level',
    call: () => verifyOnnx(model, bytes, { graphOptimizationLevel: 'max' as never }),
    argument: 'verifyOnnx: graphOptimizationLevel',
  },
  {
    what: 'throwOnMismatch "yes"',
    call: () => verifyOnnx(model, bytes, { throwOnMismatch: 'yes' as never }),
    argument: 'verifyOnnx: throwOnMismatch',
  },
  {
    what: 'a Float64Array as inputs',
    call: () => verifyOnnx(model, bytes, { inputs: new Float64Array(20) as never }),
    argument: 'verifyOnnx: options.inputs',
    says: /float32 tf\.Tensor of shape \[any, 20\].*tf\.tensor\(data, shape, 'float32'\)/,
  },
  {
    what: 'a Float64Array in the inputs list',
    call: () => verifyOnnx(model, bytes, { inputs: [new Float64Array(20) as never] }),
    argument: 'verifyOnnx: options.inputs[0]',
  },
  {
    what: 'inputs of the wrong width',
    call: () => verifyOnnx(model, bytes, { inputs: tf.zeros([2, 5]) }),
    argument: 'verifyOnnx: options.inputs.shape',
    says: /\[any, 20\]; received \[2, 5\]/,
  },
  {
    what: 'bool inputs',
    call: () => verifyOnnx(model, bytes, { inputs: tf.zeros([2, 20], 'bool') }),
    argument: 'verifyOnnx: options.inputs.dtype',
  },
  {
    what: 'two tensors for one input',
    call: () => verifyOnnx(model, bytes, { inputs: [tf.zeros([1, 20]), tf.zeros([1, 20])] }),
    argument: 'verifyOnnx: options.inputs',
  },
  // writeTritonRepository
  {
    what: 'dir number',
    call: () => writeTritonRepository(model, 5 as never, { name: 'm' }),
    argument: 'writeTritonRepository: dir',
  },
  {
    what: 'no options',
    call: () => writeTritonRepository(model, dir, undefined as never),
    argument: 'writeTritonRepository: options',
  },
  {
    what: 'name climbing out',
    call: () => writeTritonRepository(model, dir, { name: '../x' }),
    argument: 'writeTritonRepository: name',
  },
  {
    what: 'snake_case max_batch_size',
    call: () => writeTritonRepository(model, dir, asTriton({ name: 'm', max_batch_size: 8 })),
    argument: 'writeTritonRepository: option name',
    says: /Did you mean "maxBatchSize"\?/,
  },
  {
    what: 'typo in an export option',
    call: () => writeTritonRepository(model, dir, asTriton({ name: 'm', opSet: 13 })),
    argument: 'writeTritonRepository: option name',
    says: /Did you mean "opset"\?/,
  },
  {
    what: 'maxBatchSize negative',
    call: () => writeTritonRepository(model, dir, { name: 'm', maxBatchSize: -1 }),
    argument: 'writeTritonRepository: maxBatchSize',
  },
  {
    what: 'instance kind',
    call: () => writeTritonRepository(model, dir, asTriton({ name: 'm', instance: 'tpu' })),
    argument: 'writeTritonRepository: instance',
  },
  {
    what: 'instanceCount 0',
    call: () => writeTritonRepository(model, dir, { name: 'm', instanceCount: 0 }),
    argument: 'writeTritonRepository: instanceCount',
  },
  {
    what: 'version 0',
    call: () => writeTritonRepository(model, dir, { name: 'm', version: 0 }),
    argument: 'writeTritonRepository: version',
  },
  {
    what: 'staticBatch',
    call: () => writeTritonRepository(model, dir, asTriton({ name: 'm', staticBatch: 2 })),
    argument: 'writeTritonRepository: staticBatch',
  },
  {
    what: 'dynamicBatching "yes"',
    call: () => writeTritonRepository(model, dir, asTriton({ name: 'm', dynamicBatching: 'yes' })),
    argument: 'writeTritonRepository: dynamicBatching',
  },
  {
    what: 'external data outside the model folder',
    call: () =>
      writeTritonRepository(model, dir, {
        name: 'm',
        externalDataThreshold: 0,
        externalDataName: 'sub/../../escaped.data',
      }),
    argument: 'writeTritonRepository: externalDataName',
  },
  {
    what: 'external data named as the model',
    call: () =>
      writeTritonRepository(model, dir, {
        name: 'm',
        externalDataThreshold: 0,
        externalDataName: 'model.onnx',
      }),
    argument: 'writeTritonRepository: externalDataName',
  },
  {
    what: 'metadata overwriting the weights hash',
    call: () =>
      writeTritonRepository(model, dir, {
        name: 'm',
        metadata: { 'source.weights.sha256': 'forged' },
      }),
    argument: 'writeTritonRepository: metadata key',
  },
  // exportModelFile, loadLayersModelFile
  {
    what: 'modelJson number',
    call: () => exportModelFile(5 as never),
    argument: 'exportModelFile: modelJson',
  },
  {
    what: 'typo outpt',
    call: () => exportModelFile(path.join(dir, 'model.json'), asExport({ outpt: 'x.onnx' })),
    argument: 'exportModelFile: option name',
    says: /Did you mean "output"\?/,
  },
  {
    what: 'triton without dir',
    call: () => exportModelFile(path.join(dir, 'model.json'), { triton: { name: 'm' } as never }),
    argument: 'exportModelFile: triton',
  },
  {
    what: 'missing model.json',
    call: () => loadLayersModelFile(path.join(dir, 'missing.json')),
    argument: 'loadLayersModelFile: model.json path',
  },
  // registerLayerConverter, unregisterLayerConverter
  {
    what: 'empty className',
    call: () => registerLayerConverter('', { convert }),
    argument: 'registerLayerConverter: className',
  },
  {
    what: 'converter null',
    call: () => registerLayerConverter('X', null as never),
    argument: 'registerLayerConverter: converter',
  },
  {
    what: 'convert not a function',
    call: () => registerLayerConverter('X', { convert: 1 } as never),
    argument: 'registerLayerConverter: convert',
  },
  {
    what: 'minOpset 0',
    call: () => registerLayerConverter('X', { convert, minOpset: 0 }),
    argument: 'registerLayerConverter: minOpset',
  },
  {
    what: 'typo minOpsett',
    call: () => registerLayerConverter('X', { convert, minOpsett: 13 } as never),
    argument: 'registerLayerConverter: option name',
    says: /Did you mean "minOpset"\?/,
  },
  {
    what: 'maxOpset below minOpset',
    call: () => registerLayerConverter('X', { convert, minOpset: 15, maxOpset: 14 }),
    argument: 'registerLayerConverter: maxOpset',
  },
  {
    what: 'unregister a number',
    call: () => unregisterLayerConverter(3 as never),
    argument: 'unregisterLayerConverter: className',
  },
  // readOnnxMetadata, summarizeExport, sessions
  {
    what: 'metadata of a number',
    call: () => readOnnxMetadata(42 as never),
    argument: 'readOnnxMetadata: model',
  },
  {
    what: 'metadata of a missing file',
    call: () => readOnnxMetadata(path.join(dir, 'missing.onnx')),
    argument: 'readOnnxMetadata: model',
  },
  {
    what: 'summary of nothing',
    call: () => summarizeExport(null as never),
    argument: 'summarizeExport: report',
  },
  {
    what: 'session of a number',
    call: () => createSession(42 as never),
    argument: 'createSession: model',
  },
  {
    what: 'typo devise',
    call: () => createSession(bytes, { devise: 'cpu' } as never),
    argument: 'createSession: option name',
    says: /Did you mean "device"\?/,
  },
  {
    what: 'device tpu',
    call: () => createSession(bytes, { device: 'tpu' } as never),
    argument: 'createSession: device',
  },
  {
    what: 'predict on a number',
    call: async () => predict(await createSession(bytes, { device: 'cpu' }), 42 as never),
    argument: 'predict: inputs',
  },
];

describe('@bnkit/onnx bad inputs', () => {
  it('holds at least 30 bad calls', () => {
    expect(BAD_CALLS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_CALLS.map((c) => [c.what, c] as const))(
    '%s: an OnnxOptionError naming the argument',
    async (_what, { call, argument, says }) => {
      expectArgumentError(await thrownBy(call), { classes: [OnnxOptionError], argument, says });
    },
  );

  it('writes nothing for a refused call', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(['a-folder']);
  });
});
