/** LambdaLR: the base rate times a user-given factor of the step. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { parseLambda } from './lambda-expression.js';
import { LEARNING_RATE_SPEC, required, resolveScheduleOptions } from './options.js';
import { closedForm, type Schedule } from './schedule.js';

/** Options of {@link lambdaLR}. */
export interface LambdaLROptions {
  /** The base learning rate η₀. Required. */
  learningRate: number;
  /**
   * The factor λ(k): a function, or the text of a Python lambda such as
   * `'lambda k: 1.0 / (1.0 + c * k)'` (parsed safely, never evaluated; see {@link parseLambda}).
   */
  lrLambda: ((step: number) => number) | string;
  /** Named constants the lambda text may use, e.g. `{ c: 1 }`. */
  constants?: Readonly<Record<string, number>>;
}

/** Hyper-parameters of {@link lambdaLR} (besides `lrLambda` and `constants`). */
export const lambdaLRHyperParameters: readonly HyperParameterSpec[] = [LEARNING_RATE_SPEC];

/**
 * PyTorch's LambdaLR: `η_k = η₀ · λ(k)`. A non-finite factor is reported as an error.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.LambdaLR.html
 *
 * @example
 * ```ts
 * const s = lambdaLR({ learningRate: 0.1, lrLambda: (k) => 0.95 ** k });
 * const t = lambdaLR({ learningRate: 0.1, lrLambda: 'lambda k: 1.0 / (1.0 + c * k)', constants: { c: 1 } });
 * t(1); // 0.05
 * ```
 */
export function lambdaLR(options: LambdaLROptions): Schedule {
  const owner = 'LambdaLR';
  const o = resolveScheduleOptions(owner, lambdaLRHyperParameters, options, ['lrLambda', 'constants']);
  const base = required<number>(owner, o, 'learningRate');
  const factor = lambdaFactor(owner, 'lrLambda', required<unknown>(owner, o, 'lrLambda'), o.constants);
  return closedForm(owner, (k) => base * factor(k));
}

/**
 * The factor function of LambdaLR / MultiplicativeLR: `given` is a function or the text of a Python
 * lambda (parsed with `constants`, see {@link parseLambda}). The result throws, naming `owner` and
 * the step, when the factor is not a finite number.
 */
export function lambdaFactor(owner: string, name: string, given: unknown, constants: unknown = {}): (k: number) => number {
  if (typeof constants !== 'object' || constants === null) {
    throw new Error(`${owner}: invalid constants: ${String(constants)} (expected an object of named numbers)`);
  }
  for (const [key, value] of Object.entries(constants)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${owner}: invalid constant ${key}: ${String(value)} (expected a finite number)`);
    }
  }
  let factor: (k: number) => number;
  if (typeof given === 'function') factor = given as (k: number) => number;
  else if (typeof given === 'string') factor = parseLambda(given, constants as Record<string, number>);
  else throw new Error(`${owner}: invalid ${name}: ${String(given)} (expected a function or a lambda string)`);
  return (k) => {
    const f = factor(k);
    if (typeof f !== 'number' || !Number.isFinite(f)) {
      throw new Error(`${owner}: ${name}(${k}) returned ${String(f)} (expected a finite number)`);
    }
    return f;
  };
}
