import { checkPackageContract } from '../../../tools/testing/package-contract.cjs';

describe('@bnkit/wasm-kernels package metadata', () => {
  const report = checkPackageContract(__dirname + '/..', {
    peers: ['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core'],
    bnkitDependencies: [],
  });

  it.each(report.checks)('$name', ({ problems }) => {
    expect(problems).toEqual([]);
  });
});
