/**
 * A tiny measuring loop for the micro-benchmarks: warm up, then time batches and report the
 * median batch (robust against a busy machine), in ns per operation and operations per second.
 */
export interface Result {
  name: string;
  nsPerOp: number;
  opsPerSecond: number;
}

/** Run `fn` (which performs `opsPerCall` operations) repeatedly and print the median rate. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  options: { opsPerCall?: number; batches?: number; minBatchMs?: number; warmupMs?: number } = {},
): Promise<Result> {
  const opsPerCall = options.opsPerCall ?? 1;
  const batches = options.batches ?? 7;
  const minBatchMs = options.minBatchMs ?? 100;
  const warmupMs = options.warmupMs ?? 200;
  let calls = 1;
  const warmEnd = performance.now() + warmupMs;
  // Warm-up also sizes the batch so one batch takes at least minBatchMs.
  while (performance.now() < warmEnd) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    if (performance.now() - t < minBatchMs / 4) calls *= 2;
  }
  const perOp: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    perOp.push(((performance.now() - t) * 1e6) / (calls * opsPerCall));
  }
  perOp.sort((a, b) => a - b);
  const ns = perOp[Math.floor(perOp.length / 2)]!;
  const result = { name, nsPerOp: ns, opsPerSecond: 1e9 / ns };
  console.log(`${name.padEnd(58)} ${formatNs(ns).padStart(10)}/op ${formatRate(result.opsPerSecond).padStart(12)}`);
  return result;
}

function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

function formatRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)} M/s`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)} k/s`;
  return `${r.toFixed(1)} /s`;
}
