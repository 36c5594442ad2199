/**
 * The activation table (src/backend/activation-rules.ts) and the op codes generated from
 * src/backend/wasm/codes.ts: each rule's derivative against central finite differences of its own
 * forward in float64, its forward against the JS unary kernel bit for bit, the derivative on tensors
 * against the derivative on rounded numbers bit for bit, the fusable set, the generated
 * AssemblyScript constants against the TypeScript table, and `withJsFallback`'s dispatch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_RULES, ACTIVATIONS, activationCode, float32Arithmetic as float32, float64Arithmetic as float64, fusable } from '../../src/backend/activation-rules.js';
import { jsBackend } from '../../src/backend/js/js-backend.js';
import * as codes from '../../src/backend/wasm/codes.js';
import { allFloat32, withJsFallback } from '../../src/backend/wasm/js-fallback.js';
import { activationDerivative } from '../../src/ops/activations.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assemblyCodesSource } from '../../scripts/assembly-codes.js';

const SLOPES = [0.01, 0.2, 0, 1.5, -0.5];
const root = new URL('../../', import.meta.url);

describe('the activation table', () => {
  it('lists the four fusable activations, each under its own unary kernel and code', () => {
    expect([...ACTIVATIONS].sort()).toEqual(['leakyRelu', 'relu', 'sigmoid', 'tanh']);
    for (const act of ACTIVATIONS) {
      expect(ACTIVATION_RULES[act].kernel).toBe(act);
      expect(activationCode(act)).toBe(codes.UNARY_CODES[act]);
    }
  });

  it("every derivative equals the central finite difference of its forward in float64 (away from the kinks)", () => {
    const z = fc.double({ min: -6, max: 6, noNaN: true }).filter((v) => Math.abs(v) > 1e-3);
    for (const act of ACTIVATIONS) {
      const rule = ACTIVATION_RULES[act];
      for (const slope of act === 'leakyRelu' ? SLOPES : [0]) {
        fc.assert(fc.property(z, (v) => {
          const h = 1e-6;
          const numeric = (rule.forward(v + h, slope) - rule.forward(v - h, slope)) / (2 * h);
          const analytic = rule.derivative(rule.from === 'output' ? rule.forward(v, slope) : v, slope, float64);
          expect(Math.abs(analytic - numeric)).toBeLessThan(1e-8 * Math.max(1, Math.abs(numeric)));
        }), { numRuns: 200 });
      }
    }
  });

  it("follows PyTorch at the kinks: relu'(0) = 0, leakyRelu'(0) = slope", () => {
    expect(ACTIVATION_RULES.relu.derivative(ACTIVATION_RULES.relu.forward(0, 0), 0, float64)).toBe(0);
    expect(ACTIVATION_RULES.relu.derivative(ACTIVATION_RULES.relu.forward(-0, 0), 0, float64)).toBe(0);
    for (const slope of SLOPES) expect(ACTIVATION_RULES.leakyRelu.derivative(0, slope, float64)).toBe(slope);
  });

  it('computes each forward as the JS unary kernel of the same name does, bit for bit, in float64 and float32', () => {
    const values = [0, -0, 1e-30, -1e-30, 0.5, -0.5, 3, -3, 20, -20, 100, -100, 1e-8, Infinity, -Infinity, NaN];
    for (const act of ACTIVATIONS) {
      for (const slope of act === 'leakyRelu' ? SLOPES : [0]) {
        for (const dtype of ['float64', 'float32'] as const) {
          const x = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
          const kernel = dtype === 'float64' ? new Float64Array(x.length) : new Float32Array(x.length);
          const table = dtype === 'float64' ? new Float64Array(x.length) : new Float32Array(x.length);
          jsBackend.unary(ACTIVATION_RULES[act].kernel, x, kernel, slope, 0);
          x.forEach((v, i) => { table[i] = ACTIVATION_RULES[act].forward(v, slope); });
          expect(Array.from(table), `${act} ${dtype} slope ${slope}`).toEqual(Array.from(kernel));
        }
      }
    }
  });

  it('gives the same bits on float32 tensors (the unfused VJP) as on numbers rounded to float32 (the fused JS kernel)', () => {
    const ys = Float32Array.from([0, -0, 0.25, 0.5, 0.999, -0.7, 1e-5, 3, -3, NaN]);
    for (const act of ACTIVATIONS) {
      for (const slope of act === 'leakyRelu' ? [0.01, 0.3] : [0.01]) {
        const onTensor = activationDerivative(new Tensor(ys, [ys.length]), act, slope).data;
        const onNumbers = Float32Array.from(ys, (y) => ACTIVATION_RULES[act].derivative(y, slope, float32));
        expect(Array.from(onTensor), act).toEqual(Array.from(onNumbers));
      }
    }
  });

  it('is fusable exactly when the derivative is the same function of the output', () => {
    const zs = [-3, -1, -1e-3, 0, 1e-3, 1, 3];
    for (const act of ACTIVATIONS) {
      const rule = ACTIVATION_RULES[act];
      for (const slope of act === 'leakyRelu' ? SLOPES : [0]) {
        const agrees = zs.every((z) => rule.derivative(rule.forward(z, slope), slope, float64) === rule.derivative(rule.from === 'output' ? rule.forward(z, slope) : z, slope, float64));
        expect(fusable(act, slope), `${act} slope ${slope}`).toBe(agrees);
      }
    }
    expect(fusable('leakyRelu', Infinity)).toBe(false);
  });
});

describe('the op codes shared with AssemblyScript', () => {
  it('assembly/codes.generated.ts is what scripts/build-wasm.mjs generates from src/backend/wasm/codes.ts', () => {
    const committed = readFileSync(new URL('assembly/codes.generated.ts', root), 'utf8');
    expect(committed, 'run `npm run build:wasm` and commit assembly/codes.generated.ts').toBe(assemblyCodesSource(codes));
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
