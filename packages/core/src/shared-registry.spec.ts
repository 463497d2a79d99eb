import { RegistryVersionError, sharedRegistry } from './shared-registry.js';

describe('sharedRegistry', () => {
  it('gives two separately loaded copies of the module one registry', () => {
    let first: typeof sharedRegistry | undefined;
    let second: typeof sharedRegistry | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      first = (require('./shared-registry.js') as { sharedRegistry: typeof sharedRegistry })
        .sharedRegistry;
    });
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      second = (require('./shared-registry.js') as { sharedRegistry: typeof sharedRegistry })
        .sharedRegistry;
    });
    expect(first).not.toBe(second);
    first!<string>('test.copies', 1).set('MyLayer', 'converter');
    expect(second!<string>('test.copies', 1).get('MyLayer')).toBe('converter');
  });

  it('refuses a copy that expects another entry format', () => {
    sharedRegistry('test.format', 1);
    expect(() => sharedRegistry('test.format', 2)).toThrow(RegistryVersionError);
    expect(() => sharedRegistry('test.format', 2)).toThrow(/format 1; this copy uses format 2/);
  });

  it('lives under a Symbol.for key, invisible to enumeration', () => {
    sharedRegistry('test.symbol', 1);
    const box = (globalThis as unknown as Record<symbol, { format: number }>)[
      Symbol.for('@bnkit/registry:test.symbol')
    ];
    expect(box?.format).toBe(1);
    expect(Object.keys(globalThis)).not.toContain('@bnkit/registry:test.symbol');
  });
});
