// onnxruntime-node creates its output tensors with the typed-array constructors of Node's main
// realm, and onnxruntime-common checks them with `instanceof` against the test sandbox's
// constructors, which fails under jest's default node environment. This environment hands the
// sandbox the main realm's typed arrays, so both sides agree (as they do outside jest).
const { TestEnvironment } = require('jest-environment-node');

class SharedTypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'ArrayBuffer',
      'Float32Array',
      'Float64Array',
      'Int8Array',
      'Int16Array',
      'Int32Array',
      'Uint8Array',
      'Uint8ClampedArray',
      'Uint16Array',
      'Uint32Array',
      'BigInt64Array',
      'BigUint64Array',
    ]) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = SharedTypedArrayEnvironment;
