/** A function returning the next number in [0, 1) of the stream seeded by `seed`. */
export declare function mulberry32(seed: number): () => number;
