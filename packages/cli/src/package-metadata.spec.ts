import { checkPackageContract } from '../../../tools/testing/package-contract.cjs';

describe('@bnkit/cli package metadata', () => {
  const report = checkPackageContract(__dirname + '/..', {
    peers: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'],
    bnkitDependencies: [
      '@bnkit/callbacks',
      '@bnkit/core',
      '@bnkit/datasets',
      '@bnkit/layers',
      '@bnkit/onnx',
      '@bnkit/wasm-kernels',
    ],
  });

  it.each(report.checks)('$name', ({ problems }) => {
    expect(problems).toEqual([]);
  });
});
