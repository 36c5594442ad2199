/**
 * The kernels record of a training state: its name for each backend, how a resume extends it, the
 * note a resume on other kernels prints, that `fit` keeps it, and its validation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DataLoader } from '../../src/data/data-loader.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Linear, Sequential, Tanh } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/optimizers/sgd.js';
import { manualSeed, Random } from '../../src/tensor/random.js';
import { getBackendName, setBackend } from '../../src/backend/index.js';
import { chooseBackend } from '../../src/backend/choose.js';
import { wasmSimdSupported } from '../../src/backend/wasm/index.js';
import { continueKernels, fit, kernelsNote, kernelsOf, type TrainingState } from '../../src/train/index.js';
import { StateProblem, validateTrainingState } from '../../src/train/checkpoint-state.js';
import { tinyTask } from './checkpoint-helpers.js';

/** One epoch of a tiny MLP from scratch, or one more from `resume`: the state fit returns. */
async function run(resume?: TrainingState): Promise<TrainingState> {
  manualSeed(3);
  const random = new Random(4);
  const model = new Sequential(new Linear(2, 6, { random }), new Tanh(), new Linear(6, 2, { random }));
  const { train, test } = tinyTask(5);
  const data = new DataLoader(train, { batchSize: 16, seed: 1 });
  const optimizer = new SGD(model.namedParameters(), { learningRate: 0.1 });
  const result = await fit(model, { loss: crossEntropy, optimizer, data, validation: test, epochs: resume ? resume.epoch + 1 : 1, ...(resume ? { resume } : {}) });
  return result.state;
}

describe('kernelsOf', () => {
  it('names the wasm build by its FMA flag, other backends by their name; the thread count is no part of it', () => {
    expect(kernelsOf({ name: 'wasm', fma: true })).toBe('wasm FMA');
    expect(kernelsOf({ name: 'wasm', fma: false })).toBe('wasm plain');
    expect(kernelsOf({ name: 'js' })).toBe('js');
    expect(kernelsOf({ name: 'gpu' })).toBe('gpu');
  });
});

describe('continueKernels and kernelsNote', () => {
  it('same kernels: the record unchanged, no note', () => {
    expect(continueKernels(['wasm FMA'], 'wasm FMA')).toEqual(['wasm FMA']);
    expect(kernelsNote(['wasm FMA'], 'wasm FMA')).toBeNull();
    // Back on the kernels of the last leg: that leg is what this resume continues.
    expect(kernelsNote(['wasm FMA', 'js'], 'js')).toBeNull();
  });

  it('other kernels: a new entry, and a note naming both', () => {
    expect(continueKernels(['wasm FMA'], 'wasm plain')).toEqual(['wasm FMA', 'wasm plain']);
    expect(kernelsNote(['wasm FMA'], 'wasm plain')).toBe(
      'note: the run so far was computed by wasm FMA kernels, this resume uses wasm plain: from here results may differ in the last bits ' +
        'from an uninterrupted run (DESCENT_WASM_FMA=0 or --backend js chooses kernels)',
    );
    expect(kernelsNote(['wasm FMA', 'js'], 'wasm FMA')).toMatch(/^note: the run so far was computed by wasm FMA, then js kernels, this resume uses wasm FMA:/);
  });

  it('no record (a state saved before descent kept one): stays unknown, no note', () => {
    expect(continueKernels(undefined, 'js')).toBeUndefined();
    expect(kernelsNote(undefined, 'js')).toBeNull();
  });
});

describe('fit records the kernels in its state', () => {
  const before = getBackendName();
  afterEach(() => setBackend(before));

  it('a new run records the active kernels; a resume on others appends them; one without a record keeps none', async () => {
    setBackend('js');
    const first = await run();
    expect(first.kernels).toEqual(['js']);
    expect((await run(first)).kernels).toEqual(['js']);
    if (wasmSimdSupported()) {
      chooseBackend('wasm', { threads: 1, fma: false });
      expect((await run(first)).kernels).toEqual(['js', 'wasm plain']);
    }
    const { kernels: _dropped, ...old } = first;
    expect((await run(old as TrainingState)).kernels).toBeUndefined();
    expect(validateTrainingState(JSON.parse(JSON.stringify(first))).kernels).toEqual(['js']);
    expect(validateTrainingState(JSON.parse(JSON.stringify(old))).kernels).toBeUndefined();
  });
});

describe('fit: the kernels of each epoch record', () => {
  const before = getBackendName();
  afterEach(() => setBackend(before));

  it('one entry per epoch; an epoch stopped part-way and resumed on other kernels names both', async () => {
    setBackend('js');
    manualSeed(3);
    const random = new Random(4);
    const model = new Sequential(new Linear(2, 6, { random }), new Tanh(), new Linear(6, 2, { random }));
    const { train, test } = tinyTask(5);
    const data = new DataLoader(train, { batchSize: 16, seed: 1 });
    const optimizer = new SGD(model.namedParameters(), { learningRate: 0.1 });
    const options = { loss: crossEntropy, optimizer, data, validation: test, epochs: 2 };
    let batches = 0;
    const stopped = await fit(model, { ...options, shouldStop: () => ++batches === 4 });
    expect(stopped.stopReason).toBe('interrupted');
    expect(stopped.state.history.map((r) => r.kernels)).toEqual([['js']]);
    expect(stopped.state.partialEpoch?.kernels).toEqual(['js']);
    expect(validateTrainingState(JSON.parse(JSON.stringify(stopped.state))).partialEpoch?.kernels).toEqual(['js']);
    if (!wasmSimdSupported()) return;
    chooseBackend('wasm', { threads: 1, fma: false });
    const done = await fit(model, { ...options, resume: stopped.state });
    expect(done.history.map((r) => r.kernels)).toEqual([['js'], ['js', 'wasm plain']]);
    expect(done.state.kernels).toEqual(['js', 'wasm plain']);
    expect(validateTrainingState(JSON.parse(JSON.stringify(done.state))).history[1]!.kernels).toEqual(['js', 'wasm plain']);
  });
});

describe('validateTrainingState: state.kernels', () => {
  it.each([
    [42, 'state.kernels', /expected a non-empty list of kernel names/],
    [['wasm FMA', ''], 'state.kernels[1]', /expected a kernel name/],
    [['x'.repeat(41)], 'state.kernels[0]', /at most 40 characters/],
    [['js\n'], 'state.kernels[0]', /printable text/],
    [['js', 'js'], 'state.kernels[1]', /repeats "js"/],
  ])('%j is a StateProblem naming %s', async (value, field, reason) => {
    const manualState = JSON.parse(JSON.stringify(await runOnce())) as Record<string, unknown>;
    manualState.kernels = value;
    let problem: unknown = null;
    try {
      validateTrainingState(manualState);
    } catch (err) {
      problem = err;
    }
    expect(problem).toBeInstanceOf(StateProblem);
    expect((problem as StateProblem).field).toBe(field);
    expect((problem as StateProblem).reason).toMatch(reason);
  });
});

describe('validateTrainingState: the kernels of a record', () => {
  it('a tampered epoch record or partial epoch is a StateProblem naming the field', async () => {
    const state = JSON.parse(JSON.stringify(await runOnce())) as { history: Array<Record<string, unknown>> };
    state.history[0]!.kernels = ['js', 3];
    expect(() => validateTrainingState(state)).toThrow(/^state\.history\[0\]\.kernels\[1\]: expected a kernel name/);
    state.history[0]!.kernels = ['js'];
    expect(validateTrainingState(state).history[0]!.kernels).toEqual(['js']);
  });
});

let once: TrainingState | null = null;
/** One short fit's state (shared by the validation rows, which replace its kernels). */
async function runOnce(): Promise<TrainingState> {
  once ??= await run();
  return once;
}
