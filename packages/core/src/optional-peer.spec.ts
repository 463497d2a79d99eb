import { loadOptionalPeer, OptionalPeerMissingError } from './optional-peer.js';

describe('loadOptionalPeer', () => {
  it('returns the module when it loads', async () => {
    const loaded = await loadOptionalPeer(() => import('node:path'), {
      packageName: 'node:path',
      neededFor: 'the test',
    });
    expect(typeof loaded.join).toBe('function');
  });

  it('names the package and the install command when it is missing', async () => {
    const load = loadOptionalPeer(() => import('bnkit-no-such-package' as string), {
      packageName: 'bnkit-no-such-package',
      neededFor: 'createSession',
      install: 'npm install bnkit-no-such-package --foo',
    });
    await expect(load).rejects.toThrow(OptionalPeerMissingError);
    await expect(load).rejects.toThrow(
      /^createSession needs the optional peer dependency "bnkit-no-such-package", which could not be loaded \(.*\)\. Install it with `npm install bnkit-no-such-package --foo`\.$/,
    );
  });

  it('passes other load errors through', async () => {
    const broken = new Error('native binding failed');
    await expect(
      loadOptionalPeer(() => Promise.reject(broken), { packageName: 'x', neededFor: 'y' }),
    ).rejects.toBe(broken);
  });
});
