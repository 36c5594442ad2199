/**
 * A named optimizer as one fused kernel. Each named optimizer (SGD, Adam, …) is defined by its
 * hyper-parameters, its per-parameter state and a `step` that makes ONE pass over a parameter,
 * reading p, g and the state and writing the state and `out`. The same kernel serves both paths:
 *
 * - the façade's in-place `step()` passes `out = p`, so `p[i] = p[i] + u`;
 * - the pure `update()` passes a zeroed Float64Array `out`, so `out[i] = u`, and `applyUpdates`
 *   later computes the same `p[i] + u`: both paths give the same bits, in float32 and float64.
 *
 * A kernel must therefore read `p[i]` before it writes `out[i]`, and never write `p` or `g`.
 */
import { backend, type UpdateKernels } from '../backend/index.js';
import type { HyperParameterSpec } from '../registry/spec.js';
import { resolveOptions } from '../registry/validate.js';
import { rejectPyTorchSpellings } from './aliases.js';
import { cloneState, isFloatArray } from './state.js';
import { checkSameLengths, type GradientTransformation } from './transform.js';
import type { FloatArray } from './types.js';

/** Per-parameter state of a fused optimizer: step counters, scalars and arrays shaped like p. */
export type ParamState = { [key: string]: number | FloatArray };

/** The definition of a fused optimizer; see the module comment for the `step` contract. */
export interface FusedDefinition<H extends object, S extends ParamState> {
  /** The class name, used in messages and state dicts (`Adam`). */
  readonly name: string;
  readonly hyperParameters: readonly HyperParameterSpec[];
  /** Every key the per-parameter state may hold (checked when a state dict is loaded). */
  readonly stateKeys: readonly string[];
  /** Rewrites accepted aliases (e.g. `betas: [b1, b2]` → `beta1`, `beta2`) before validation. */
  normalize?(options: Record<string, unknown>): Record<string, unknown>;
  /** Rules that involve several options (e.g. nesterov needs momentum > 0); throws on violation. */
  check?(h: H): void;
  /** Fresh state for parameter `p`. */
  init(p: FloatArray, h: H): S;
  /** One fused pass: updates `s` in place and adds the update to `out` (see the module comment). */
  step(p: FloatArray, g: FloatArray, s: S, h: H, out: FloatArray): void;
}

/**
 * Validates `options` against a definition and fills in defaults: unknown names (with the closest
 * valid one), ranges, NaN and infinities, then the definition's cross-option rules.
 */
export function resolveHyper<H extends object>(def: FusedDefinition<H, ParamState>, options: Record<string, unknown> = {}): H {
  rejectPyTorchSpellings(def.name, options, def.hyperParameters.map((s) => s.name));
  const normalized = def.normalize ? def.normalize(options) : options;
  const h = resolveOptions(def.name, def.hyperParameters, normalized) as H;
  def.check?.(h);
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

/** The pure state of a fused optimizer used as a transformation: one {@link ParamState} per array. */
export type FusedState<S extends ParamState = ParamState> = S[];

/**
 * The pure (Optax-style) form of a fused optimizer: `update` clones the state, runs the kernel into
 * fresh Float64Array updates and leaves params, grads and the old state untouched.
 */
export function fusedTransformation<H extends object, S extends ParamState>(
  def: FusedDefinition<H, S>,
  options: Record<string, unknown> = {},
): GradientTransformation<FusedState<S>> {
  const h = resolveHyper(def as unknown as FusedDefinition<H, ParamState>, options);
  return {
    name: def.name,
    init: (params) => params.map((p) => def.init(p, h)),
    update(grads, state, params) {
      checkSameLengths(def.name, params, grads);
      if (!Array.isArray(state) || state.length !== params.length) {
        throw new Error(`${def.name}: state holds ${Array.isArray(state) ? state.length : 'no'} entries for ${params.length} parameter arrays`);
      }
      const next = cloneState(state) as FusedState<S>;
      const updates = params.map((p, i) => {
        const out = new Float64Array(p.length);
        def.step(p, grads[i]!, next[i]!, h, out);
        return out;
      });
      return { updates, state: next };
    },
  };
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
 * The active backend's float32 update kernels (e.g. the wasm backend's SIMD loops), when this step can
 * use them: an in-place step (`out === p`) on a float32 parameter, gradient and state, long enough
 * to be worth the call. They give the same bits as the TypeScript loops, so this only changes speed.
 */
export function float32Updates(p: FloatArray, g: FloatArray, out: FloatArray, ...state: ReadonlyArray<FloatArray | null>): UpdateKernels | null {
  const u = backend().updates;
  if (u === undefined || out !== p || !(p instanceof Float32Array) || !(g instanceof Float32Array) || p.length < u.minLength) return null;
  for (const a of state) if (a !== null && !(a instanceof Float32Array)) return null;
  return u;
}

/**
 * The state with its float32 arrays moved to where the active backend's update kernels work on them in
 * place (the wasm backend's memory), for a float32 parameter long enough to use them. The values and
 * the array type are unchanged; only the copies at every step go away. Used by the façade, whose
 * state lives as long as the optimizer (the pure `update` keeps plain arrays).
 */
export function placeState<S extends ParamState>(s: S, p: FloatArray): S {
  const u = backend().updates;
  if (u?.resident === undefined || !(p instanceof Float32Array) || p.length < u.minLength) return s;
  const placed: ParamState = s;
  for (const [k, v] of Object.entries(s)) if (v instanceof Float32Array) placed[k] = u.resident(v);
  return s;
}
