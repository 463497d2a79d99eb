import { checkPackageContract } from '../../../tools/testing/package-contract.cjs';

describe('@bnkit/layers package metadata', () => {
  const report = checkPackageContract(__dirname + '/..', {
    peers: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'],
    bnkitDependencies: ['@bnkit/core'],
  });

  it.each(report.checks)('$name', ({ problems }) => {
    expect(problems).toEqual([]);
  });
});
