import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { referenceModel } from '../../test/helpers.js';
import { OnnxOptionError } from '../errors.js';
import { saveOnnx } from './save-onnx.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('saveOnnx', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-save-onnx-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an external data name outside the model folder and writes nothing', async () => {
    const file = path.join(dir, 'out', 'model.onnx');
    for (const name of ['../escaped.data', '/tmp/abs.data', 'a/../../b.data']) {
      await expect(
        saveOnnx(referenceModel(), file, { externalDataThreshold: 0, externalDataName: name }),
      ).rejects.toThrow(OnnxOptionError);
    }
    await expect(
      saveOnnx(referenceModel(), file, {
        externalDataThreshold: 0,
        externalDataName: '../escaped.data',
      }),
    ).rejects.toThrow(
      /externalDataName must be a relative path that stays inside .*received "\.\.\/escaped\.data"/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes external data beside the model, in a subfolder when asked, and onnxruntime loads it', async () => {
    const file = path.join(dir, 'model.onnx');
    const report = await saveOnnx(referenceModel(), file, {
      externalDataThreshold: 0,
      externalDataName: 'weights/model.data',
    });
    expect(report.externalDataByteLength).toBeGreaterThan(0);
    expect(fs.statSync(path.join(dir, 'weights', 'model.data')).size).toBe(
      report.externalDataByteLength,
    );
    const session = await ort.InferenceSession.create(file);
    const out = await session.run({
      [session.inputNames[0]!]: new ort.Tensor('float32', new Float32Array(40), [2, 20]),
    });
    expect(out[session.outputNames[0]!]!.dims).toEqual([2, 1]);
    await session.release();
  });
});
