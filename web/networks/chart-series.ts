/**
 * The lab's curves as chart series: per run, train solid and held-out dashed in the run's colour;
 * the averaged weights' held-out curve ("EMA of Adam") dashed in a paler tint of the same colour;
 * sharpness λmax against 2/η. Every series of a diverged run is marked diverged, so none of its
 * points sets the axis range (one run at 1e9 would flatten every other curve), and its averaged
 * weights are not drawn (an average of blown-up weights says nothing).
 */
import type { Series } from '../chart.js';
import { formatSetting } from '../format.js';
import { seriesColour } from '../palette.js';
import type { AveragingName } from './config.js';
import type { RunFrame } from './protocol.js';

/** The three charts' series. */
export interface LabSeries {
  loss: Series[];
  error: Series[];
  sharpness: Series[];
}

/** `hex` (#RRGGBB) mixed towards white by `amount` ∈ [0, 1]. */
export function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount).toString(16).padStart(2, '0');
  return `#${mix((n >> 16) & 255)}${mix((n >> 8) & 255)}${mix(n & 255)}`;
}

/** The series of `runs` (named by `labels`); `averaging` names the averaged-weights curves. */
export function labSeries(runs: readonly RunFrame[], labels: readonly string[], averaging: AveragingName): LabSeries {
  const out: LabSeries = { loss: [], error: [], sharpness: [] };
  runs.forEach((r, i) => {
    const colour = seriesColour(i);
    const label = labels[i] ?? r.optimizer;
    const xs = r.history.map((p) => p.step);
    const diverged = r.stopped === 'diverged';
    // Both of a diverged run's curves get a ✕ at their end, and the run one "<run>: diverged" label.
    const mark = diverged ? { diverged: true, note: 'diverged', noteGroup: label } : {};
    out.loss.push({ label: `${label}, train`, colour, xs, ys: r.history.map((p) => p.trainLoss), ...mark });
    out.loss.push({ label: `${label}, held-out`, colour, xs, ys: r.history.map((p) => p.testLoss), dashed: true, ...mark });
    out.error.push({ label: `${label}, train`, colour, xs, ys: r.history.map((p) => p.trainError), low: r.history.map((p) => Math.min(p.trainError, p.testError)), high: r.history.map((p) => Math.max(p.trainError, p.testError)), ...mark });
    out.error.push({ label: `${label}, held-out`, colour, xs, ys: r.history.map((p) => p.testError), dashed: true, ...mark });
    if (!diverged && averaging !== 'none' && r.history.some((p) => p.averagedTestLoss !== undefined)) {
      const av = r.history.filter((p) => p.averagedTestLoss !== undefined);
      const name = `${averaging === 'ema' ? 'EMA' : 'SWA'} of ${label}, held-out`;
      const pale = tint(colour, 0.5);
      out.loss.push({ label: name, colour: pale, xs: av.map((p) => p.step), ys: av.map((p) => p.averagedTestLoss!), dashed: true });
      out.error.push({ label: name, colour: pale, xs: av.map((p) => p.step), ys: av.map((p) => p.averagedTestError!), dashed: true });
    }
    if (r.sharpness.length > 0) {
      out.sharpness.push({ label: `${label}: λmax`, colour, xs: r.sharpness.map((p) => p.step), ys: r.sharpness.map((p) => p.lambda), ...(diverged ? { diverged } : {}) });
      const lr = r.sharpness[r.sharpness.length - 1]!.learningRate;
      const edge = `2/η = ${formatSetting(2 / lr)}`;
      out.sharpness.push({ label: `${label}: ${edge}`, colour, xs: r.sharpness.map((p) => p.step), ys: r.sharpness.map((p) => 2 / p.learningRate), dashed: true, tag: edge });
    }
  });
  return out;
}
