/**
 * The network lab's logic in Node: datasets, features, model specs, the URL, training to low
 * error, λmax by power iteration against the exact Hessian, and the landscape slices.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenParameters, hessianOperator, setBackend, symmetricEigen } from '../../src/index.js';
import { configProblem, defaultConfig, fullBatchNote, labDefaults, type LabConfig } from '../../web/networks/config.js';
import { DATASETS, makeData } from '../../web/networks/datasets.js';
import { featureProblem, featurize } from '../../web/networks/features.js';
import { landscapeJob, PCA_MARGIN, type LandscapeResult } from '../../web/networks/landscape.js';
import { buildModel, modelProblem } from '../../web/networks/model-spec.js';
import type { RunFrame } from '../../web/networks/protocol.js';
import { labSeries, tint } from '../../web/networks/chart-series.js';
import { headline } from '../../web/networks/readouts.js';
import { contourSegments } from '../../web/networks/contour.js';
import { labRunLabels } from '../../web/networks/run-labels.js';
import { sharpnessCaption } from '../../web/networks/sharpness-caption.js';
import { seriesColour } from '../../web/palette.js';
import { appendPoints, mergeRun } from '../../web/networks/run-history.js';
import { powerIteration, powerIterationSteps, type PowerIterationProgress } from '../../web/networks/sharpness.js';
import { countingBackend } from '../helpers/counting-backend.js';
import { LabTrainer } from '../../web/networks/trainer.js';
import { decodeLabState, defaultLabState, encodeLabState } from '../../web/networks/url-state.js';
import { optimizerNames } from '../../web/surfaces/optimizer-defaults.js';

beforeAll(() => setBackend('js'));

function config(patch: (c: LabConfig) => void): LabConfig {
  const c = defaultConfig();
  patch(c);
  return c;
}

/** One step of every run, with the λmax measurements it makes due computed at once (the worker spreads them out). */
function stepAndMeasure(t: LabTrainer): void {
  t.stepAll();
  t.finishMeasurements();
}

function trainToEnd(t: LabTrainer): void {
  while (t.live) stepAndMeasure(t);
}

describe('network lab datasets and features', () => {
  it('every dataset is seeded, split by the held-out fraction and inside the plane', () => {
    for (const dataset of DATASETS) {
      const spec = { dataset, samples: 200, noise: 0.05, heldOut: 0.25, seed: 3, points: [[0.2, 0.3, 0], [-0.4, 0.1, 1], [0.5, -0.5, 1], [-0.1, -0.7, 0]] as const };
      const a = makeData(spec);
      const b = makeData(spec);
      expect(a).toEqual(b);
      const n = dataset === 'clicked' ? 4 : 200;
      expect(a.train.ys.length + a.test.ys.length).toBe(n);
      expect(a.test.ys.length).toBe(Math.floor(0.25 * n));
      for (const v of a.train.xs) expect(Math.abs(v)).toBeLessThan(1.6);
      if (dataset !== 'regression') {
        const labels = new Set([...a.train.ys, ...a.test.ys]);
        expect([...labels].sort()).toEqual([0, 1]);
      }
    }
    expect(makeData({ dataset: 'moons', samples: 200, noise: 0.05, heldOut: 0.25, seed: 4 })).not.toEqual(makeData({ dataset: 'moons', samples: 200, noise: 0.05, heldOut: 0.25, seed: 3 }));
  });

  it('XOR labels are the sign of x·y; bad specs are named', () => {
    const d = makeData({ dataset: 'xor', samples: 100, noise: 0, heldOut: 0, seed: 1 });
    for (let i = 0; i < d.train.ys.length; i++) expect(d.train.ys[i]).toBe(d.train.xs[2 * i]! * d.train.xs[2 * i + 1]! > 0 ? 1 : 0);
    expect(() => makeData({ dataset: 'clicked', samples: 0, noise: 0, heldOut: 0, seed: 1, points: [[0, 0, 1]] })).toThrow(/at least two points/);
    expect(() => makeData({ dataset: 'spirals', samples: 100, noise: 0, heldOut: 0.95, seed: 1 })).toThrow(/held-out fraction/);
  });

  it('features compute x, y, x², y², xy, sin πx, sin πy row by row', () => {
    const f = featurize([0.5, -0.25], ['x', 'y', 'x2', 'y2', 'xy', 'sinx', 'siny']);
    expect(Array.from(f)).toEqual([0.5, -0.25, 0.25, 0.0625, -0.125, Math.sin(Math.PI * 0.5), Math.sin(-Math.PI * 0.25)]);
    expect(featureProblem([])).toMatch(/at least one/);
    expect(featureProblem(['x', 'z'])).toMatch(/unknown feature 'z'/);
  });
});

describe('network lab model spec', () => {
  it('builds the layers asked for, the same weights from the same seed', () => {
    const spec = { hidden: [8, 4], activations: ['relu', 'tanh'] as ['relu', 'tanh'], norm: 'none' as const, dropout: 0, init: 'he' as const };
    const a = buildModel(spec, 3, 5);
    expect(a.linears.map((l) => [l.inFeatures, l.outFeatures])).toEqual([[3, 8], [8, 4], [4, 1]]);
    expect(Array.from(buildModel(spec, 3, 5).linears[0]!.weight.data)).toEqual(Array.from(a.linears[0]!.weight.data));
    expect(Array.from(buildModel(spec, 3, 6).linears[0]!.weight.data)).not.toEqual(Array.from(a.linears[0]!.weight.data));
    const zeros = buildModel({ ...spec, init: 'zeros' }, 3, 5);
    expect(zeros.linears.every((l) => l.weight.data.every((v) => v === 0))).toBe(true);
  });

  it('rejects bad specs with messages naming the field', () => {
    const ok = { hidden: [4], activations: ['tanh' as const], norm: 'none' as const, dropout: 0, init: 'xavier' as const };
    expect(modelProblem(ok)).toBeNull();
    expect(modelProblem({ ...ok, hidden: [65], activations: ['tanh'] })).toMatch(/width .*\[1, 64\], got 65/);
    expect(modelProblem({ ...ok, hidden: Array(9).fill(2), activations: Array(9).fill('tanh') })).toMatch(/at most 8 hidden layers/);
    expect(modelProblem({ ...ok, activations: [] })).toMatch(/one activation per hidden layer/);
    expect(modelProblem({ ...ok, dropout: 1 })).toMatch(/dropout/);
    expect(configProblem(config((c) => (c.data.dataset = 'regression')))).toMatch(/regression needs the MSE loss/);
    expect(configProblem(config((c) => (c.runs = [{ optimizer: 'newton', options: {} }])))).toMatch(/not offered/);
    expect(configProblem(config((c) => (c.runs = [])))).toMatch(/one to four optimizers/);
  });
});

describe('network lab URL state', () => {
  it('round-trips a full configuration', () => {
    const s = defaultLabState();
    s.play = true;
    s.sharpnessEvery = 25;
    s.speed = 0;
    const c = s.config;
    c.data = { dataset: 'clicked', samples: 300, noise: 0.1, heldOut: 0.5, seed: 9, points: [[0.1, 0.2, 0], [-0.5, 0.25, 1]] };
    c.features = ['x', 'y', 'xy', 'sinx'];
    c.model = { hidden: [8, 6, 4], activations: ['relu', 'gelu', 'tanh'], norm: 'layer', dropout: 0.1, init: 'he' };
    c.loss = 'hinge';
    c.runs = [{ optimizer: 'sgd', options: { ...labDefaults('sgd'), momentum: 0.9 } }, { optimizer: 'rprop', options: { ...labDefaults('rprop'), etas: [0.4, 1.3] } }];
    c.schedule = 'cosine';
    c.batchSize = 0;
    c.weightDecay = 0.001;
    c.averaging = 'ema';
    c.seed = 4;
    c.maxSteps = 1234;
    expect(decodeLabState(encodeLabState(s))).toEqual(s);
    expect(decodeLabState(`#${encodeLabState(s)}`.slice(1))).toEqual(s);
  });

  it('a short link works and malformed values keep their defaults', () => {
    const s = decodeLabState('dataset=spirals&play=1&hidden=8,8&act=relu&o=sgd:learningRate=0.1&o=adam');
    expect(s.play).toBe(true);
    expect(s.config.model.activations).toEqual(['relu', 'relu']);
    expect(s.config.runs.map((r) => [r.optimizer, r.options.learningRate])).toEqual([['sgd', 0.1], ['adam', 0.03]]);
    const bad = decodeLabState('dataset=nope&hidden=0,99&noise=-1&batch=x&o=nosuch&steps=0');
    const d = defaultLabState();
    expect(bad).toEqual(d);
    expect(decodeLabState('dataset=regression').config.loss).toBe('mse');
  });
});

describe('network lab training', () => {
  it('reaches ≥ 95% held-out accuracy on spirals from the defaults', () => {
    const t = new LabTrainer(defaultConfig(), { metricsEvery: 100 });
    trainToEnd(t);
    const last = t.runs[0]!.history.at(-1)!;
    expect(t.runs[0]!.stopped).toBe('step cap');
    expect(last.testError).toBeLessThanOrEqual(0.05);
    expect(last.trainLoss).toBeLessThan(t.runs[0]!.history[0]!.trainLoss / 10);
  }, 60_000);

  it('learns moons with SGD, and a race starts every optimizer from the same weights on the same batches', () => {
    const c = config((c) => {
      c.data = { dataset: 'moons', samples: 300, noise: 0.1, heldOut: 0.3, seed: 2 };
      c.model = { hidden: [8], activations: ['tanh'], norm: 'none', dropout: 0, init: 'xavier' };
      c.runs = [{ optimizer: 'sgd', options: labDefaults('sgd') }, { optimizer: 'adam', options: labDefaults('adam') }, { optimizer: 'sgd', options: labDefaults('sgd') }];
      c.maxSteps = 1500;
    });
    const t = new LabTrainer(c, { metricsEvery: 50 });
    expect(t.runs[1]!.initial).toEqual(t.runs[0]!.initial);
    trainToEnd(t);
    for (const run of t.runs) expect(run.history.at(-1)!.testError).toBeLessThan(0.06);
    // Same optimizer, same start, same batches: the same run, bit for bit; another optimizer differs.
    expect(t.runs[2]!.history).toEqual(t.runs[0]!.history);
    expect(t.runs[1]!.history.at(-1)!.trainLoss).not.toBe(t.runs[0]!.history.at(-1)!.trainLoss);
  }, 60_000);

  it('a diverging run stops and says so; regression fits its curve', () => {
    // A linear network under MSE is a quadratic: a step far above 2/λmax blows it up.
    const t = new LabTrainer(config((c) => {
      c.model.activations = ['linear', 'linear', 'linear'];
      c.loss = 'mse';
      c.runs = [{ optimizer: 'sgd', options: { ...labDefaults('sgd'), learningRate: 20 } }];
    }));
    trainToEnd(t);
    expect(t.runs[0]!.stopped).toBe('diverged');
    expect(t.runs[0]!.step).toBeLessThan(100);
    const r = new LabTrainer(config((c) => {
      c.data = { dataset: 'regression', samples: 200, noise: 0.05, heldOut: 0.3, seed: 1 };
      c.features = ['x'];
      c.loss = 'mse';
      c.maxSteps = 1500;
    }), { metricsEvery: 100 });
    trainToEnd(r);
    expect(r.runs[0]!.history.at(-1)!.testError).toBeLessThan(0.1);
  }, 60_000);

  it('iterate averaging records the averaged weights\' held-out metrics', () => {
    const t = new LabTrainer(config((c) => {
      c.averaging = 'ema';
      c.maxSteps = 300;
    }), { metricsEvery: 50 });
    trainToEnd(t);
    const last = t.runs[0]!.history.at(-1)!;
    expect(last.averagedTestLoss).toBeGreaterThan(0);
    expect(last.averagedTestLoss).not.toBe(last.testLoss);
  }, 60_000);
});

describe('network lab sharpness and landscape', () => {
  it('λmax by power iteration matches the exact Hessian\'s top eigenvalue', () => {
    const t = new LabTrainer(config((c) => {
      c.data = { dataset: 'moons', samples: 60, noise: 0.1, heldOut: 0.2, seed: 2 };
      c.model = { hidden: [5, 4], activations: ['tanh', 'tanh'], norm: 'none', dropout: 0, init: 'xavier' };
      c.batchSize = 0;
      c.runs = [{ optimizer: 'sgd', options: labDefaults('sgd') }];
      c.maxSteps = 200;
    }));
    trainToEnd(t);
    const run = t.runs[0]!;
    const loss = () => t.loss(run, t.train.x, t.train.t);
    const H = hessianOperator(loss, run.params());
    const n = H.size;
    const matrix = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      const e = new Float64Array(n);
      e[j] = 1;
      matrix.set(H.apply(e), j * n);
    }
    const values = Array.from(symmetricEigen(matrix, n).values);
    const exact = values.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
    const power = powerIteration(loss, run.params(), { iterations: 2000, tol: 1e-13 });
    expect(power.converged).toBe(true);
    expect(Math.abs(power.lambda - exact) / Math.abs(exact)).toBeLessThan(1e-6);
    // The trainer's cheaper reading (20 products) is close too.
    expect(Math.abs(t.measureSharpness(run, 60).lambda - exact) / exact).toBeLessThan(1e-2);
  }, 60_000);

  it('full-batch gradient descent drives sharpness up towards 2/η', () => {
    const t = new LabTrainer(config((c) => {
      c.batchSize = 0;
      c.runs = [{ optimizer: 'sgd', options: { ...labDefaults('sgd'), learningRate: 0.5 } }];
      c.maxSteps = 1500;
    }), { sharpnessEvery: 100, sharpnessIterations: 30 });
    trainToEnd(t);
    const s = t.runs[0]!.sharpness;
    expect(s.length).toBe(15);
    const top = Math.max(...s.map((p) => p.lambda));
    expect(top).toBeGreaterThan(s[0]!.lambda);
    expect(top).toBeGreaterThan(0.5 * (2 / 0.5));
  }, 60_000);

  it('powerIterationSteps builds the operator, then does one Hessian-vector product per next(), and ends with powerIteration\'s result, bit for bit', () => {
    const t = new LabTrainer(config((c) => {
      c.model = { hidden: [6, 5], activations: ['tanh', 'relu'], norm: 'none', dropout: 0, init: 'xavier' };
      c.maxSteps = 40;
    }));
    trainToEnd(t);
    const run = t.runs[0]!;
    const loss = () => t.loss(run, t.train.x, t.train.t);
    // Converged early (tol) and stopped at the cap (tol 0): both endings.
    for (const options of [{ iterations: 200, tol: 1e-4, seed: 3 }, { iterations: 7, tol: 0, seed: 4 }]) {
      const whole = powerIteration(loss, run.params(), options);
      const counts = countingBackend(['matmul']);
      try {
        const job = powerIterationSteps(loss, run.params(), options);
        const progress: PowerIterationProgress[] = [];
        const matmuls: number[] = [];
        let next = job.next();
        while (!next.done) {
          progress.push(next.value);
          matmuls.push(counts.matmul);
          next = job.next();
        }
        const after = counts.matmul;
        // A yield once the operator is built (0 products), then one per product, counted 1, 2, …;
        // the call that returns does no product.
        expect(progress.map((p) => p.products)).toEqual(Array.from({ length: whole.iterations + 1 }, (_, i) => i));
        expect(after).toBe(matmuls[matmuls.length - 1]);
        // The first call's work is the forward and first backward; every later call costs the same: one product.
        const perCall = matmuls.slice(1).map((m, i) => m - matmuls[i]!);
        expect(perCall.length).toBeGreaterThan(2);
        expect(new Set(perCall).size).toBe(1);
        expect(perCall[0]!).toBeGreaterThan(0);
        expect(matmuls[0]!).toBeGreaterThan(0);
        expect(Object.is(next.value.lambda, whole.lambda)).toBe(true);
        expect(progress[progress.length - 1]!.lambda).toBe(whole.lambda);
        expect(next.value.iterations).toBe(whole.iterations);
        expect(next.value.converged).toBe(whole.converged);
        expect(Array.from(next.value.vector)).toEqual(Array.from(whole.vector));
      } finally {
        setBackend('js');
      }
    }
  }, 60_000);

  it('a race measured a product at a time (the worker\'s way) records the same points and weights as measured at once, and no run steps mid-measurement', () => {
    const make = (): LabTrainer => new LabTrainer(config((c) => {
      c.model = { hidden: [8, 8], activations: ['tanh', 'tanh'], norm: 'none', dropout: 0, init: 'xavier' };
      c.batchSize = 16;
      c.runs = [{ optimizer: 'sgd', options: labDefaults('sgd') }, { optimizer: 'adam', options: labDefaults('adam') }];
      c.maxSteps = 30;
    }), { sharpnessEvery: 5, sharpnessIterations: 6 });
    const atOnce = make();
    trainToEnd(atOnce);
    const sliced = make();
    let products = 0;
    let measured = 0;
    while (sliced.live || sliced.measuring) {
      if (sliced.measuring) {
        const steps = sliced.runs.map((r) => r.step);
        const done = sliced.advanceMeasurement();
        if (done.kind === 'progress') products++;
        if (done.kind === 'measured') {
          measured++;
          // The point is at the step the measurement was due, and nothing stepped meanwhile.
          expect(done.point.step).toBe(done.run.step);
        }
        expect(done.kind).not.toBe('failed');
        expect(sliced.runs.map((r) => r.step)).toEqual(steps);
        continue;
      }
      sliced.stepAll();
    }
    // Two runs × six measurements (steps 5 … 30), each a build and 1 to 6 products.
    expect(measured).toBe(12);
    expect(products).toBeGreaterThanOrEqual(24);
    expect(products).toBeLessThanOrEqual(84);
    for (let i = 0; i < 2; i++) {
      const a = atOnce.runs[i]!;
      const b = sliced.runs[i]!;
      expect(b.sharpness.map((p) => p.step)).toEqual([5, 10, 15, 20, 25, 30]);
      expect(b.sharpness).toEqual(a.sharpness);
      expect(b.history).toEqual(a.history);
      expect(Array.from(flattenParameters(b.params()))).toEqual(Array.from(flattenParameters(a.params())));
    }
    // The runs stayed in lock-step: both at the cap, having seen the same batches (equal first losses).
    expect(sliced.runs.map((r) => r.step)).toEqual([30, 30]);
    expect(sliced.runs[0]!.history[0]!.trainLoss).toBe(sliced.runs[1]!.history[0]!.trainLoss);
  }, 60_000);

  it('a queued measurement (the Measure button) is at the current weights, and stepAll finishes it before stepping', () => {
    const t = new LabTrainer(config((c) => {
      c.model = { hidden: [6], activations: ['tanh'], norm: 'none', dropout: 0, init: 'xavier' };
      c.maxSteps = 50;
    }));
    for (let i = 0; i < 7; i++) stepAndMeasure(t);
    const run = t.runs[0]!;
    const expected = new LabTrainer(t.config);
    for (let i = 0; i < 7; i++) stepAndMeasure(expected);
    const reference = expected.measureSharpness(expected.runs[0]!, 9);
    t.queueSharpness(run, 9);
    expect(t.measuring).toBe(true);
    expect(run.sharpness).toEqual([]);
    t.advanceMeasurement();
    // A Step pressed mid-measurement: the measurement ends first, at step 7, then the step.
    t.stepAll();
    expect(t.measuring).toBe(false);
    expect(run.sharpness).toEqual([reference]);
    expect(run.step).toBe(8);
  });

  it('1-D and 2-D slices: the centre is the current loss, weights restored, trajectory ends at the origin', () => {
    const t = new LabTrainer(config((c) => (c.maxSteps = 300)));
    trainToEnd(t);
    const run = t.runs[0]!;
    const before = Array.from(run.params()[0]![1].data);
    const centre = t.loss(run, t.train.x, t.train.t, false).item();
    const finish = (job: Generator<{ done: number; total: number }, LandscapeResult>): LandscapeResult => {
      for (;;) {
        const next = job.next();
        if (next.done) return next.value;
      }
    };
    const one = finish(landscapeJob(t, run, { mode: '1d-random', steps: 11, range: 1, seed: 1 }));
    expect(one.losses[0]![5]).toBeCloseTo(centre, 10);
    const toInit = finish(landscapeJob(t, run, { mode: '1d-init', steps: 9, range: 1, seed: 1 }));
    expect(toInit.alphas[2]).toBe(0);
    expect(toInit.losses[0]![6]).toBeCloseTo(t.runs[0]!.history[0]!.trainLoss, 8);
    const job = landscapeJob(t, run, { mode: '2d', steps: 7, range: 0.5, seed: 2 });
    expect(job.next().value).toEqual({ done: 1, total: 7 });
    job.return(undefined as unknown as LandscapeResult);
    expect(Array.from(run.params()[0]![1].data)).toEqual(before);
    const two = finish(landscapeJob(t, run, { mode: '2d', steps: 7, range: 0.5, seed: 2 }));
    expect(two.losses.length).toBe(7);
    expect(two.losses[3]![3]).toBeCloseTo(centre, 10);
    expect(two.path.at(-1)).toEqual([0, 0]);
    expect(Array.from(run.params()[0]![1].data)).toEqual(before);
  }, 60_000);

  it('a slice on the trajectory\'s principal directions holds the whole path, to scale, where random directions show a dot', () => {
    const t = new LabTrainer(config((c) => (c.maxSteps = 300)));
    trainToEnd(t);
    const run = t.runs[0]!;
    const before = Array.from(run.params()[0]![1].data);
    const finish = (job: Generator<{ done: number; total: number }, LandscapeResult>): LandscapeResult => {
      for (;;) {
        const next = job.next();
        if (next.done) return next.value;
      }
    };
    const pca = finish(landscapeJob(t, run, { mode: '2d-pca', steps: 9, range: 1, seed: 1 }));
    expect(Array.from(run.params()[0]![1].data)).toEqual(before);
    expect(pca.losses.length).toBe(9);
    expect(pca.losses.every((row) => row.length === 9 && row.every(Number.isFinite))).toBe(true);
    expect(pca.path.length).toBe(run.trajectory.length + 2);
    expect(pca.path.at(-1)).toEqual([0, 0]);
    const [e1, e2] = pca.explained!;
    expect(e1!).toBeGreaterThanOrEqual(e2!);
    expect(e2!).toBeGreaterThan(0);
    expect(e1! + e2!).toBeLessThanOrEqual(1 + 1e-12);
    // A square window (the same scale on both axes) around the path, with the margin on the wider axis.
    const span = (xs: number[]) => xs.at(-1)! - xs[0]!;
    expect(span(pca.betas)).toBeCloseTo(span(pca.alphas), 12);
    const extents = [0, 1].map((k) => Math.max(...pca.path.map((p) => p[k]!)) - Math.min(...pca.path.map((p) => p[k]!)));
    expect(Math.max(...extents) / span(pca.alphas)).toBeCloseTo(1 / (1 + 2 * PCA_MARGIN), 12);
    for (const [a, b] of pca.path) {
      expect(a!).toBeGreaterThan(pca.alphas[0]!);
      expect(a!).toBeLessThan(pca.alphas.at(-1)!);
      expect(b!).toBeGreaterThan(pca.betas[0]!);
      expect(b!).toBeLessThan(pca.betas.at(-1)!);
    }
    // On the page's default random slice (range 1) the same path is a small fraction of the frame.
    const random = finish(landscapeJob(t, run, { mode: '2d', steps: 5, range: 1, seed: 1 }));
    const randomExtent = Math.max(...[0, 1].map((k) => Math.max(...random.path.map((p) => p[k]!)) - Math.min(...random.path.map((p) => p[k]!)))) / span(random.alphas);
    console.log(`landscape path extent: principal directions ${(Math.max(...extents) / span(pca.alphas)).toFixed(2)} of the axis (PC1 ${(100 * e1!).toFixed(0)}%, PC2 ${(100 * e2!).toFixed(0)}%), random directions ${randomExtent.toFixed(3)}`);
    expect(randomExtent).toBeLessThan(0.5 * (Math.max(...extents) / span(pca.alphas)));
  }, 60_000);

  it('between two rows of a slice the run has its own weights, and what changed them then is kept', () => {
    const t = new LabTrainer(config((c) => (c.maxSteps = 300)));
    for (let i = 0; i < 100; i++) stepAndMeasure(t);
    const run = t.runs[0]!;
    const weights = () => run.params().map(([, p]) => Array.from(p.data));
    const job = landscapeJob(t, run, { mode: '2d', steps: 5, range: 0.5, seed: 3 });
    const before = weights();
    job.next();
    // The worker steps the runs between rows (the lab keeps training while a slice is computed).
    expect(weights()).toEqual(before);
    stepAndMeasure(t);
    const trained = weights();
    expect(trained).not.toEqual(before);
    for (;;) if (job.next().done) break;
    expect(weights()).toEqual(trained);
  }, 60_000);
});

describe('network lab: every option trains', () => {
  it('every optimizer of the registry (but Newton) runs 30 steps without error', () => {
    for (const name of optimizerNames().filter((n) => n !== 'newton')) {
      const t = new LabTrainer(config((c) => {
        c.runs = [{ optimizer: name, options: labDefaults(name) }];
        c.maxSteps = 30;
        c.data.samples = 100;
      }));
      trainToEnd(t);
      expect(t.runs[0]!.stopNote, name).not.toMatch(/error/i);
      expect(t.runs[0]!.stopped, name).toMatch(/step cap|diverged/);
    }
  }, 60_000);

  it('batch norm, layer norm, dropout, the hinge and MSE losses, schedules and SWA all train', () => {
    const variants: Array<(c: LabConfig) => void> = [
      (c) => (c.model.norm = 'batch'),
      (c) => (c.model.norm = 'layer'),
      (c) => (c.model.dropout = 0.2),
      (c) => (c.loss = 'hinge'),
      (c) => (c.loss = 'mse'),
      (c) => (c.schedule = 'cosine'),
      (c) => (c.schedule = 'exponential'),
      (c) => (c.schedule = 'step'),
      (c) => (c.averaging = 'swa'),
      (c) => (c.weightDecay = 1e-3),
      (c) => (c.features = ['x', 'y', 'x2', 'y2', 'xy', 'sinx', 'siny']),
      (c) => ((c.model.hidden = []), (c.model.activations = [])),
    ];
    for (const [i, patch] of variants.entries()) {
      const t = new LabTrainer(config((c) => {
        c.maxSteps = 200;
        c.data = { dataset: 'moons', samples: 200, noise: 0.05, heldOut: 0.3, seed: 1 };
        patch(c);
      }), { metricsEvery: 50 });
      trainToEnd(t);
      const run = t.runs[0]!;
      expect(run.stopped, `variant ${i}: ${run.stopNote}`).toBe('step cap');
      expect(run.history.at(-1)!.trainLoss, `variant ${i}`).toBeLessThan(run.history[0]!.trainLoss);
    }
  }, 60_000);
});

describe('network lab run history on the page', () => {
  it('appends the points the worker sends, replaces a re-sent last point, and thins a long curve to at most MAX_POINTS', () => {
    const pts = (steps: number[], v = 1) => steps.map((step) => ({ step, v }));
    const curve = appendPoints(pts([0, 10, 20]), pts([20, 30], 2), true);
    expect(curve.map((p) => [p.step, p.v])).toEqual([[0, 1], [10, 1], [20, 2], [30, 2]]);
    // Sharpness measurements at the same step are both kept.
    expect(appendPoints(pts([0, 50]), pts([50]), false)).toHaveLength(3);
    const long: Array<{ step: number; v: number }> = [];
    for (let k = 0; k <= 100_000; k += 10) appendPoints(long, pts([k]), true, 1000);
    expect(long.length).toBeLessThanOrEqual(1000);
    expect(long.length).toBeGreaterThanOrEqual(500);
    expect(long[0]!.step).toBe(0);
    expect(long[long.length - 1]!.step).toBe(100_000);
    const steps = long.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('merging frames of deltas rebuilds the trainer\'s whole history', () => {
    const t = new LabTrainer(config((c) => { c.maxSteps = 300; }), { metricsEvery: 10, sharpnessEvery: 50 });
    const run = t.runs[0]!;
    let merged: RunFrame | undefined;
    let sent = { history: 0, sharpness: 0 };
    while (t.live) {
      for (let k = 0; k < 37 && t.live; k++) stepAndMeasure(t);
      const frame = { history: run.history.slice(Math.max(0, sent.history - 1)), sharpness: run.sharpness.slice(sent.sharpness) } as RunFrame;
      sent = { history: run.history.length, sharpness: run.sharpness.length };
      merged = mergeRun(merged, frame);
    }
    expect(merged!.history).toEqual(run.history);
    expect(merged!.sharpness).toEqual(run.sharpness);
  });
});

describe('network lab chart series', () => {
  it('a diverged run sets no axis range and loses its averaged curve; averaged curves are named "EMA of <run>" in the run\'s colour family', () => {
    const state = decodeLabState('dataset=moons&loss=mse&o=sgd:learningRate=20&o=adam&o=sgd:learningRate=0.5&batch=0&speed=0&play=1&avg=ema&steps=200');
    const t = new LabTrainer(state.config, { metricsEvery: 10 });
    trainToEnd(t);
    expect(t.runs[0]!.stopped).toBe('diverged');
    const frames = t.runs.map((r) => ({ optimizer: r.spec.optimizer, stopped: r.stopped, history: r.history, sharpness: r.sharpness, learningRate: r.learningRate }) as RunFrame);
    const labels = ['SGD η 20', 'Adam', 'SGD η 0.5'];
    const { loss, error } = labSeries(frames, labels, 'ema');
    // SGD at η 20 and at η 0.5 both blow up on full-batch MSE here; Adam does not.
    expect(t.runs.map((r) => r.stopped)).toEqual(['diverged', 'step cap', 'diverged']);
    for (const s of [...loss, ...error]) expect(s.diverged, s.label).toBe(s.label.includes('SGD') ? true : undefined);
    // Both curves of a diverged run get a ✕ (a note), grouped so the chart writes one label per run.
    expect(loss.filter((s) => s.note === 'diverged').map((s) => s.noteGroup)).toEqual(['SGD η 20', 'SGD η 20', 'SGD η 0.5', 'SGD η 0.5']);
    // What sets the axis: only the runs that did not diverge, all below the initial loss scale.
    const ranged = loss.filter((s) => !s.diverged).flatMap((s) => Array.from(s.ys));
    expect(Math.max(...ranged)).toBeLessThan(10);
    expect(loss.map((s) => s.label).filter((l) => l.startsWith('EMA'))).toEqual(['EMA of Adam, held-out']);
    expect(loss.find((s) => s.label === 'EMA of Adam, held-out')!.colour).toBe(tint(seriesColour(1), 0.5));
  });
});

describe('network lab readout text', () => {
  it('a race names each run in the headline; one run keeps the short form', () => {
    const run = (optimizer: string, testError: number, stopped: RunFrame['stopped'] = null) => ({ optimizer, stopped, history: [{ step: 10, trainLoss: 1, testLoss: 1, trainError: 0, testError }] }) as unknown as RunFrame;
    expect(headline([run('sgd', 0.08)], ['SGD'], false)).toBe('held-out accuracy 92.0%');
    expect(headline([run('sgd', 0.08), run('adam', 0.025), run('sgd', 0.5, 'diverged')], ['SGD', 'Adam', 'SGD η 20'], false)).toBe('held-out accuracy: SGD 92.0% · Adam 97.5% · SGD η 20 diverged');
    expect(headline([run('sgd', 0.0576), run('adam', 0.1)], ['SGD', 'Adam'], true)).toBe('held-out RMSE: SGD 0.05760 · Adam 0.1000');
  });

  it('stop notes use the page\'s number formats', () => {
    const state = decodeLabState('dataset=moons&loss=mse&o=sgd:learningRate=20&o=adam&batch=0&steps=4000');
    const t = new LabTrainer(state.config, { metricsEvery: 100 });
    trainToEnd(t);
    expect(t.runs[0]!.stopNote).toMatch(/^diverged at step \d+ \(loss [\d.]+×10[⁰¹²³⁴⁵⁶⁷⁸⁹]+\)$/);
    expect(t.runs[1]!.stopNote).toBe('stopped at the step cap, 4\u2009000 steps');
  });
});

describe('network lab run names and hints', () => {
  it('η is shown against the lab\'s default rate, the same way for every optimizer', () => {
    const runs = decodeLabState('o=sgd:learningRate=0.1&o=adam&o=rmsprop&o=sgd:learningRate=0.05,momentum=0.9').config.runs;
    expect(labRunLabels(runs)).toEqual(['SGD, η 0.1', 'Adam', 'RMSprop', 'SGD, momentum 0.9, η 0.05']);
    expect(labRunLabels(decodeLabState('o=adam&o=adam').config.runs)).toEqual(['Adam (1)', 'Adam (2)']);
  });

  it('L-BFGS with mini-batches gets a hint to use the full batch', () => {
    const mini = decodeLabState('o=adam&o=lbfgs&batch=32').config;
    expect(fullBatchNote(mini)).toMatch(/^L-BFGS needs the full-batch loss.*Set batch to 0/);
    expect(fullBatchNote(decodeLabState('o=adam&o=lbfgs&batch=0').config)).toBeNull();
    expect(fullBatchNote(decodeLabState('o=adam&batch=32').config)).toBeNull();
  });
});

describe('network lab sharpness caption', () => {
  it('promises λmax → 2/η only for full-batch gradient descent; for Adam it names the preconditioned Hessian and points to the preset', () => {
    const gd = sharpnessCaption(decodeLabState('dataset=spirals&o=sgd:learningRate=0.3&batch=0').config);
    expect(gd.text).toContain('drives λmax up to 2/η and hovers there');
    expect(gd.showPreset).toBe(false);
    const adam = sharpnessCaption(defaultConfig());
    expect(adam.text).not.toContain('hovers there');
    expect(adam.text).toContain('preconditioned Hessian (Cohen et al., 2022)');
    expect(adam.showPreset).toBe(true);
  });

  it('labels the dashed line with its value', () => {
    const frame = { optimizer: 'sgd', stopped: null, history: [], sharpness: [{ step: 25, lambda: 1, learningRate: 0.3 }], learningRate: 0.3 } as unknown as RunFrame;
    expect(labSeries([frame], ['SGD'], 'none').sharpness.map((s) => s.label)).toEqual(['SGD: λmax', 'SGD: 2/η = 6.667']);
    // The dashed 2/η line carries its value on the chart too, not only in the legend.
    expect(labSeries([frame], ['SGD'], 'none').sharpness.map((s) => s.tag)).toEqual([undefined, '2/η = 6.667']);
  });
});

describe('network lab landscape at step 0', () => {
  it('"now → initial weights" before any step says to train first', () => {
    const t = new LabTrainer(defaultConfig());
    expect(() => landscapeJob(t, t.runs[0]!, { mode: '1d-init', steps: 9, range: 1, seed: 1 }).next()).toThrow(/^train first/);
  });

  it('principal directions need a trajectory spanning a plane: "train first" at step 0 and after one step', () => {
    // A snapshot every 3 steps (the trainer keeps about 100 over the step cap).
    const t = new LabTrainer(config((c) => (c.maxSteps = 300)));
    expect(() => landscapeJob(t, t.runs[0]!, { mode: '2d-pca', steps: 9, range: 1, seed: 1 }).next()).toThrow(/^train first: the weights are still the initial weights/);
    stepAndMeasure(t);
    // The initial and the current weights: one line.
    expect(() => landscapeJob(t, t.runs[0]!, { mode: '2d-pca', steps: 9, range: 1, seed: 1 }).next()).toThrow('train first: the trajectory so far is 2 points on one line (the initial weights, a snapshot every 3 steps, the current weights), so it has no second principal direction yet');
    for (let i = 0; i < 3; i++) stepAndMeasure(t);
    // The initial weights, the snapshot at step 3 and the current weights (step 4): a plane.
    expect(landscapeJob(t, t.runs[0]!, { mode: '2d-pca', steps: 5, range: 1, seed: 1 }).next().value).toEqual({ done: 1, total: 5 });
  });
});

describe('network lab decision boundary line', () => {
  it('marching squares puts the 0.5 crossing where linear interpolation says, as one connected line', () => {
    const g = 4;
    // Output rising along x: 0, 1/3, 2/3, 1 → crosses 0.5 at column 1.5 in every row.
    const grid = Float32Array.from({ length: g * g }, (_, k) => (k % g) / (g - 1));
    const segs = contourSegments(grid, g);
    expect(segs).toHaveLength(g - 1);
    for (const [x0, , x1] of segs) {
      expect(x0).toBeCloseTo(1.5, 6);
      expect(x1).toBeCloseTo(1.5, 6);
    }
    expect(segs.map((s) => [Math.min(s[1], s[3]), Math.max(s[1], s[3])])).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(contourSegments(new Float32Array(g * g).fill(0.9), g)).toEqual([]);
  });
});
