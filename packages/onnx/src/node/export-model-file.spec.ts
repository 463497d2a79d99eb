import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectParity, randomizeBatchNorms, referenceModel } from '../../test/helpers.js';
import { exportOnnx } from '../export-onnx.js';
import { exportModelFile, loadLayersModelFile, readOnnxMetadata } from '../node.js';

/** Saves like model.save('file://dir') does: model.json plus one weights.bin. */
async function saveModelFiles(model: tfl.LayersModel, dir: string): Promise<string> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      fs.writeFileSync(
        path.join(dir, 'weights.bin'),
        new Uint8Array(artifacts.weightData as ArrayBuffer),
      );
      fs.writeFileSync(
        path.join(dir, 'model.json'),
        JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return path.join(dir, 'model.json');
}

describe('exportModelFile', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-export-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads model.json + weights, writes model.onnx and a Triton repository', async () => {
    const model = referenceModel();
    randomizeBatchNorms(model);
    const file = await saveModelFiles(model, dir);
    const loaded = await loadLayersModelFile(file);
    await expectParity(model, (await exportOnnx(loaded)).bytes, {
      rtol: 0,
      atol: 1e-5,
    });
    const result = await exportModelFile(file, {
      opset: 15,
      staticBatch: 4,
      verify: true,
      triton: { dir: path.join(dir, 'repo'), name: 'ref' },
    });
    expect(result.output).toBe(path.join(dir, 'model.onnx'));
    expect(result.report.verification?.ok).toBe(true);
    expect(readOnnxMetadata(result.output).opsets['']).toBe(15);
    expect(readOnnxMetadata(result.output).inputs[0]?.shape).toEqual([4, 20]);
    expect(result.report.verification?.runs.map((r) => r.batchSize)).toEqual([4]);
    // The Triton copy keeps the symbolic batch that max_batch_size needs.
    expect(readOnnxMetadata(result.triton!.modelPath).inputs[0]?.shape).toEqual(['batch', 20]);
    expect(fs.existsSync(path.join(dir, 'repo', 'ref', 'config.pbtxt'))).toBe(true);
  });

  it('says what is wrong with a missing or malformed model.json', async () => {
    await expect(exportModelFile(path.join(dir, 'none.json'))).rejects.toThrow(
      /loadLayersModelFile: model.json path must be the path of an existing model.json file; received ".*none.json"\./,
    );
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"format":"graph-model"}');
    await expect(loadLayersModelFile(path.join(dir, 'bad.json'))).rejects.toThrow(
      /must be a tfjs layers-model model.json \(it has no modelTopology\)/,
    );
  });

  it('refuses weight paths in model.json that leave its folder', async () => {
    const sub = path.join(dir, 'escape');
    fs.mkdirSync(sub, { recursive: true });
    const file = await saveModelFiles(referenceModel(), sub);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.copyFileSync(path.join(sub, 'weights.bin'), path.join(dir, 'outside.bin'));
    json.weightsManifest[0].paths = ['../outside.bin'];
    fs.writeFileSync(file, JSON.stringify(json));
    await expect(loadLayersModelFile(file)).rejects.toThrow(
      /^weightsManifest\[0\]\.paths\[0\] of .*model\.json must be a relative path that stays inside .*; received "\.\.\/outside\.bin"\./,
    );
  });
});
