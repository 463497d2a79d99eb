import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectClose, predictTfjs, referenceModel } from '../../test/helpers.js';
import { OnnxOptionError } from '../errors.js';
import { createSession, predict, writeTritonRepository } from '../node.js';

/** Every file under `root`, relative to it. */
function filesUnder(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

describe('writeTritonRepository keeps every path it writes inside the model folder', () => {
  let root: string;
  let repo: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-triton-contain-'));
    repo = path.join(root, 'repo');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it.each([
    '../escaped.data',
    '../../escaped.data',
    'sub/../../escaped.data',
    '/tmp/bnkit-escaped.data',
    'model.onnx',
  ])('refuses externalDataName %j and writes nothing', async (externalDataName) => {
    await expect(
      writeTritonRepository(referenceModel(), repo, {
        name: 'mlp',
        externalDataThreshold: 0,
        externalDataName,
      }),
    ).rejects.toThrow(OnnxOptionError);
    await expect(
      writeTritonRepository(referenceModel(), repo, {
        name: 'mlp',
        externalDataThreshold: 0,
        externalDataName,
      }),
    ).rejects.toThrow(/^writeTritonRepository: externalDataName must be /);
    expect(filesUnder(root)).toEqual([]);
    expect(fs.existsSync('/tmp/bnkit-escaped.data')).toBe(false);
  });

  it.each(['../x', '..', '.hidden', 'a/b', ''])('refuses the model name %j', async (name) => {
    await expect(writeTritonRepository(referenceModel(), repo, { name })).rejects.toThrow(
      /^writeTritonRepository: name must be a folder name/,
    );
    expect(filesUnder(root)).toEqual([]);
  });

  it('writes a nested external data name inside model.onnx/, where onnxruntime finds it', async () => {
    const model = referenceModel();
    const result = await writeTritonRepository(model, repo, {
      name: 'mlp',
      externalDataThreshold: 0,
      externalDataName: 'weights/w.data',
    });
    expect(filesUnder(root)).toEqual([
      'repo/mlp/1/model.onnx/model.onnx',
      'repo/mlp/1/model.onnx/weights/w.data',
      'repo/mlp/config.pbtxt',
    ]);
    const session = await createSession(result.modelPath, { device: 'cpu' });
    const x = tf.randomNormal([3, 20], 0, 1, 'float32', 9);
    const y = (await predict(session, x)) as tf.Tensor;
    expectClose({ data: y.dataSync() as Float32Array, dims: y.shape }, predictTfjs(model, [x])[0]!);
    await session.release();
  });
});
