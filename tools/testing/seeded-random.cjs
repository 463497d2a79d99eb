// mulberry32, the seeded stream of numbers in [0, 1) that the tests and tools use wherever they
// need a reproducible choice (kill moments, random shapes, random models): a failure names its
// seed and can be replayed. Plain CommonJS so jest specs and .mjs tools share one copy.

/** A function returning the next number in [0, 1) of the stream seeded by `seed`. */
function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { mulberry32 };
