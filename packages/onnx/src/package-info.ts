import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

let version: string | undefined;

/** The version of @bnkit/onnx, read from its package.json. */
export function bnkitOnnxVersion(): string {
  if (version === undefined) {
    const file = path.join(__dirname, '..', 'package.json');
    version = String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version);
  }
  return version;
}

/** The tfjs versions in use: core and layers. */
export function tfjsVersions(): { core: string; layers: string } {
  return { core: tf.version_core, layers: tfl.version_layers };
}
