import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PathEscapeError } from './contained-path.js';
import { ModelFileError, readModelJson, readWeightFiles } from './model-json-file.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-model-json-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('readModelJson', () => {
  it('parses a model.json', () => {
    const file = write('model.json', '{"modelTopology":{},"weightsManifest":[]}');
    expect(readModelJson(file)).toEqual({ modelTopology: {}, weightsManifest: [] });
  });

  it.each([
    ['a missing file', () => path.join(dir, 'missing.json'), /an existing model.json file/],
    ['a folder', () => dir, /not a folder/],
    [
      'text that is not JSON',
      () => write('bad.json', '{ not json'),
      /a JSON file; received .*\. \S/,
    ],
    ['a JSON array', () => write('list.json', '[1, 2]'), /a JSON object/],
    ['no path', () => '', /the path of a model.json file/],
  ])('refuses %s with ModelFileError', (_name, file, message) => {
    expect(() => readModelJson(file())).toThrow(ModelFileError);
    expect(() => readModelJson(file())).toThrow(message);
  });
});

describe('readWeightFiles', () => {
  it('reads and concatenates the files of every group, in order', () => {
    write('a.bin', new Uint8Array(new Float32Array([1, 2]).buffer));
    write('shards/b.bin', new Uint8Array(new Float32Array([3]).buffer));
    const file = write('model.json', '{}');
    const manifest = [
      { paths: ['a.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] },
      { paths: ['shards/b.bin'], weights: [{ name: 'b', shape: [1], dtype: 'float32' }] },
    ];
    const { weightSpecs, weightData } = readWeightFiles(file, manifest);
    expect(weightSpecs.map((spec) => spec.name)).toEqual(['w', 'b']);
    const decoded = tf.io.decodeWeights(weightData, weightSpecs);
    expect(Array.from(decoded['w']!.dataSync())).toEqual([1, 2]);
    expect(Array.from(decoded['b']!.dataSync())).toEqual([3]);
  });

  it('refuses a weights path that leaves the folder, before reading it', () => {
    fs.writeFileSync(path.join(os.tmpdir(), 'bnkit-SECRET.bin'), 'secret');
    const file = write('model/model.json', '{}');
    const manifest = [{ paths: ['../../bnkit-SECRET.bin'], weights: [] }];
    expect(() => readWeightFiles(file, manifest)).toThrow(PathEscapeError);
    expect(() => readWeightFiles(file, manifest)).toThrow(
      /weightsManifest\[0\]\.paths\[0\] of .* must be a relative path that stays inside/,
    );
  });

  it.each([
    [
      'a manifest that is not a list',
      { paths: [] },
      /weightsManifest of .* must be a list of weight groups/,
    ],
    [
      'a group without paths',
      [{ weights: [] }],
      /weightsManifest\[0\] of .* must be an object with "paths" and "weights"/,
    ],
    [
      'a missing weight file',
      [{ paths: ['gone.bin'], weights: [] }],
      /a weight file that exists beside model.json/,
    ],
  ])('refuses %s', (_name, manifest, message) => {
    const file = write('model.json', '{}');
    expect(() => readWeightFiles(file, manifest)).toThrow(ModelFileError);
    expect(() => readWeightFiles(file, manifest)).toThrow(message);
  });
});
