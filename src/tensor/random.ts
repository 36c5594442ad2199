/**
 * A seeded pseudo-random generator: **xoshiro128\*\*** (Blackman & Vigna, 2018), seeded through
 * **splitmix32**. It uses only 32-bit integer arithmetic (`Math.imul`, shifts), so the same seed gives
 * the same integer stream on every platform and in every browser. Uniform doubles take 53 bits from
 * two outputs. Normal samples use the Box–Muller transform (the spare value is part of the state, so
 * a restored generator continues exactly); they rely on `Math.log`/`Math.cos`, which V8 (Node,
 * Chromium) computes with the same fdlibm port everywhere.
 *
 * The state is plain data (`state()` / `setState()`), so checkpoints can restore it bit for bit.
 *
 * @example
 * const rng = new Random(42);
 * rng.uniform();   // in [0, 1)
 * rng.normal();    // standard normal
 * rng.shuffle([0, 1, 2, 3]);
 */
import { sharedState } from '../platform/shared-state.js';
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The second Box–Muller value, kept for the next `normal()` call. */
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Re-seeds from a number (any finite number; integers up to 2^53 are distinct seeds). */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) throw new Error(`Random: seed must be a finite number, got ${seed}`);
    const lo = Math.trunc(seed) >>> 0;
    const hi = Math.trunc(seed / 4294967296) >>> 0;
    let x = (lo ^ Math.imul(hi, 0x9e3779b1)) | 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    this.spare = null;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform(); // log(0) would be -inf
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * v;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** A uniform integer in [0, n), without modulo bias (n ≤ 2^32). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new Error(`Random.int: n must be an integer in [1, 2^32], got ${n}`);
    // Reject the top partial block so every residue is equally likely.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** The full state as plain data, for checkpoints. */
  state(): RandomState {
    return { algorithm: 'xoshiro128**', s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  /** Restores a state from {@link Random.state}. */
  setState(state: RandomState): void {
    const ok =
      typeof state === 'object' && state !== null && state.algorithm === 'xoshiro128**' && Array.isArray(state.s) && state.s.length === 4 &&
      state.s.every((v) => Number.isInteger(v) && v >= 0 && v < 4294967296) && (state.spare === null || Number.isFinite(state.spare));
    if (!ok) {
      throw new Error(`Random.setState: not a xoshiro128** state: ${JSON.stringify(state)}`);
    }
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((v) => v | 0) as [number, number, number, number];
    this.spare = state.spare;
  }

  /** An independent copy with the same state. */
  clone(): Random {
    const r = new Random(0);
    r.setState(this.state());
    return r;
  }
}

/** Plain-data generator state. */
export interface RandomState {
  algorithm: 'xoshiro128**';
  s: number[];
  spare: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator used when a function is given no explicit one; `manualSeed` resets it. */
// Shared with any other copy of the package in this process (ES module and CommonJS builds).
const defaults = sharedState('default-random', () => ({ random: new Random(0) }));

/** The library-wide default generator. */
export function defaultRandom(): Random {
  return defaults.random;
}

/** Seeds the library-wide default generator (like `torch.manual_seed`). */
export function manualSeed(seed: number): void {
  defaults.random = new Random(seed);
}
