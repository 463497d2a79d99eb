import { checkPackageContract } from '../../../tools/testing/package-contract.cjs';

describe('@bnkit/cli package metadata', () => {
  const report = checkPackageContract(__dirname + '/..', {
    peers: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'],
    bnkitDependencies: ['@bnkit/callbacks', '@bnkit/datasets', '@bnkit/layers', '@bnkit/onnx'],
  });

  it.each(report.checks)('$name', ({ problems }) => {
    expect(problems).toEqual([]);
  });
});
