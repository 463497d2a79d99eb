import { checkPackageContract } from '../../../tools/testing/package-contract.cjs';

describe('@bnkit/core package metadata', () => {
  // The bnkit packages this one builds on: peers (and devDependencies for the tests), as tfjs.
  const bnkitPeers: string[] = [];
  const report = checkPackageContract(__dirname + '/..', {
    peers: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', ...bnkitPeers],
    bnkitDependencies: bnkitPeers,
  });

  it.each(report.checks)('$name', ({ problems }) => {
    expect(problems).toEqual([]);
  });
});
