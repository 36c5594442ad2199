/**
 * An optimizer is one definition: its hyper-parameters (with specs), its per-parameter state, and
 * `step`, ONE pass over a parameter that reads p, g and the state and writes the state and `out`.
 * Everything else comes from the definition without per-optimizer code (src/optim/defined-optimizer.ts:
 * the PyTorch-style class with groups and state dict; {@link transformationOf}: the Optax-style pure
 * transformation; src/optim/registry.ts: the registry entry, hence CLI flags, sliders and the pure
 * stepper of the playground). See ARCHITECTURE.md.
 *
 * The same `step` serves both paths:
 * - the class's in-place `step()` passes `out = p`, so `p[i] = p[i] + u`;
 * - the pure `update()` passes a zeroed Float64Array `out`, so `out[i] = u`, and `applyUpdates`
 *   later computes the same `p[i] + u`: both paths give the same bits, in float32 and float64.
 *
 * A step must therefore read `p[i]` before it writes `out[i]`, and never write `p` or `g`. Where the
 * backend has the same loop as a kernel (the wasm backend's float32 SIMD updates), the step hands the
 * whole pass to it by name — `if (runUpdateKernel('adam', variant, out, arrays, scalars)) return;` —
 * with the arrays and scalars named as in the kernel table (src/backend/update-kernels.ts).
 */
import { backend, type UpdateArrays, type UpdateKernelName, type UpdateScalars, type UpdateVariant } from '../backend/index.js';
import type { HyperParameterSpec } from '../registry/spec.js';
import { resolveOptions } from '../registry/validate.js';
import { rejectPyTorchSpellings } from './aliases.js';
import { cloneState, isFloatArray } from './state.js';
import { checkSameLengths, type GradientTransformation } from './transform.js';
import type { FloatArray } from './types.js';

/** Per-parameter state of an optimizer: step counters, scalars and arrays shaped like p. */
export type ParamState = { [key: string]: number | FloatArray };

/** How big a training problem is, for {@link OptimizerDefinition.recommendedLearningRate}. */
export type ProblemScale = 'small' | 'large';

/** What validating options needs of a definition (shared by every kind of optimizer). */
export interface HyperParameterRules<H extends object> {
  /** The class name, used in messages and state dicts (`Adam`). */
  readonly name: string;
  readonly hyperParameters: readonly HyperParameterSpec[];
  /** Rewrites accepted aliases (e.g. `betas: [b1, b2]` → `beta1`, `beta2`) before validation. */
  normalize?(options: Record<string, unknown>): Record<string, unknown>;
  /** Rules that involve several options (e.g. nesterov needs momentum > 0); throws on violation. */
  check?(h: H): void;
}

/** What the registry shows of an optimizer: its key, a one-line summary, the paper, and advice. */
export interface OptimizerDocs {
  /** The registry key, lower-case as typed on the command line (`adam`, `sgd-schedule-free`). */
  readonly key: string;
  readonly summary: string;
  /** Link to the paper or reference that defines the algorithm. */
  readonly paper: string;
  /** True for the `torch.optim` classes that the parity checker compares with PyTorch. */
  readonly pytorch: boolean;
  /**
   * The learning rate `descent train` and `descent compare` use when none is given, when it should
   * differ from the `learningRate` default (undefined: the default). The defaults stay PyTorch's, for
   * parity, but they suit long runs on large data (Adam's 1e-3) or are placeholders (SGD's 1e-3).
   * `scale` is `small` for a few hundred low-dimensional samples (the synthetic 2-D datasets with the
   * small tanh MLP) and `large` otherwise (MNIST's MLP). `options` are the ones the run sets.
   *
   * Measured (session 3) on `spirals` with batch 32, 120 epochs, a constant rate and 4 seeds —
   * `descent compare --dataset spirals --optimizers <name> --learning-rates <default>,<recommended>
   * --batch-sizes 32 --epochs 120 --seeds 1-4` — every small-problem rate reaches 85–100% held-out
   * accuracy (plain SGD and ASGD 70–88%) where the defaults stay at 37–60%.
   */
  recommendedLearningRate?(options: Readonly<Record<string, unknown>>, scale: ProblemScale): number | undefined;
}

/** The definition of a first-order optimizer; see the module comment for the `step` contract. */
export interface OptimizerDefinition<H extends object, S extends ParamState> extends HyperParameterRules<H>, OptimizerDocs {
  /** Every key the per-parameter state may hold (checked when a state dict is loaded). */
  readonly stateKeys: readonly string[];
  /**
   * Fresh state for parameter `p`. `shape` is the parameter's shape where it is known (the class
   * form); the pure transformations see flat arrays and pass none, so a definition that needs it
   * (Muon's matrices) must treat its absence as a vector.
   */
  init(p: FloatArray, h: H, shape?: readonly number[]): S;
  /** One pass: updates `s` in place and adds the update to `out` (see the module comment). */
  step(p: FloatArray, g: FloatArray, s: S, h: H, out: FloatArray): void;
}

/**
 * Validates `options` against a definition and fills in defaults: unknown names (with the closest
 * valid one), ranges, NaN and infinities, then the definition's cross-option rules.
 */
export function resolveHyper<H extends object>(rules: HyperParameterRules<H>, options: Record<string, unknown> = {}): H {
  rejectPyTorchSpellings(rules.name, options, rules.hyperParameters.map((s) => s.name));
  const normalized = rules.normalize ? rules.normalize(options) : options;
  const h = resolveOptions(rules.name, rules.hyperParameters, normalized) as H;
  rules.check?.(h);
  return h;
}

/**
 * Moves `betas: [beta1, beta2]` (PyTorch's spelling) into `beta1` / `beta2`. Giving both forms is
 * an error, so a value is never silently ignored.
 */
export function normalizeBetas(owner: string, options: Record<string, unknown>): Record<string, unknown> {
  if (!('betas' in options)) return options;
  const { betas, ...rest } = options;
  if (betas === undefined) return rest;
  if ('beta1' in rest || 'beta2' in rest) throw new Error(`${owner}: give either betas or beta1/beta2, not both`);
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new Error(`${owner}: invalid betas: ${JSON.stringify(betas)} (expected [beta1, beta2])`);
  }
  return { ...rest, beta1: betas[0], beta2: betas[1] };
}

/** The pure state of an optimizer used as a transformation: one {@link ParamState} per array. */
export type OptimizerState<S extends ParamState = ParamState> = S[];

/**
 * The pure (Optax-style) form of a definition with resolved hyper-parameters `h`: `update` clones
 * the state, runs the step into fresh Float64Array updates and leaves params, grads and the old
 * state untouched.
 */
export function transformationWith<H extends object, S extends ParamState>(def: OptimizerDefinition<H, S>, h: H, name = def.name): GradientTransformation<OptimizerState<S>> {
  return {
    name,
    init: (params) => params.map((p) => def.init(p, h)),
    update(grads, state, params) {
      checkSameLengths(name, params, grads);
      if (!Array.isArray(state) || state.length !== params.length) {
        throw new Error(`${name}: state holds ${Array.isArray(state) ? state.length : 'no'} entries for ${params.length} parameter arrays`);
      }
      const next = cloneState(state) as OptimizerState<S>;
      const updates = params.map((p, i) => {
        const out = new Float64Array(p.length);
        def.step(p, grads[i]!, next[i]!, h, out);
        return out;
      });
      return { updates, state: next };
    },
  };
}

/** The pure (Optax-style) form of a definition, with `options` validated as the class validates them. */
export function transformationOf<H extends object, S extends ParamState>(def: OptimizerDefinition<H, S>, options: object = {}): GradientTransformation<OptimizerState<S>> {
  return transformationWith(def, resolveHyper(def, options as Record<string, unknown>));
}

/**
 * The lower-case factory of a named optimizer (`adam(options)`): its pure transformation. Every
 * lower-case optimizer factory returns a {@link GradientTransformation}; the closure-driven ones
 * (LBFGS, Newton, the lecture's Nesterov) have `…Stepper` factories instead.
 */
export function transformationFactory<H extends object, S extends ParamState>(def: OptimizerDefinition<H, S>): (options?: object) => GradientTransformation<OptimizerState<S>> {
  return (options = {}) => transformationOf(def, options);
}

/** A zero-filled array like `p` (same dtype), the usual initial state slot. */
export function slot(p: FloatArray, fill = 0): FloatArray {
  const a = p instanceof Float32Array ? new Float32Array(p.length) : new Float64Array(p.length);
  if (fill !== 0) a.fill(fill);
  return a;
}

/** Returns `s[key]` as an array, creating it (zeros like `p`) when a hyper-parameter change first needs it. */
export function ensureSlot(s: ParamState, key: string, p: FloatArray): FloatArray {
  const v = s[key];
  if (isFloatArray(v)) return v;
  const a = slot(p);
  s[key] = a;
  return a;
}

/**
 * The state with its float32 arrays moved to where the active backend's update kernels work on them
 * in place (the wasm backend's memory), for a float32 parameter long enough to use them. The values
 * and the array type are unchanged; only the copies at every step go away. Used by the class, whose
 * state lives as long as the optimizer (the pure `update` keeps plain arrays).
 */
export function placeState<S extends ParamState>(s: S, p: FloatArray): S {
  const u = backend().updates;
  if (u?.resident === undefined || !(p instanceof Float32Array) || p.length < u.minLength) return s;
  const placed: ParamState = s;
  for (const [k, v] of Object.entries(s)) if (v instanceof Float32Array) placed[k] = u.resident(v);
  return s;
}

/** The arrays of update kernel `K` as a step holds them: p, g and the state arrays, any dtype. */
export type StepArrays<K extends UpdateKernelName> = { [A in keyof UpdateArrays<K>]: A extends 'p' | 'g' ? FloatArray : FloatArray | null };

/**
 * Runs this step's pass as the active backend's update kernel `kind` when it can — an in-place step
 * (`out === p`) on a float32 parameter, gradient and state, long enough to be worth the call — and
 * returns true; false means the step runs its own TypeScript loop, which gives the same bits. The
 * check allocates nothing: it runs for every parameter at every step.
 *
 * @example
 * if (runUpdateKernel('adamax', 'general', out, { p, g, m, u }, { beta1, beta2, eps, negClr, sign, l2 })) return;
 */
export function runUpdateKernel<K extends UpdateKernelName>(kind: K, variant: UpdateVariant<K>, out: FloatArray, arrays: StepArrays<K>, scalars: UpdateScalars<K>): boolean {
  const kernels = backend().updates;
  const all: Record<string, FloatArray | null> = arrays;
  if (kernels === undefined || out !== all.p || !(out instanceof Float32Array) || out.length < kernels.minLength) return false;
  for (const name in all) {
    const a = all[name];
    if (a !== null && !(a instanceof Float32Array)) return false;
  }
  // Every array was just checked to be a Float32Array.
  kernels.update(kind, variant, arrays as UpdateArrays<K>, scalars);
  return true;
}
