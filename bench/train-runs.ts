/**
 * What one `descent train` process leaves behind for bench/train-vs.ts, read without running
 * anything: the epoch times of its run.jsonl, the backend its banner named, and the medians and
 * ratios of two checkouts' runs. Kept apart from the suite so it is tested without a build.
 */

/** The figures of one `descent train` process. */
export interface TrainRunFigures {
  /** Each epoch's `seconds` from run.jsonl (training + held-out evaluation), in epoch order. */
  epochSeconds: number[];
  /** Wall time of the whole command (start-up, loading the digits, checkpoints), seconds. */
  wallSeconds: number;
  /** The backend the banner named, e.g. `wasm backend (2 threads, FMA)`. */
  backend: string;
}

/** One figure of two checkouts: medians over their runs and the new/old ratio (< 1: new is faster). */
export interface TrainVsFigure {
  old: number;
  new: number;
  /** new / old. */
  ratio: number;
}

/** Both figures the suite reports, and how many runs each median is over. */
export interface TrainVsSummary {
  /** The sum of the epoch times of a run. */
  epochs: TrainVsFigure;
  /** The whole command's wall time. */
  command: TrainVsFigure;
  runs: { old: number; new: number };
}

/**
 * The `seconds` of every row of a run.jsonl, in order. `source` names the file in errors. A line
 * that is not a JSON object with a finite `seconds` is an error: a log the suite cannot read must
 * not turn into a figure.
 *
 * @example
 * epochSeconds('{"epoch":1,"seconds":0.5}\n{"epoch":2,"seconds":0.4}\n', 'run.jsonl'); // [0.5, 0.4]
 */
export function epochSeconds(text: string, source: string): number[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new Error(`${source}: no epoch rows (did the run train any epoch?)`);
  return lines.map((line, i) => {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not a JSON line`);
    }
    const seconds = typeof row === 'object' && row !== null ? (row as { seconds?: unknown }).seconds : undefined;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new Error(`${source}:${i + 1}: no finite "seconds" field`);
    return seconds;
  });
}

/**
 * The backend named by `descent train`'s banner (its `descent train: …` line), e.g. `wasm backend
 * (2 threads, FMA)` (older revisions print `wasm backend (2 threads)`); the whole banner when it
 * names none, and `no banner` when there is no such line.
 *
 * @example
 * backendOfBanner('descent train: mnist …, 20 epochs, wasm backend (2 threads, FMA), augmentation shift:2\n');
 * // 'wasm backend (2 threads, FMA)'
 */
export function backendOfBanner(stdout: string): string {
  const banner = stdout.split('\n').find((line) => line.startsWith('descent train:'));
  if (banner === undefined) return 'no banner';
  return /\b\w+ backend(?: \([^)]*\))?/.exec(banner)?.[0] ?? banner;
}

/** The median of `xs` (the mean of the middle two for an even count: two rounds give their mean). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median: no values');
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function figure(old: readonly number[], now: readonly number[]): TrainVsFigure {
  const o = median(old);
  const n = median(now);
  return { old: o, new: n, ratio: n / o };
}

/**
 * The medians of the old and new checkouts' runs and their ratios, for the sum of the epoch times
 * and the whole command.
 *
 * @example
 * summarizeTrainVs([{ epochSeconds: [1, 1], wallSeconds: 3, backend: 'b' }], [{ epochSeconds: [0.5, 0.5], wallSeconds: 2, backend: 'b' }]);
 * // { epochs: { old: 2, new: 1, ratio: 0.5 }, command: { old: 3, new: 2, ratio: 0.666… }, runs: { old: 1, new: 1 } }
 */
export function summarizeTrainVs(old: readonly TrainRunFigures[], now: readonly TrainRunFigures[]): TrainVsSummary {
  return {
    epochs: figure(
      old.map((r) => sum(r.epochSeconds)),
      now.map((r) => sum(r.epochSeconds)),
    ),
    command: figure(
      old.map((r) => r.wallSeconds),
      now.map((r) => r.wallSeconds),
    ),
    runs: { old: old.length, new: now.length },
  };
}
