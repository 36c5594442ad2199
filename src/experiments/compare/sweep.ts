/**
 * A sweep: the cartesian product of optimizers (with their own hyper-parameters), learning rates,
 * batch sizes, schedules and averaging, in that nesting order.
 */
import type { Configuration, HyperValue } from './types.js';

/** An optimizer of the sweep with the hyper-parameters written beside it. */
export interface OptimizerChoice {
  name: string;
  hyperParameters: Readonly<Record<string, HyperValue>>;
}

/** The axes of a sweep. An empty `learningRates` keeps each optimizer's own learning rate. */
export interface SweepSpec {
  optimizers: readonly OptimizerChoice[];
  learningRates: readonly number[];
  batchSizes: readonly (number | 'full')[];
  schedules: readonly string[];
  averaging: readonly string[];
}

const formatValue = (v: HyperValue): string => (Array.isArray(v) ? v.join(';') : String(v));

/**
 * Every configuration of the sweep. `learningRates` applies to the optimizers that do not set
 * `learningRate` themselves (`adam:learningRate=0.01` keeps its rate). Labels name the optimizer, its
 * inline hyper-parameters, and only the axes that take more than one value.
 * Throws naming the empty axis when the sweep has no configuration.
 *
 * @example
 * expandSweep({ optimizers: [{ name: 'sgd', hyperParameters: {} }, { name: 'adam', hyperParameters: {} }],
 *   learningRates: [0.1, 0.01], batchSizes: [16], schedules: ['constant'], averaging: ['none'] });
 * // 4 configurations: 'sgd lr=0.1', 'sgd lr=0.01', 'adam lr=0.1', 'adam lr=0.01'
 */
export function expandSweep(spec: SweepSpec): Configuration[] {
  const axes: Array<[string, readonly unknown[]]> = [
    ['optimizers', spec.optimizers],
    ['batch sizes', spec.batchSizes],
    ['schedules', spec.schedules],
    ['averaging', spec.averaging],
  ];
  for (const [name, values] of axes) if (values.length === 0) throw new Error(`empty sweep: no ${name} given`);
  const out: Configuration[] = [];
  const several = {
    batch: spec.batchSizes.length > 1,
    schedule: spec.schedules.length > 1,
    averaging: spec.averaging.length > 1,
    lr: spec.learningRates.length > 1,
  };
  for (const o of spec.optimizers) {
    const ownRate = o.hyperParameters.learningRate !== undefined;
    const rates: (number | null)[] = ownRate || spec.learningRates.length === 0 ? [null] : [...spec.learningRates];
    for (const lr of rates) {
      for (const batchSize of spec.batchSizes) {
        for (const schedule of spec.schedules) {
          for (const averaging of spec.averaging) {
            const hyperParameters = lr === null ? { ...o.hyperParameters } : { ...o.hyperParameters, learningRate: lr };
            const parts = [o.name, ...Object.entries(o.hyperParameters).map(([k, v]) => `${k === 'learningRate' ? 'lr' : k}=${formatValue(v)}`)];
            if (lr !== null && several.lr) parts.push(`lr=${lr}`);
            if (several.batch) parts.push(`b=${batchSize}`);
            if (several.schedule) parts.push(schedule);
            if (several.averaging) parts.push(averaging === 'none' ? 'no averaging' : averaging);
            out.push({ id: `c${out.length + 1}`, label: parts.join(' '), optimizer: o.name, hyperParameters, batchSize, schedule, averaging });
          }
        }
      }
    }
  }
  // Two identical labels would merge in the legend: number them.
  const seen = new Map<string, number>();
  for (const c of out) seen.set(c.label, (seen.get(c.label) ?? 0) + 1);
  for (const c of out) if ((seen.get(c.label) ?? 0) > 1) c.label = `${c.label} (${c.id})`;
  return out;
}
