import { describe, expect, it } from 'vitest';
import type { HyperParameterSpec } from '../../src/registry/spec.js';
import { constantSchedule, findSchedule, scheduleRegistry, type Schedule } from '../../src/schedules/index.js';

/** Values for the options a registry entry requires (no default). */
const REQUIRED: Record<string, unknown> = {
  learningRate: 0.1,
  stepSize: 5,
  gamma: 0.9,
  tMax: 20,
  t0: 5,
  maxLr: 1,
  totalSteps: 100,
  baseLr: 0.01,
  swaLr: 0.05,
  warmupSteps: 5,
  milestones: [10, 20],
  lrLambda: 'lambda k: 1.0 / (1.0 + k)',
  schedules: [0.1, 0.01, 0.001].map((learningRate) => constantSchedule({ learningRate })),
  schedule: constantSchedule({ learningRate: 0.1 }),
};

function defaultWithinRange(spec: HyperParameterSpec): boolean {
  if (spec.kind === 'boolean') return typeof spec.default === 'boolean';
  if (spec.kind === 'choice') return spec.choices.includes(spec.default);
  if (spec.kind === 'pair') return true;
  if (spec.default === null) return true;
  const v = spec.default;
  return (spec.min === undefined || (spec.minExclusive ? v > spec.min : v >= spec.min)) &&
    (spec.max === undefined || (spec.maxExclusive ? v < spec.max : v <= spec.max));
}

describe('schedule registry', () => {
  it('has unique names and complete documentation', () => {
    const names = scheduleRegistry.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(17);
    for (const e of scheduleRegistry) {
      expect(e.summary.length, e.name).toBeGreaterThan(5);
      expect(e.paper, e.name).toMatch(/^https:\/\//);
      expect(e.name).toMatch(/^[a-z-]+$/);
      for (const spec of e.hyperParameters) {
        expect(spec.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
        expect(spec.doc.length).toBeGreaterThan(3);
        expect(defaultWithinRange(spec), `${e.name}.${spec.name}`).toBe(true);
      }
    }
  });

  it('every entry builds from its defaults plus the required options and gives finite rates', () => {
    for (const e of scheduleRegistry) {
      const options: Record<string, unknown> = {};
      for (const spec of e.hyperParameters) if (spec.default === null && spec.name in REQUIRED) options[spec.name] = REQUIRED[spec.name];
      for (const s of e.structuredOptions) if (s.required) options[s.name] = REQUIRED[s.name];
      if (e.name === 'one-cycle') delete options.epochs;
      if (e.kind === 'step') {
        const schedule: Schedule = e.create(options);
        for (let k = 0; k <= 100; k++) {
          const lr = schedule.value(k);
          expect(Number.isFinite(lr) && lr >= 0, `${e.name} at step ${k}: ${lr}`).toBe(true);
          if (schedule.momentum) expect(Number.isFinite(schedule.momentum(k))).toBe(true);
        }
      } else {
        const plateau = e.create(options);
        let state = plateau.init(0.1);
        for (let k = 0; k < 30; k++) state = plateau.update(state, 1);
        expect(state.learningRates[0]).toBeLessThan(0.1);
      }
    }
  });

  it('finds entries by name or class name, and suggests the closest name', () => {
    expect(findSchedule('cosine').displayName).toBe('cosineAnnealingLR');
    expect(findSchedule('StepLR').name).toBe('step');
    expect(findSchedule('ReduceLROnPlateau').kind).toBe('metric');
    expect(findSchedule('SWALR').name).toBe('swa');
    expect(() => findSchedule('cosin')).toThrow("unknown schedule 'cosin'; did you mean 'cosine'?");
    expect(() => findSchedule('zzzzzzzz')).toThrow(/^unknown schedule 'zzzzzzzz'\. Valid schedules: constant, /);
  });

  it('entry factories validate like the functions', () => {
    const step = findSchedule('step');
    if (step.kind !== 'step') throw new Error('unexpected');
    expect(() => step.create({ learningRate: 0.1, stepSize: 2, gamma: -1 })).toThrow('StepLR: invalid gamma: -1 (valid range [0, inf))');
  });
});
