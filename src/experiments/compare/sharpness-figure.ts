/**
 * The sharpness figure of a comparison: λmax, the top eigenvalue of the training loss's Hessian,
 * against optimizer updates, beside each configuration's 2/η. Gradient descent is stable on a
 * quadratic only while λmax < 2/η; full-batch descent on networks drives λmax up to 2/η and keeps
 * it there, the "edge of stability" (Cohen et al., ICLR 2021).
 */
import type { Figure } from '../../plot/figure.js';
import { lineChart, type Series, type SeriesPoint } from '../../plot/line-chart.js';
import type { CsvValue } from '../../plot/report/csv.js';
import type { SharpnessRecord } from '../../train/types.js';
import type { CompareTask, Configuration, RunResult } from './types.js';

const MEASURED = 'λmax';
const BOUND = '2/η';

/** Mean (min–max) over the seeds of the i-th measurement of each run, at the mean update. */
function bandByMeasurement(runs: readonly RunResult[], y: (s: SharpnessRecord) => number | null): SeriesPoint[] {
  const count = Math.max(0, ...runs.map((r) => r.sharpness?.length ?? 0));
  const out: SeriesPoint[] = [];
  for (let i = 0; i < count; i++) {
    const here = runs.map((r) => r.sharpness?.[i]).filter((s): s is SharpnessRecord => s !== undefined);
    const ys = here.map(y).filter((v): v is number => v !== null && Number.isFinite(v));
    if (ys.length === 0) continue;
    const x = here.reduce((a, s) => a + s.update, 0) / here.length;
    out.push({ x, y: ys.reduce((a, b) => a + b, 0) / ys.length, lo: Math.min(...ys), hi: Math.max(...ys) });
  }
  return out;
}

/**
 * The figure, or null when no run measured sharpness (the task's `sharpnessEvery` unset).
 *
 * @example
 * const figure = sharpnessFigure(task, configurations, results, seeds.length);
 */
export function sharpnessFigure(task: CompareTask, configurations: readonly Configuration[], results: readonly RunResult[], seeds: number): Figure | null {
  if (!results.some((r) => (r.sharpness?.length ?? 0) > 0)) return null;
  const series: Series[] = configurations.flatMap((c) => {
    const runs = results.filter((r) => r.configurationId === c.id);
    return [
      { name: c.label, kind: MEASURED, points: bandByMeasurement(runs, (s) => s.sharpness) },
      { name: c.label, kind: BOUND, points: bandByMeasurement(runs, (s) => s.twoOverLr).map(({ x, y }) => ({ x, y })) },
    ];
  });
  return {
    name: 'sharpness',
    caption: 'Sharpness',
    description: `λmax, the largest eigenvalue of the Hessian of the training loss on the batch of the update (Lanczos on Hessian-vector products), every ${task.sharpnessEvery ?? '?'} updates, next to 2/η for the learning rate η of that update. Gradient descent is stable on a quadratic only while λmax < 2/η; with full batches, networks typically sharpen until λmax reaches 2/η and then hover there (the edge of stability, Cohen et al., ICLR 2021). Lines are means over the seeds, bands their min–max.`,
    spec: lineChart({
      title: 'Sharpness',
      subtitle: seeds > 1 ? `${task.dataset}, ${task.model}: mean over ${seeds} seeds, band min–max` : `${task.dataset}, ${task.model}: one seed`,
      y: { title: 'top Hessian eigenvalue λmax' },
      panels: [{ x: { title: 'updates (optimizer steps)', integer: true }, series }],
    }),
  };
}

/** One CSV row per measurement: configuration, seed, update, λmax, 2/η. */
export function sharpnessRows(configurations: readonly Configuration[], results: readonly RunResult[]): Array<Record<string, CsvValue>> {
  const byId = new Map(configurations.map((c) => [c.id, c]));
  return results.flatMap((r) => (r.sharpness ?? []).map((s) => ({
    configuration: r.configurationId, label: byId.get(r.configurationId)?.label ?? '', seed: r.seed, update: s.update, sharpness: s.sharpness, twoOverLr: s.twoOverLr,
  })));
}
