/** Permutation from channels-last (N, d1..dk, C) to channels-first (N, C, d1..dk). */
export function toChannelsFirstPerm(rank: number): number[] {
  return [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
}

/** Permutation from channels-first back to channels-last. */
export function toChannelsLastPerm(rank: number): number[] {
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
}

/** Where a channels-last axis sits in the channels-first layout. */
export function channelsFirstAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a === 0) return 0;
  if (a === rank - 1) return 1;
  return a + 1;
}
