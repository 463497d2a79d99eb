import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256.js';

describe('sha256Hex', () => {
  it('equals node:crypto on every length around the block and padding edges', () => {
    let seed = 7;
    for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70001]) {
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[i] = seed >>> 24;
      }
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('reads a view into a larger buffer from its offset', () => {
    const buffer = new Uint8Array([9, 9, 97, 98, 99, 9]);
    expect(sha256Hex(buffer.subarray(2, 5))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
