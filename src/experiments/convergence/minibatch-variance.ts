/** The noise of a mini-batch: variance of the batch loss and gradient falls as 1/b. */
import { DataLoader } from '../../data/data-loader.js';
import type { Dataset } from '../../data/dataset.js';
import { moons } from '../../data/datasets/moons.js';
import { crossEntropy } from '../../losses/cross-entropy.js';
import { Linear } from '../../nn/linear.js';
import { Tanh } from '../../nn/activations.js';
import { Sequential } from '../../nn/sequential.js';
import { Random } from '../../tensor/random.js';
import { slopeStudy } from './slope-study.js';
import { check, type Curve, type ExperimentOptions, type ExperimentResult } from './types.js';

type Model = Sequential;

/** The batch loss and its gradient (flattened over all parameters) on the given rows. */
function lossAndGradient(model: Model, data: Dataset, rows: Int32Array): { loss: number; grad: Float64Array } {
  model.zeroGrad();
  const { x, y } = data.batch(rows);
  const loss = crossEntropy(model.forward(x), y);
  loss.backward();
  const params = model.parameters();
  const grad = new Float64Array(params.reduce((n, p) => n + p.size, 0));
  let at = 0;
  for (const p of params) {
    grad.set(p.grad!.data as ArrayLike<number>, at);
    at += p.size;
  }
  return { loss: loss.item(), grad };
}

const squaredDistance = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
};

/**
 * A small MLP at its initial weights on N two-moons samples. The batch loss is the mean of b
 * per-sample losses drawn without replacement (descent's DataLoader), so
 * Var[L_B] = σ²_ℓ/b · (N − b)/(N − 1) and E‖g_B − g‖² = tr Σ_g/b · (N − b)/(N − 1), with σ²_ℓ and
 * tr Σ_g the per-sample variances (computed exactly from all N samples). The measured variances over
 * many batches are compared with these predictions: slope ≈ −1 on log-log axes.
 *
 * @example
 * minibatchVarianceExperiment({ quick: true }).checks.every((c) => c.pass);
 */
export function minibatchVarianceExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const seed = options.seed ?? 1;
  const data = moons({ samples: 1024, noise: 0.1, seed });
  const n = data.length;
  const random = new Random(seed);
  const model = new Sequential(new Linear(2, 16, { random }), new Tanh(), new Linear(16, 2, { random }));
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const full = lossAndGradient(model, data, all);
  let lossVar = 0;
  let gradVar = 0;
  for (let i = 0; i < n; i++) {
    const one = lossAndGradient(model, data, Int32Array.of(i));
    lossVar += (one.loss - full.loss) ** 2;
    gradVar += squaredDistance(one.grad, full.grad);
  }
  lossVar /= n;
  gradVar /= n;

  const sizes = [1, 2, 4, 8, 16, 32, 64];
  const batches = options.quick ? 160 : 640;
  const measuredLoss: number[] = [];
  const measuredGrad: number[] = [];
  for (const b of sizes) {
    const loader = new DataLoader(data, { batchSize: b, seed: seed + b, dropLast: true });
    let count = 0, sl = 0, sg = 0;
    while (count < batches) {
      for (const batch of loader) {
        const r = lossAndGradient(model, data, batch.indices);
        sl += (r.loss - full.loss) ** 2;
        sg += squaredDistance(r.grad, full.grad);
        if (++count >= batches) break;
      }
    }
    measuredLoss.push(sl / count);
    measuredGrad.push(sg / count);
  }
  const fpc = (b: number): number => (n - b) / (n - 1);
  const predictedLoss = sizes.map((b) => (lossVar / b) * fpc(b));
  const predictedGrad = sizes.map((b) => (gradVar / b) * fpc(b));
  // The predicted slope: −1, bent slightly by the finite-population factor (N − b)/(N − 1).
  const predictedSlope = (values: number[]): number => slopeStudy('', sizes, values, { from: 1, to: 64, logX: true, theorySlope: -1, tolerance: 1, relative: false, basis: '' }).slope;
  const common = { from: 1, to: 64, logX: true, tolerance: 0.1, relative: false, plotPoints: sizes.length };
  const l = slopeStudy('batch loss: Var[L_B]', sizes, measuredLoss, { ...common, theorySlope: predictedSlope(predictedLoss), basis: 'σ²_ℓ/b·(N−b)/(N−1)', label: 'Var[L_B]' });
  const g = slopeStudy('batch gradient: E‖g_B − g‖²', sizes, measuredGrad, { ...common, theorySlope: predictedSlope(predictedGrad), basis: 'tr Σ_g/b·(N−b)/(N−1)', label: 'E‖g_B − g‖²' });
  const geometricRatio = (m: number[], p: number[]): number => 10 ** (m.reduce((s, v, i) => s + Math.log10(v / p[i]!), 0) / m.length);
  const curves: Curve[] = [
    { name: 'batch loss: Var[L_B]', kind: 'measured', points: sizes.map((b, i) => ({ x: b, y: measuredLoss[i]! })) },
    { name: 'batch loss: Var[L_B]', kind: 'theory', points: sizes.map((b, i) => ({ x: b, y: predictedLoss[i]! })) },
    { name: 'batch gradient: E‖g_B − g‖²', kind: 'measured', points: sizes.map((b, i) => ({ x: b, y: measuredGrad[i]! })) },
    { name: 'batch gradient: E‖g_B − g‖²', kind: 'theory', points: sizes.map((b, i) => ({ x: b, y: predictedGrad[i]! })) },
  ];
  return {
    name: 'minibatch-variance',
    title: 'Mini-batch noise: the variance of the batch loss and gradient falls as 1/b',
    description: `An MLP 2-16-2 (tanh) at its initial weights on ${n} two-moons samples; ${batches} batches per size drawn by the DataLoader (without replacement). Prediction: per-sample variance / b × (N − b)/(N − 1) (per-sample loss variance ${lossVar.toExponential(3)}, gradient ${gradVar.toExponential(3)}).`,
    x: { title: 'batch size b (samples)', scale: 'log' },
    y: { title: 'variance over batches', scale: 'log' },
    curves,
    checks: [
      { ...l.check, name: 'mini-batch loss: slope of log10 Var[L_B] per decade of b' },
      { ...g.check, name: 'mini-batch gradient: slope of log10 E‖g_B − g‖² per decade of b' },
      check('mini-batch loss: measured / predicted variance (geometric mean over b)', geometricRatio(measuredLoss, predictedLoss), 1, 0.15, true, 'σ²_ℓ/b·(N−b)/(N−1)'),
      check('mini-batch gradient: measured / predicted variance (geometric mean over b)', geometricRatio(measuredGrad, predictedGrad), 1, 0.15, true, 'tr Σ_g/b·(N−b)/(N−1)'),
    ],
  };
}
