/**
 * What the Adam family (Adam, AdamW, Adamax, NAdam, RAdam) shares: the options every member takes, and
 * the moment estimates most of them keep per parameter.
 */
import type { FloatArray } from '../types.js';
import type { BetasOptions, StepState } from './specs.js';

/** Options of every Adam-family optimizer. `betas: [β1, β2]` is accepted as PyTorch's spelling of beta1/beta2. */
export interface AdamFamilyOptions extends BetasOptions {
  /** η; default 1e-3 (Adam, AdamW, RAdam) or 2e-3 (Adamax, NAdam). */
  learningRate?: number;
  /** ε, default 1e-8 (Adamax: inside the max, as in PyTorch). */
  eps?: number;
  /** λ, default 0: added to the gradient as λ·p (L2), unless the optimizer decouples it (AdamW). */
  weightDecay?: number;
  /** Ascend instead of descend; default false. */
  maximize?: boolean;
}

/** Per-parameter state of Adam, NAdam and RAdam: the step count and the two moment estimates. */
export interface MomentState extends StepState {
  /** m, first-moment estimate (exponential average of g). */
  m: FloatArray;
  /** v, second-moment estimate (exponential average of g²). */
  v: FloatArray;
}
