/**
 * Finite-difference gradient checking: compares the autograd gradient of
 * s(inputs) = Σ fn(inputs) ⊙ v (v a fixed random weighting) with central differences
 * (s(x + h e_i) − s(x − h e_i)) / 2h, one input element at a time. Use float64 inputs.
 */
import { Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../tensor/shape.js';
import { grad } from './backward.js';
import { noGrad } from './grad-mode.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Allowed |analytic − numeric| is atol + rtol·|numeric| (defaults 1e-6 and 1e-4). */
  atol?: number;
  rtol?: number;
  /** Seed of the random output weighting v. */
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytic − numeric| / (atol + rtol·|numeric|) seen; ≤ 1 passes. */
  worstRatio: number;
  /** Where the worst disagreement was, e.g. `input 1 [2,3] element 4: analytic 0.5, numeric 0.49`. */
  worst: string;
}

/**
 * Checks the gradients of `fn` with respect to every input that requires a gradient.
 *
 * @example
 * const x = randn([3, 4], { dtype: 'float64' }).requireGrad();
 * gradcheck((x) => x.tanh(), [x]).ok  // true
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-6;
  const rtol = options.rtol ?? 1e-4;
  const random = new Random(options.seed ?? 0);
  const out0 = fn(...inputs);
  const weights = new Tensor(Float64Array.from({ length: out0.size }, () => random.uniformIn(-1, 1)), out0.shape);
  const scalar = (t: Tensor): number => {
    let s = 0;
    for (let i = 0; i < t.size; i++) s += t.data[i]! * weights.data[i]!;
    return s;
  };
  const differentiable = inputs.filter((t) => t.requiresGrad);
  const analytic = grad(out0.mul(weights.to(out0.dtype)).sum(), differentiable, { allowUnused: true });
  let worstRatio = 0;
  let worst = '';
  differentiable.forEach((x, k) => {
    const index = inputs.indexOf(x);
    for (let i = 0; i < x.size; i++) {
      const original = x.data[i]!;
      const numeric = noGrad(() => {
        x.data[i] = original + eps;
        const plus = scalar(fn(...inputs));
        x.data[i] = original - eps;
        const minus = scalar(fn(...inputs));
        x.data[i] = original;
        return (plus - minus) / (2 * eps);
      });
      const a = analytic[k]!.data[i]!;
      const ratio = Math.abs(a - numeric) / (atol + rtol * Math.abs(numeric));
      if (!(ratio <= worstRatio)) {
        worstRatio = Number.isNaN(ratio) ? Infinity : ratio;
        worst = `input ${index} ${formatShape(x.shape)} element ${i}: analytic ${a}, numeric ${numeric}`;
      }
    }
  });
  return { ok: worstRatio <= 1, worstRatio, worst };
}
