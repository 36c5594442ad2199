/** LambdaLR: the base rate times a user-given factor of the step. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { lambdaFactorHyperParameters, readLambdaFactor, type LambdaFactorOptions } from './lambda-factor.js';
import { closedForm, type Schedule } from './schedule.js';

/** Options of {@link lambdaLR}: the base rate and the factor λ. */
export type LambdaLROptions = LambdaFactorOptions;

/** Hyper-parameters of {@link lambdaLR} (besides `lrLambda` and `constants`). */
export const lambdaLRHyperParameters: readonly HyperParameterSpec[] = lambdaFactorHyperParameters;

/**
 * PyTorch's LambdaLR: `η_k = η₀ · λ(k)`. A non-finite factor is reported as an error.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.LambdaLR.html
 *
 * @example
 * ```ts
 * const s = lambdaLR({ learningRate: 0.1, lrLambda: (k) => 0.95 ** k });
 * const t = lambdaLR({ learningRate: 0.1, lrLambda: 'lambda k: 1.0 / (1.0 + c * k)', constants: { c: 1 } });
 * t.value(1); // 0.05
 * ```
 */
export function lambdaLR(options: LambdaLROptions): Schedule {
  const { learningRate, factor } = readLambdaFactor('LambdaLR', options);
  return closedForm('LambdaLR', (k) => learningRate * factor(k));
}
