/**
 * Benchmark rows: descent's figure beside a peer's, measured in the same run on the same inputs.
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object per line.
 */
export interface BenchRow {
  /** What was measured, e.g. `matmul 512x512 float32` or `adam update 1e6 params`. */
  name: string;
  /** descent's figure in `unit`. */
  descent: number;
  /** The peer's figure in `unit` (null when the peer has no such operation). */
  peer: number | null;
  /** Which peer, e.g. `tfjs-cpu`, `tfjs-wasm`. */
  peerName: string;
  unit: string;
  /** true when a larger figure is better (GFLOP/s, samples/s); false for ns per parameter. */
  higherIsBetter: boolean;
}

/** descent's advantage: > 1 means descent is better, whatever the unit's direction. */
export function ratio(row: BenchRow): number | null {
  if (row.peer === null || row.peer === 0 || row.descent === 0) return null;
  return row.higherIsBetter ? row.descent / row.peer : row.peer / row.descent;
}

/** Median of repeated timings in milliseconds of `fn`, after `warmup` untimed calls. */
export function timeMedian(fn: () => void, repeats: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
