import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/optimizers-rosenbrock.js';
import { beale, rosenbrock, TEST_FUNCTIONS } from '../../src/functions/index.js';
import { Adam, OPTIMIZERS, VectorRun, evaluateVector, lbfgsStepper, minimize, stateEquals, vectorParameter, type FloatArray, type StateValue } from '../../src/optim/index.js';

describe('examples/optimizers-rosenbrock.ts', () => {
  it('every optimizer in the race gets close to the minimum (1, 1)', () => {
    const results = main(false);
    expect(results.map((r) => r.optimizer)).toContain('lbfgs');
    for (const r of results) {
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(Math.hypot(r.x[0]! - 1, r.x[1]! - 1)).toBeLessThan(0.2);
    }
    const second = results.filter((r) => r.optimizer === 'lbfgs' || r.optimizer === 'newton');
    for (const r of second) expect(r.loss).toBeLessThan(1e-8);
  });
});

describe('the vector API', () => {
  it('runs every registry optimizer on every test function without tensors', () => {
    for (const fn of TEST_FUNCTIONS) {
      const f = fn.create();
      for (const e of OPTIMIZERS) {
        const t = minimize(f, { optimizer: e.name, start: fn.start, steps: 3 });
        expect(t.points).toHaveLength(4);
        expect(t.losses).toHaveLength(4);
        expect(t.points[0]).toEqual([...fn.start]);
      }
    }
  });

  it('keeps each step’s state so a player can scrub back and resume identically', () => {
    const f = beale();
    const run = new VectorRun(f, { optimizer: 'adam', options: { learningRate: 0.05 }, start: [1, 1.5] });
    for (let k = 0; k < 10; k++) run.step();
    expect(run.states).toHaveLength(11);
    expect(stateEquals(run.states[0]!, run.states[10]!)).toBe(false);
    // Resume from step 5's point and state with the pure stepper: same points as the original run.
    const entry = OPTIMIZERS.find((e) => e.name === 'adam')!;
    const st = entry.stepper({ learningRate: 0.05 });
    let params: FloatArray[] = [Float64Array.from(run.points[5]!)];
    let state: StateValue = run.states[5]!;
    for (let k = 5; k < 10; k++) ({ params, state } = st.step(params, state, evaluateVector(f)));
    expect(Array.from(params[0]!)).toEqual(run.points[10]);
  });

  it('accepts a pure stepper and float32 points', () => {
    const t = minimize(rosenbrock(), { optimizer: lbfgsStepper({ lineSearchFn: 'strong_wolfe' }), start: [-1.5, 2], steps: 10 });
    expect(t.losses.at(-1)!).toBeLessThan(1e-8);
    const r = new VectorRun(rosenbrock(), { optimizer: 'adam', options: { learningRate: 0.01 }, start: [-1.5, 2], dtype: 'float32' });
    r.step();
    expect(r.x).toBeInstanceOf(Float32Array);
    expect(() => minimize(rosenbrock(), { optimizer: 'sgd', start: [0, 0], steps: -1 })).toThrow('minimize: invalid steps: -1');
  });

  it('vectorParameter lets the façade classes update a plain array in place', () => {
    const f = rosenbrock();
    const x = Float64Array.of(-1.5, 2);
    const p = vectorParameter(x);
    const opt = new Adam([p], { learningRate: 0.05 });
    for (let k = 0; k < 2000; k++) {
      p.grad = { data: f.gradient(x) };
      opt.step();
    }
    expect(f.value(x)).toBeLessThan(1e-3);
  });
});

describe('documentation', () => {
  it('every exported symbol of src/optim and src/functions has TSDoc', () => {
    const dirs = ['src/optim', 'src/optim/optimizers', 'src/optim/transforms', 'src/functions'];
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((n: string) => n.endsWith('.ts') && n !== 'index.ts')) {
        const lines = readFileSync(`${dir}/${name}`, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (!/^export (async )?(function|class|const|interface|type) [A-Za-z_]/.test(line)) return;
          let j = i - 1;
          while (j >= 0 && lines[j]!.startsWith('export function') && lines[j]!.endsWith(';')) j--; // overload signatures
          expect(lines[j]?.trim().endsWith('*/') ?? false, `${dir}/${name}:${i + 1} ${line.slice(0, 60)}`).toBe(true);
        });
      }
    }
  });
});
