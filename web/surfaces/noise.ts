/**
 * Gradient noise for the Surfaces panel: stochastic gradients g(x) = ∇f(x) + σ·ξ with ξ standard
 * normal in each coordinate (so the noise has variance σ² per coordinate), drawn from a seeded
 * generator, as a mini-batch gradient is a noisy estimate of the full one. With noise on, plain SGD
 * jitters around the minimum while momentum averages the noise out and Adam's step stays about η in
 * size — the lecture's point about SGD vs momentum and Adam, visible on a 2-D map. The loss and the
 * stop rules keep using the exact f and ∇f; only what the optimizer sees is noisy.
 */
import type { VectorObjective } from '../../src/index.js';

/** The noise setting: standard deviation σ ≥ 0 (0: exact gradients) and the generator's seed. */
export interface GradientNoise {
  sigma: number;
  seed: number;
}

/** Exact gradients, seed 1. */
export const NO_NOISE: GradientNoise = { sigma: 0, seed: 1 };

/** Largest σ the page accepts (beyond it every optimizer only wanders). */
export const MAX_SIGMA = 1000;

/**
 * A seeded stream of standard normal numbers: mulberry32 for uniforms, Box–Muller for normals.
 * Small and self-contained so a seed means the same numbers in every browser and in Node.
 */
export function normalStream(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const u = 1 - uniform(); // in (0, 1]: log(u) is finite
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

/**
 * `objective` with noisy gradients of standard deviation `noise.sigma` (its value and Hessian exact).
 * Each call makes a fresh stream from the seed, so each run sees the same noise sequence and a
 * reset replays it. With σ = 0 the objective itself is returned.
 *
 * @example
 * const noisy = noisyObjective(rosenbrock(), { sigma: 2, seed: 7 });
 * new VectorRun(noisy, { optimizer: 'sgd', options: { learningRate: 1e-3 }, start: [-1, 1] });
 */
export function noisyObjective<O extends VectorObjective>(objective: O, noise: GradientNoise): VectorObjective {
  checkNoise(noise);
  if (noise.sigma === 0) return objective;
  const next = normalStream(noise.seed);
  return {
    value: (x) => objective.value(x),
    gradient: (x) => {
      const g = Float64Array.from(objective.gradient(x));
      for (let i = 0; i < g.length; i++) g[i] = g[i]! + noise.sigma * next();
      return g;
    },
    ...(objective.hessian ? { hessian: (x: ArrayLike<number>) => objective.hessian!(x) } : {}),
  };
}

/** Throws naming the problem when σ or the seed is not usable. */
export function checkNoise(noise: GradientNoise): void {
  if (!(noise.sigma >= 0 && noise.sigma <= MAX_SIGMA)) throw new Error(`gradient noise: σ must be in [0, ${MAX_SIGMA}], got ${noise.sigma}`);
  if (!Number.isInteger(noise.seed)) throw new Error(`gradient noise: the seed must be an integer, got ${noise.seed}`);
}

/** The noise setting in a URL query (`noise=0.5&seed=3`); missing or invalid values fall back to no noise, seed 1. */
export function decodeNoise(query: URLSearchParams): GradientNoise {
  const sigma = Number(query.get('noise') ?? 0);
  const seed = Number(query.get('seed') ?? NO_NOISE.seed);
  return {
    sigma: Number.isFinite(sigma) && sigma >= 0 ? Math.min(MAX_SIGMA, sigma) : 0,
    seed: Number.isInteger(seed) ? seed : NO_NOISE.seed,
  };
}

/** Writes the noise setting into `query` (nothing when σ = 0 and the seed is the default, so plain links stay short). */
export function encodeNoise(noise: GradientNoise, query: URLSearchParams): void {
  if (noise.sigma > 0) query.set('noise', String(noise.sigma));
  if (noise.sigma > 0 || noise.seed !== NO_NOISE.seed) query.set('seed', String(noise.seed));
}
