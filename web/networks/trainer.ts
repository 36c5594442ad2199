/**
 * The lab's training: one network per optimizer (two to four in a race), all built from the same
 * seed — the same initial weights — and fed the same mini-batches, trained with descent's own
 * tensors, autograd and optimizers. Runs in the lab's worker, and in Node for the tests.
 */
import { formatCount, formatNumber } from '../format.js';
import { flattenParameters, noGrad, Random, tensor, type Tensor } from '../../src/index.js';
import { configProblem, type LabConfig } from './config.js';
import { makeData, type LabData } from './datasets.js';
import { featurize } from './features.js';
import { labLoss, lossTargets, predictedClass } from './lab-loss.js';
import { writeFlat } from '../../src/analysis/parameters.js';
import { LabRun, type MetricsPoint, type SharpnessPoint } from './lab-run.js';
import { powerIterationSteps } from './sharpness.js';
import { SharpnessQueue, type SharpnessAdvance, type SharpnessJob } from './sharpness-queue.js';

/** Tensors of one split. */
interface Split {
  x: Tensor;
  t: Tensor;
  /** The raw targets (classes 0/1 or values). */
  ys: Float64Array;
  n: number;
}

/** Options of {@link LabTrainer}: how often it records. */
export interface TrainerOptions {
  /** Record train/held-out metrics every this many steps (default 10). */
  metricsEvery?: number;
  /** Measure λmax every this many steps, 0 for never (default 0). */
  sharpnessEvery?: number;
  /** Power-iteration products per measurement (default 20). */
  sharpnessIterations?: number;
}

/** The lab's trainer: data, features, and one {@link LabRun} per optimizer. */
export class LabTrainer {
  readonly config: LabConfig;
  readonly data: LabData;
  readonly inputs: number;
  readonly runs: LabRun[];
  readonly train: Split;
  readonly test: Split;
  private readonly batchRandom: Random;
  private readonly options: Required<TrainerOptions>;
  /** λmax measurements due or asked for and not finished: no run steps until they are. */
  private readonly measurements = new SharpnessQueue();
  step = 0;

  constructor(config: LabConfig, options: TrainerOptions = {}) {
    const problem = configProblem(config);
    if (problem) throw new Error(`network lab: ${problem}`);
    this.config = config;
    this.options = { metricsEvery: options.metricsEvery ?? 10, sharpnessEvery: options.sharpnessEvery ?? 0, sharpnessIterations: options.sharpnessIterations ?? 20 };
    this.data = makeData(config.data);
    this.inputs = config.features.length;
    const regression = this.data.kind === 'regression';
    const split = (s: { xs: Float64Array; ys: Float64Array }): Split => {
      const n = s.ys.length;
      return {
        x: tensor(featurize(s.xs, config.features), { shape: [n, this.inputs] }),
        t: tensor(lossTargets(s.ys, config.loss, regression), { shape: [n, 1] }),
        ys: s.ys,
        n,
      };
    };
    this.train = split(this.data.train);
    this.test = split(this.data.test);
    this.runs = config.runs.map((r) => new LabRun(r, config, this.inputs));
    this.batchRandom = new Random(config.seed + 7919);
    for (const run of this.runs) this.record(run);
  }

  /** Steps between two weight snapshots of a run's trajectory (for the landscape): a hundredth of the step cap. */
  get snapshotEvery(): number {
    return Math.max(1, Math.floor(this.config.maxSteps / 100));
  }

  /** True while some run still trains. */
  get live(): boolean {
    return this.runs.some((r) => r.stopped === null);
  }

  /** The loss of `run`'s network on `x` against `t`, with the weight-decay penalty when `penalty`. */
  loss(run: LabRun, x: Tensor, t: Tensor, penalty = true): Tensor {
    let loss = labLoss(run.net.model.forward(x), t, this.config.loss);
    const wd = this.config.weightDecay;
    if (penalty && wd > 0) {
      for (const linear of run.net.linears) loss = loss.add(linear.weight.square().sum().mul(wd / 2));
    }
    return loss;
  }

  private batch(): { x: Tensor; t: Tensor } {
    const n = this.train.n;
    const b = this.config.batchSize;
    if (b === 0 || b >= n) return { x: this.train.x, t: this.train.t };
    const idx: number[] = [];
    for (let i = 0; i < b; i++) idx.push(this.batchRandom.int(n));
    return { x: this.train.x.indexSelect(0, idx), t: this.train.t.indexSelect(0, idx) };
  }

  /** True while a λmax measurement waits or runs ({@link advanceMeasurement}); no run steps until it ends. */
  get measuring(): boolean {
    return this.measurements.busy;
  }

  /**
   * One step of every live run on the same mini-batch. The λmax measurements due at this step are
   * queued for {@link advanceMeasurement} to compute a product at a time — so the worker answers its
   * messages between products — or for {@link finishMeasurements} to compute at once. A run never
   * steps past a measurement that is not done: measurements still queued are finished first.
   */
  stepAll(): void {
    this.finishMeasurements();
    this.stepLive();
  }

  private stepLive(): void {
    if (!this.live) return;
    const { x, t } = this.batch();
    this.step++;
    for (const run of this.runs) {
      if (run.stopped) continue;
      try {
        this.stepRun(run, x, t);
      } catch (err) {
        run.stopped = 'error';
        run.stopNote = err instanceof Error ? err.message : String(err);
      }
    }
  }

  private stepRun(run: LabRun, x: Tensor, t: Tensor): void {
    run.applySchedule(run.step);
    run.net.model.train();
    const opt = run.optimizer;
    let value = NaN;
    opt.step(() => {
      opt.zeroGrad();
      const loss = this.loss(run, x, t);
      loss.backward();
      value = loss.item();
      return value;
    });
    run.step++;
    this.average(run);
    if (!Number.isFinite(value) || value > 1e6) {
      run.stopped = 'diverged';
      run.stopNote = `diverged at step ${formatCount(run.step)} (loss ${formatNumber(value)})`;
      this.record(run);
      return;
    }
    const every = this.options.metricsEvery;
    if (run.step % every === 0 || run.step >= this.config.maxSteps) this.record(run);
    if (this.options.sharpnessEvery > 0 && run.step % this.options.sharpnessEvery === 0) this.queueSharpness(run);
    if (run.step % this.snapshotEvery === 0 && run.trajectory.length < 200) run.trajectory.push(flattenParameters(run.params()));
    if (run.step >= this.config.maxSteps) {
      run.stopped = 'step cap';
      run.stopNote = `stopped at the step cap, ${formatCount(run.step)} steps`;
    }
  }

  private average(run: LabRun): void {
    const mode = this.config.averaging;
    if (mode === 'none') return;
    if (mode === 'swa' && run.step < this.config.maxSteps / 2) return;
    const w = flattenParameters(run.params());
    if (!run.averaged) {
      run.averaged = w;
      run.averagedCount = 1;
      return;
    }
    run.averagedCount++;
    const a = mode === 'ema' ? 0.01 : 1 / run.averagedCount;
    for (let i = 0; i < w.length; i++) run.averaged[i]! += a * (w[i]! - run.averaged[i]!);
  }

  /** Loss and error of `run`'s current weights on a split (eval mode, no penalty). */
  evaluate(run: LabRun, split: Split): { loss: number; error: number } {
    if (split.n === 0) return { loss: NaN, error: NaN };
    return noGrad(() => {
      run.net.model.eval();
      const f = run.net.model.forward(split.x);
      const loss = labLoss(f, split.t, this.config.loss).item();
      const out = f.data;
      let err = 0;
      if (this.data.kind === 'regression') {
        for (let i = 0; i < split.n; i++) err += (out[i]! - split.ys[i]!) ** 2;
        return { loss, error: Math.sqrt(err / split.n) };
      }
      for (let i = 0; i < split.n; i++) if (predictedClass(out[i]!) !== (split.ys[i]! > 0.5 ? 1 : 0)) err++;
      return { loss, error: err / split.n };
    });
  }

  /** Runs `fn` with `run`'s weights temporarily replaced by `flat`. */
  withWeights<T>(run: LabRun, flat: Float64Array, fn: () => T): T {
    const params = run.params().map(([, p]) => p);
    const saved = params.map((p) => p.data.slice());
    writeFlat(params, flat);
    try {
      return fn();
    } finally {
      params.forEach((p, i) => p.data.set(saved[i]!));
    }
  }

  private record(run: LabRun): void {
    const tr = this.evaluate(run, this.train);
    const te = this.evaluate(run, this.test);
    const point: MetricsPoint = { step: run.step, trainLoss: tr.loss, testLoss: te.loss, trainError: tr.error, testError: te.error };
    if (run.averaged) {
      const av = this.withWeights(run, run.averaged, () => this.evaluate(run, this.test));
      point.averagedTestLoss = av.loss;
      point.averagedTestError = av.error;
    }
    const last = run.history[run.history.length - 1];
    if (last && last.step === point.step) run.history[run.history.length - 1] = point;
    else run.history.push(point);
  }

  /** λmax of the full training loss at `run`'s current weights (eval mode), recorded with the rate in force. */
  measureSharpness(run: LabRun, iterations = this.options.sharpnessIterations): SharpnessPoint {
    const job = this.sharpnessJob(run, iterations);
    for (;;) {
      const next = job.next();
      if (next.done) return next.value;
    }
  }

  /**
   * Queues a measurement of λmax at `run`'s current weights (as {@link measureSharpness}), after
   * those already queued; {@link advanceMeasurement} computes it. `run` does not step until it is done.
   */
  queueSharpness(run: LabRun, iterations = this.options.sharpnessIterations): void {
    this.measurements.add(run, this.sharpnessJob(run, iterations));
  }

  /**
   * One piece of the oldest queued measurement — building its operator, or one Hessian-vector
   * product — or its recording after its last product. A measurement that fails stops its run
   * with the error, as a failing step does.
   */
  advanceMeasurement(): SharpnessAdvance {
    const done = this.measurements.advance();
    if (done.kind === 'failed') {
      done.run.stopped = 'error';
      done.run.stopNote = done.message;
    }
    return done;
  }

  /** Computes every queued measurement now: for callers with no messages to answer between products (tests, scripts). */
  finishMeasurements(): void {
    while (this.measurements.busy) this.advanceMeasurement();
  }

  /** The step and rate are read now, when the measurement is due; the products run on the later `next()` calls. */
  private sharpnessJob(run: LabRun, iterations: number): SharpnessJob {
    const step = run.step;
    const learningRate = run.learningRate;
    const lossFn = (): Tensor => this.loss(run, this.train.x, this.train.t);
    return (function* (): SharpnessJob {
      run.net.model.eval();
      const { lambda } = yield* powerIterationSteps(lossFn, run.params(), { iterations, tol: 1e-4, seed: step });
      const point: SharpnessPoint = { step, lambda, learningRate };
      run.sharpness.push(point);
      return point;
    })();
  }

  /**
   * The output f of `run`'s network at the points `xs` (flat [x, y] pairs), and each hidden layer's
   * outputs there (layer → unit → values).
   */
  outputsAt(run: LabRun, xs: Float64Array): { output: Float64Array; layers: Float64Array[][] } {
    const n = xs.length / 2;
    return noGrad(() => {
      run.net.model.eval();
      let h: Tensor = tensor(featurize(xs, this.config.features), { shape: [n, this.inputs] });
      const layers: Float64Array[][] = [];
      const blocks = run.net.blocks;
      for (let b = 0; b < blocks.length; b++) {
        for (const m of blocks[b]!) h = m.forward(h);
        if (b < blocks.length - 1) {
          const width = h.shape[1]!;
          const data = h.data;
          const units: Float64Array[] = [];
          for (let u = 0; u < width; u++) {
            const values = new Float64Array(n);
            for (let i = 0; i < n; i++) values[i] = data[i * width + u]!;
            units.push(values);
          }
          layers.push(units);
        }
      }
      return { output: Float64Array.from(h.data), layers };
    });
  }
}
