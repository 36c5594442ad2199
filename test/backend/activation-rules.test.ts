/**
 * The activation table (src/backend/activation-rules.ts): each of the eight rules' derivative against
 * central finite differences of its own forward in float64, its forward against the JS unary kernel
 * bit for bit, the derivative on tensors against the derivative on rounded numbers bit for bit, the
 * fusable set; the generated AssemblyScript (op codes from src/backend/wasm/codes.ts, the fused
 * kernels' derivatives from the table) against the TypeScript; and `withJsFallback`'s dispatch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_RULES, ACTIVATIONS, activationCode, float32Arithmetic as float32, float64Arithmetic as float64, fusable, type Activation } from '../../src/backend/activation-rules.js';
import { backend, setBackend } from '../../src/backend/index.js';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import * as codes from '../../src/backend/wasm/codes.js';
import { allFloat32, withJsFallback } from '../../src/backend/wasm/js-fallback.js';
import { activationDerivative } from '../../src/ops/activations.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assemblyActivationsSource } from '../../scripts/assembly-activations.js';
import { assemblyCodesSource } from '../../scripts/assembly-codes.js';

const SLOPES = [0.01, 0.2, 0, 1.5, -0.5];
const root = new URL('../../', import.meta.url);
const EVERY = Object.keys(ACTIVATION_RULES) as Activation[];

/** Parameter pairs [p0, p1] to check each activation with. */
const PARAMS: Record<Activation, Array<[number, number]>> = {
  relu: [[0, 0]],
  leakyRelu: SLOPES.map((s): [number, number] => [s, 0]),
  sigmoid: [[0, 0]],
  tanh: [[0, 0]],
  elu: [[1, 0], [0.5, 0], [2, 0]],
  softplus: [[1, 20], [2, 5], [0.5, 1]],
  gelu: [[0, 0]],
  silu: [[0, 0]],
};

/** act'(z) by the rule, reading the output or the input as its `from` says. */
function derivativeAt(act: Activation, z: number, p0: number, p1: number): number {
  const rule = ACTIVATION_RULES[act];
  return rule.derivative(rule.from === 'output' ? rule.forward(z, p0, p1) : z, p0, p1, float64);
}

describe('the activation table', () => {
  it('has a row per activation op, each under its own unary kernel; the fusable four have wasm codes', () => {
    expect([...EVERY].sort()).toEqual(['elu', 'gelu', 'leakyRelu', 'relu', 'sigmoid', 'silu', 'softplus', 'tanh']);
    for (const act of EVERY) expect(ACTIVATION_RULES[act].kernel).toBe(act);
    expect([...ACTIVATIONS].sort()).toEqual(['leakyRelu', 'relu', 'sigmoid', 'tanh']);
    for (const act of ACTIVATIONS) expect(activationCode(act)).toBe(codes.UNARY_CODES[act]);
  });

  it('every derivative equals the central finite difference of its forward in float64 (away from the kinks)', () => {
    for (const act of EVERY) {
      const rule = ACTIVATION_RULES[act];
      for (const [p0, p1] of PARAMS[act]) {
        const kinks = act === 'softplus' ? [0, p1 / p0] : [0];
        const z = fc.double({ min: -6, max: 6, noNaN: true }).filter((v) => kinks.every((k) => Math.abs(v - k) > 1e-3));
        fc.assert(fc.property(z, (v) => {
          const h = 1e-6;
          const numeric = (rule.forward(v + h, p0, p1) - rule.forward(v - h, p0, p1)) / (2 * h);
          const analytic = derivativeAt(act, v, p0, p1);
          expect(Math.abs(analytic - numeric), `${act}'(${v}) with ${p0}, ${p1}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(numeric)));
        }), { numRuns: 200 });
      }
    }
  });

  it("follows PyTorch at the kinks: relu'(0) = 0, leakyRelu'(0) = slope, elu'(0) = α, softplus' = σ(threshold) at βz = threshold", () => {
    expect(derivativeAt('relu', 0, 0, 0)).toBe(0);
    expect(derivativeAt('relu', -0, 0, 0)).toBe(0);
    for (const [slope] of PARAMS.leakyRelu) expect(derivativeAt('leakyRelu', 0, slope, 0)).toBe(slope);
    for (const [alpha] of PARAMS.elu) expect(derivativeAt('elu', 0, alpha, 0)).toBe(alpha);
    expect(derivativeAt('softplus', 2.5, 2, 5)).toBe(1 / (1 + Math.exp(-5)));
    expect(derivativeAt('softplus', 2.5 + 1e-9, 2, 5)).toBe(1);
  });

  it('computes each forward as the JS unary kernel of the same name does, bit for bit, in float64 and float32', () => {
    const values = [0, -0, 1e-30, -1e-30, 0.5, -0.5, 3, -3, 20, -20, 100, -100, 1e-8, Infinity, -Infinity, NaN];
    for (const act of EVERY) {
      for (const [p0, p1] of PARAMS[act]) {
        for (const dtype of ['float64', 'float32'] as const) {
          const x = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
          const kernel = dtype === 'float64' ? new Float64Array(x.length) : new Float32Array(x.length);
          const table = dtype === 'float64' ? new Float64Array(x.length) : new Float32Array(x.length);
          jsBackend.unary(ACTIVATION_RULES[act].kernel, x, kernel, p0, p1);
          x.forEach((v, i) => { table[i] = ACTIVATION_RULES[act].forward(v, p0, p1); });
          expect(Array.from(table), `${act} ${dtype} (${p0}, ${p1})`).toEqual(Array.from(kernel));
        }
      }
    }
  });

  it('gives the same bits on float32 tensors (the VJP ops) as on numbers rounded to float32 (the fused JS kernel)', () => {
    const previous = backend().name;
    setBackend('js');
    try {
      const vs = Float32Array.from([0, -0, 0.25, 0.5, 0.999, -0.7, 1e-5, 3, -3, 2.5, 30, -30, NaN]);
      for (const act of EVERY) {
        for (const [p0, p1] of PARAMS[act]) {
          const onTensor = activationDerivative(new Tensor(vs, [vs.length]), act, p0, p1).data;
          const onNumbers = Float32Array.from(vs, (v) => ACTIVATION_RULES[act].derivative(v, p0, p1, float32));
          expect(Array.from(onTensor), `${act} (${p0}, ${p1})`).toEqual(Array.from(onNumbers));
        }
      }
    } finally {
      setBackend(previous);
    }
  });

  it('says an activation is fusable exactly when its derivative is the same function of the output', () => {
    const zs = [-3, -1, -1e-3, 0, 1e-3, 1, 3];
    for (const act of EVERY) {
      const rule = ACTIVATION_RULES[act];
      for (const [p0, p1] of PARAMS[act]) {
        const agrees = zs.every((z) => Object.is(rule.derivative(rule.forward(z, p0, p1), p0, p1, float64), derivativeAt(act, z, p0, p1)));
        expect(rule.fromOutput(p0), `${act} (${p0}, ${p1})`).toBe(agrees);
      }
    }
    for (const act of ACTIVATIONS) expect(fusable(act, 0.01)).toBe(true);
    expect(fusable('leakyRelu', -0.5)).toBe(false);
    expect(fusable('leakyRelu', Infinity)).toBe(false);
  });
});

describe('the AssemblyScript generated from the tables', () => {
  it('assembly/codes.generated.ts is what scripts/build-wasm.mjs generates from src/backend/wasm/codes.ts', () => {
    const committed = readFileSync(new URL('assembly/codes.generated.ts', root), 'utf8');
    expect(committed, 'run `npm run build:wasm` and commit assembly/codes.generated.ts').toBe(assemblyCodesSource(codes));
  });

  it('assembly/activation-derivatives.generated.ts is what the activation table generates', () => {
    const committed = readFileSync(new URL('assembly/activation-derivatives.generated.ts', root), 'utf8');
    const generated = assemblyActivationsSource();
    expect(committed, 'run `npm run build:wasm` and commit assembly/activation-derivatives.generated.ts').toBe(generated);
    expect(generated).toContain('case SIGMOID: return f32x4.mul(y, f32x4.sub(f32x4.splat(1), y));');
    expect(readFileSync(new URL('assembly/fused.ts', root), 'utf8')).toContain("from './activation-derivatives.generated'");
  });

  it('no AssemblyScript file declares its own copy of a code', () => {
    const names = [...assemblyCodesSource(codes).matchAll(/export const (\w+):/g)].map((m) => m[1]!);
    expect(names).toContain('LEAKY_RELU');
    const declares = new RegExp(`\\b(?:const|let|var)\\s+(?:${names.join('|')})\\b|\\b(?:${names.join('|')})\\s*=\\s*\\d`);
    for (const file of readdirSync(new URL('assembly/', root)).filter((f) => f.endsWith('.ts') && f !== 'codes.generated.ts')) {
      expect(declares.test(readFileSync(new URL(`assembly/${file}`, root), 'utf8')), `assembly/${file}`).toBe(false);
    }
  });
});

describe('withJsFallback', () => {
  it('runs the wasm body when the call fits and the JS kernel with the same arguments otherwise', () => {
    const calls: string[] = [];
    const unary = withJsFallback('unary', (_op, x, out) => allFloat32(x, out), (op) => calls.push(op));
    const x64 = Float64Array.from([-1, 2]);
    const out64 = new Float64Array(2);
    unary('relu', x64, out64);
    expect(Array.from(out64)).toEqual([0, 2]);
    expect(calls).toEqual([]);
    unary('relu', Float32Array.from([-1, 2]), new Float32Array(2));
    expect(calls).toEqual(['relu']);
  });

  it('lets an absent optional operand pass as float32', () => {
    expect(allFloat32(new Float32Array(1), null)).toBe(true);
    expect(allFloat32(new Float32Array(1), new Float64Array(1))).toBe(false);
  });
});
