/**
 * What LambdaLR and MultiplicativeLR share: their options (a base rate and a user-given factor of the
 * step, as a function or as the text of a Python lambda) and how the factor is read and checked.
 * They differ only in what the factor multiplies: the base rate (LambdaLR) or the rate in force
 * (MultiplicativeLR).
 */
import type { HyperParameterSpec } from '../registry/spec.js';
import { parseLambda } from './lambda-expression.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';

/** Options of {@link lambdaLR} and {@link multiplicativeLR}. */
export interface LambdaFactorOptions {
  /** The base learning rate η₀. Required. */
  learningRate: number;
  /**
   * The factor λ(k): a function, or the text of a Python lambda such as
   * `'lambda k: 1.0 / (1.0 + c * k)'` (parsed safely, never evaluated; see {@link parseLambda}).
   * LambdaLR multiplies η₀ by λ(k); MultiplicativeLR multiplies the rate in force by λ(k) at every
   * step k ≥ 1.
   */
  lrLambda: ((step: number) => number) | string;
  /** Named constants the lambda text may use, e.g. `{ c: 1 }`. */
  constants?: Readonly<Record<string, number>>;
}

/** Hyper-parameters of {@link lambdaLR} and {@link multiplicativeLR} (besides `lrLambda` and `constants`). */
export const lambdaFactorHyperParameters: readonly HyperParameterSpec[] = [LEARNING_RATE_SPEC];

/**
 * Validates the options of `owner` (LambdaLR or MultiplicativeLR) and returns the base rate and the
 * factor function. The factor throws, naming `owner` and the step, when it is not a finite number.
 */
export function readLambdaFactor(owner: string, options: LambdaFactorOptions): { learningRate: number; factor: (k: number) => number } {
  const o = readScheduleOptions(owner, lambdaFactorHyperParameters, options, ['learningRate', 'lrLambda'], ['lrLambda', 'constants']);
  return { learningRate: o.learningRate, factor: lambdaFactor(owner, 'lrLambda', o.lrLambda, o.constants) };
}

/**
 * The factor function: `given` is a function or the text of a Python lambda (parsed with
 * `constants`, see {@link parseLambda}). The result throws, naming `owner` and the step, when the
 * factor is not a finite number.
 */
function lambdaFactor(owner: string, name: string, given: unknown, constants: unknown = {}): (k: number) => number {
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
