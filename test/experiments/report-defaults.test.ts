/**
 * What the comparison report says about its defaults: every hyper-parameter each configuration ran
 * with, and the chance level as a dashed "chance" rule on the held-out error figure.
 */
import { describe, expect, it } from 'vitest';
import { compareFigures, type CompareTask, type Configuration, type EpochPoint, type RunResult } from '../../src/experiments/index.js';
import { hyperParameterTable } from '../../src/experiments/compare/report.js';
import { lineChart, renderSvg } from '../../src/plot/index.js';
import { compareEpochs } from '../../src/experiments/compare/default-epochs.js';

const task: CompareTask = { dataset: 'spirals', model: 'mlp:2-32-32-2:tanh', loss: 'cross-entropy', epochs: 4, testFraction: 0.2, dataSeed: 0, target: null };
const config = (id: string, optimizer: string, hyperParameters: Configuration['hyperParameters']): Configuration => ({ id, label: optimizer, optimizer, hyperParameters, batchSize: 32, schedule: 'constant', averaging: 'none' });
const point = (epoch: number, error: number): EpochPoint => ({ epoch, updates: epoch * 5, seconds: epoch * 0.1, trainLoss: 0.7, validationLoss: 0.7, validationError: error, learningRate: 0.1 });
const result = (configurationId: string): RunResult => ({ configurationId, seed: 1, points: [0.5, 0.4, 0.2, 0.1].map((e, i) => point(i, e)), parameters: 10, failure: null });

type Layer = { mark: { type: string; strokeDash?: number[] }; data?: { values: Array<{ y: number; label: string }> } };
type Spec = { hconcat?: Array<{ layer: Layer[] }>; layer?: Layer[] };
const rules = (spec: unknown): Layer[] => ((spec as Spec).hconcat ?? [spec as Spec]).flatMap((p) => p.layer!.filter((l) => l.mark.type === 'rule'));

describe('hyperParameterTable', () => {
  it('lists the learning rate, the optimizer\'s other options (defaults and preset included), batch, schedule, averaging, epochs', () => {
    const t = hyperParameterTable(task, [config('c1', 'momentum', { learningRate: 0.1 }), config('c2', 'adam', { learningRate: 0.01, beta2: 0.99 })]);
    expect(t.columns).toEqual(['configuration', 'optimizer', 'learning rate', 'other hyper-parameters', 'batch size', 'schedule', 'averaging', 'epochs']);
    expect(t.rows[0]).toEqual(['momentum', 'momentum', '0.1', 'momentum=0.9 dampening=0 weightDecay=0 nesterov=false maximize=false', '32', 'constant', 'none', '4']);
    expect(t.rows[1]![3]).toBe('beta1=0.9 beta2=0.99 eps=1e-8 weightDecay=0 amsgrad=false maximize=false');
  });
});

describe('the chance rule', () => {
  const configurations = [config('c1', 'sgd', { learningRate: 1 })];

  it('is a dashed rule labelled "chance" at the chance error on every panel of the error figure, and nowhere else', () => {
    const figures = compareFigures(task, configurations, [result('c1')], 1, 0.5);
    const error = figures.find((f) => f.name === 'held-out-error')!;
    const drawn = rules(error.spec);
    expect(drawn).toHaveLength(3); // epochs, updates, wall time
    for (const r of drawn) {
      expect(r.data!.values).toEqual([{ y: 50, label: 'chance' }]);
      expect(r.mark.strokeDash).toEqual([5, 4]);
    }
    for (const f of figures.filter((g) => g.name !== 'held-out-error')) expect(rules(f.spec)).toHaveLength(0);
    expect(rules(compareFigures(task, configurations, [result('c1')], 1).find((f) => f.name === 'held-out-error')!.spec)).toHaveLength(0);
  });

  it('renders with its label, and widens the y axis to include it', async () => {
    const spec = lineChart({ title: 't', y: { title: 'error (%)' }, rules: [{ y: 90, label: 'chance' }], panels: [{ x: { title: 'epoch' }, series: [{ name: 'a', points: [{ x: 0, y: 10 }, { x: 1, y: 20 }] }] }] });
    const svg = await renderSvg(spec);
    expect(svg).toContain('>chance<');
    expect(svg).toContain('>90<'); // an axis tick up to the rule
  });

  it('is left out on a log axis when it is not positive', () => {
    const spec = lineChart({ title: 't', y: { title: 'loss', scale: 'log' }, rules: [{ y: 0, label: 'zero' }], panels: [{ x: { title: 'epoch' }, series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 0.001 }] }] }] });
    expect(rules(spec)).toHaveLength(0);
  });
});

describe('compareEpochs', () => {
  it('enough for 1500 updates of the configuration with the fewest per epoch; 20 to 1000', () => {
    expect(compareEpochs(160, [32])).toBe(300); // spirals, the default batch: 5 updates per epoch
    expect(compareEpochs(160, [1, 32])).toBe(300);
    expect(compareEpochs(160, [1])).toBe(20); // 160 updates per epoch: the 20-epoch floor
    expect(compareEpochs(160, ['full'])).toBe(1000); // one update per epoch: the cap
  });
});
