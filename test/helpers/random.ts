/**
 * Reproducible randomness for the kernel tests: a seed from BNL_SEED (to replay a failure) or
 * a fresh one, and mulberry32, a small seeded generator.
 */

/** BNL_SEED when set, else a fresh seed. Tests print it so that a failing layout can be replayed. */
export function testSeed(): number {
  return process.env.BNL_SEED ? Number(process.env.BNL_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0;
}

/** mulberry32: uniform numbers in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Seeded {
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** mulberry32 with the helpers the layout generators use. */
export function seeded(seed: number): Seeded {
  const next = mulberry32(seed);
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
  };
}

/**
 * Read our listing between two reads of the oracle (`ip`): the kernel's tables change on their
 * own (neighbour states, IPv6 link-local routes appearing), so ours must equal the oracle's read
 * right before or right after it. Retried a few times, then compared with the last oracle read.
 */
export async function agreeWithOracle<T>(oracle: () => T[], ours: () => Promise<T[]>, expectEqual: (a: T[], b: T[]) => void): Promise<T[]> {
  let mine: T[] = [];
  let after: T[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = oracle();
    mine = await ours();
    after = oracle();
    if (Bun.deepEquals(mine, before) || Bun.deepEquals(mine, after)) return mine;
    await Bun.sleep(50);
  }
  expectEqual(mine, after);
  return mine;
}
