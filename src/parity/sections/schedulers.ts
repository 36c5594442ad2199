/**
 * The 'schedulers' section of a golden file (SCHEMA.md §2): every recorded PyTorch scheduler is rebuilt
 * from its class name and kwargs, and its learning-rate (and momentum) sequence compared step by step.
 * ReduceLROnPlateau is fed the recorded metrics; its lr, num_bad_epochs and cooldown_counter are compared.
 */
import { plateauFromPyTorch, scheduleFromPyTorch } from '../../schedules/from-pytorch.js';
import { compareArrays, FLOAT64_TOLERANCE, type Tolerance } from '../compare.js';
import { ParityMismatch, runCase, type CaseResult } from '../report.js';

const SECTION = 'schedulers';

interface SchedulerCase {
  name: string;
  scheduler: string;
  kwargs: Record<string, unknown>;
  optimizer: { class: string; lr: number; momentum?: number; betas?: [number, number] };
  lr: number[];
  momentum?: number[];
  momentum_key?: string;
  metrics?: number[];
  num_bad_epochs?: number[];
  cooldown_counter?: number[];
}

function numbers(value: unknown, what: string): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new Error(`${what} must be a list of numbers`);
  }
  return value as number[];
}

/** Throws a {@link ParityMismatch} unless the arrays agree; returns the worst ratio. */
function check(expected: readonly number[], actual: readonly number[], what: string, tol: Tolerance = FLOAT64_TOLERANCE): number {
  const c = compareArrays(expected, actual, tol, what);
  if (!c.ok) throw new ParityMismatch(c.worst);
  return Number.isFinite(c.worstRatio) ? c.worstRatio : 0;
}

/** Throws a {@link ParityMismatch} unless the integer counters are identical. */
function checkCounters(expected: readonly number[], actual: readonly number[], what: string): void {
  if (expected.length !== actual.length) throw new ParityMismatch(`${what}: expected ${expected.length} values, got ${actual.length}`);
  const i = expected.findIndex((e, j) => e !== actual[j]);
  if (i >= 0) throw new ParityMismatch(`${what}[${i}]: expected ${expected[i]}, got ${actual[i]}`);
}

function runStepCase(c: SchedulerCase): string {
  const expected = numbers(c.lr, 'lr');
  if (typeof c.optimizer?.lr !== 'number') throw new Error('optimizer.lr is missing');
  const schedule = scheduleFromPyTorch(c.scheduler, c.kwargs, c.optimizer.lr);
  const steps = expected.map((_, k) => k);
  let worst = check(expected, steps.map(schedule.value), 'lr');
  const parts = [`${expected.length} lr`];
  if (c.momentum !== undefined) {
    const expectedMomentum = numbers(c.momentum, 'momentum');
    const key = c.momentum_key ?? 'momentum';
    if (key !== 'momentum' && key !== 'betas[0]') throw new Error(`unknown momentum_key '${key}'`);
    if (key === 'betas[0]' && !Array.isArray(c.optimizer.betas)) throw new Error("momentum_key 'betas[0]' but the optimizer has no betas");
    // With cycle_momentum=False PyTorch leaves the optimizer's own momentum (or β1) in place.
    const fixed = key === 'momentum' ? c.optimizer.momentum : c.optimizer.betas?.[0];
    const momentum = schedule.momentum ?? (() => {
      if (typeof fixed !== 'number') throw new Error(`the optimizer has no ${key}`);
      return fixed;
    });
    worst = Math.max(worst, check(expectedMomentum, expectedMomentum.map((_, k) => momentum(k)), key));
    parts.push(`${expectedMomentum.length} ${key}`);
  }
  return `${parts.join(' + ')} values, worst |diff|/tol ${worst.toExponential(1)}`;
}

function runPlateauCase(c: SchedulerCase): string {
  const metrics = numbers(c.metrics, 'metrics');
  const expectedLr = numbers(c.lr, 'lr');
  const expectedBad = numbers(c.num_bad_epochs, 'num_bad_epochs');
  const expectedCooldown = numbers(c.cooldown_counter, 'cooldown_counter');
  if (expectedLr.length !== metrics.length + 1) {
    throw new Error(`lr has ${expectedLr.length} values for ${metrics.length} metrics (expected one more)`);
  }
  const plateau = plateauFromPyTorch(c.kwargs);
  let state = plateau.init(c.optimizer.lr);
  const lr = [state.learningRates[0]!];
  const bad: number[] = [];
  const cooldown: number[] = [];
  for (const m of metrics) {
    state = plateau.update(state, m);
    lr.push(state.learningRates[0]!);
    bad.push(state.numBadEpochs);
    cooldown.push(state.cooldownCounter);
  }
  const worst = check(expectedLr, lr, 'lr');
  checkCounters(expectedBad, bad, 'num_bad_epochs');
  checkCounters(expectedCooldown, cooldown, 'cooldown_counter');
  const reductions = new Set(lr).size - 1;
  return `${metrics.length} metrics, ${reductions} reductions, lr worst |diff|/tol ${worst.toExponential(1)}, counters exact`;
}

/** Runs the 'schedulers' section of a golden file: one result per case. */
export function runSchedulersSection(section: unknown): CaseResult[] {
  const cases = (section as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) {
    return [{ section: SECTION, name: '(section)', ok: false, detail: "the section has no 'cases' list" }];
  }
  return cases.map((raw: unknown, i) => {
    const c = raw as SchedulerCase;
    const name = typeof c?.name === 'string' ? c.name : `case ${i}`;
    return runCase(SECTION, name, () => {
      if (typeof c.scheduler !== 'string' || typeof c.kwargs !== 'object' || c.kwargs === null) {
        throw new Error("the case needs 'scheduler' and 'kwargs'");
      }
      return c.scheduler.endsWith('ReduceLROnPlateau') ? runPlateauCase(c) : runStepCase(c);
    });
  });
}
