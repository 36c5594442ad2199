/**
 * Validation of a checkpoint's training state, field by field, before anything uses it: a tampered
 * or corrupted state is an error naming the field (`state.epoch`, `state.history[2].updates`), never
 * a NaN, a file named `final.eabc.safetensors`, or a TypeError deep inside `fit`.
 */
import type { AveragingState } from '../averaging/averager.js';
import { loadPlateauState } from '../schedules/plateau-state.js';
import type { EpochRecord, SharpnessRecord } from './types.js';
import type { PartialEpoch, TrainingState } from './fit.js';

/** A state problem: the field (a dotted path from `state`) and what is wrong with it. */
export class StateProblem extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
  }
}

const fail = (field: string, reason: string): never => {
  throw new StateProblem(field, reason);
};

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return 'a typed array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) fail(field, `expected an object, got ${show(v)}`);
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) fail(`${field}.${key}`, `unknown field (expected ${allowed.join(', ')})`);
}

function count(v: unknown, field: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(field, `expected an integer >= ${min}, got ${show(v)}`);
  return v as number;
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `expected a finite number, got ${show(v)}`);
  return v as number;
}

/** JSON writes NaN and ±Infinity as null: a metric that was not finite reads back as null. */
function metric(v: unknown, field: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number') fail(field, `expected a number or null, got ${show(v)}`);
  return v as number;
}

function randomState(v: unknown, field: string): TrainingState['globalRandom'] {
  const o = record(v, field);
  onlyKeys(o, field, ['algorithm', 's', 'spare']);
  if (o.algorithm !== 'xoshiro128**') fail(`${field}.algorithm`, `expected "xoshiro128**", got ${show(o.algorithm)}`);
  if (!Array.isArray(o.s) || o.s.length !== 4) fail(`${field}.s`, 'expected 4 unsigned 32-bit integers');
  const s = (o.s as unknown[]).map((x, i) => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= 2 ** 32) fail(`${field}.s[${i}]`, `expected an unsigned 32-bit integer, got ${show(x)}`);
    return x as number;
  });
  if (s.every((x) => x === 0)) fail(`${field}.s`, 'all zero: not a xoshiro128** state (the generator would only produce zeros)');
  const spare = o.spare === null || o.spare === undefined ? null : finite(o.spare, `${field}.spare`);
  return { algorithm: 'xoshiro128**', s, spare };
}

/** The sharpness measurements of a record (absent in runs without them, and in older checkpoints). */
function sharpnessRecords(v: unknown, field: string): { sharpness?: SharpnessRecord[] } {
  if (v === undefined) return {};
  if (!Array.isArray(v)) fail(field, `expected a list of sharpness measurements, got ${show(v)}`);
  return {
    sharpness: (v as unknown[]).map((m, i) => {
      const o = record(m, `${field}[${i}]`);
      onlyKeys(o, `${field}[${i}]`, ['update', 'sharpness', 'twoOverLr']);
      return { update: count(o.update, `${field}[${i}].update`, 1), sharpness: metric(o.sharpness, `${field}[${i}].sharpness`) ?? NaN, twoOverLr: metric(o.twoOverLr, `${field}[${i}].twoOverLr`) };
    }),
  };
}

function history(v: unknown, field: string, epoch: number): EpochRecord[] {
  if (!Array.isArray(v)) fail(field, `expected a list of epoch records, got ${show(v)}`);
  const rows = v as unknown[];
  if (rows.length !== epoch) fail(field, `has ${rows.length} records but the state is at epoch ${epoch}`);
  let previousUpdates = 0;
  return rows.map((row, i) => {
    const f = `${field}[${i}]`;
    const o = record(row, f);
    onlyKeys(o, f, ['epoch', 'trainLoss', 'validationLoss', 'validationError', 'learningRate', 'updates', 'seconds', 'sharpness', 'kernels']);
    if (o.epoch !== i + 1) fail(`${f}.epoch`, `expected ${i + 1}, got ${show(o.epoch)}`);
    const updates = count(o.updates, `${f}.updates`);
    if (updates < previousUpdates) fail(`${f}.updates`, `${updates} is fewer than the ${previousUpdates} of the epoch before`);
    previousUpdates = updates;
    const error = metric(o.validationError, `${f}.validationError`);
    if (error !== null && !(error >= 0 && error <= 1)) fail(`${f}.validationError`, `expected a fraction in [0, 1], got ${error}`);
    const seconds = metric(o.seconds, `${f}.seconds`);
    return {
      epoch: i + 1,
      trainLoss: metric(o.trainLoss, `${f}.trainLoss`) ?? NaN,
      validationLoss: metric(o.validationLoss, `${f}.validationLoss`),
      validationError: error,
      learningRate: metric(o.learningRate, `${f}.learningRate`) ?? NaN,
      updates,
      seconds: seconds ?? NaN,
      ...sharpnessRecords(o.sharpness, `${f}.sharpness`),
      ...kernelsField(o.kernels, `${f}.kernels`),
    };
  });
}

function numberList(v: unknown, field: string): Float64Array {
  if (v instanceof Float64Array) return v;
  if (v instanceof Float32Array) return Float64Array.from(v);
  if (Array.isArray(v)) {
    return Float64Array.from(v as unknown[], (x, i) => {
      if (typeof x !== 'number') fail(`${field}[${i}]`, `expected a number, got ${show(x)}`);
      return x as number;
    });
  }
  // Version 1 wrote a Float64Array through JSON.stringify: {"0": x0, "1": x1, ...}.
  const o = record(v, field);
  const n = Object.keys(o).length;
  return Float64Array.from({ length: n }, (_, i) => {
    const x = o[String(i)];
    if (typeof x !== 'number') fail(`${field}[${i}]`, `expected a number, got ${show(x)}`);
    return x as number;
  });
}

function averaging(v: unknown, field: string): AveragingState | null {
  if (v === null || v === undefined) return null;
  const o = record(v, field);
  onlyKeys(o, field, ['kind', 'count', 'averaged']);
  if (typeof o.kind !== 'string' || o.kind.length === 0) fail(`${field}.kind`, `expected the averager's name, got ${show(o.kind)}`);
  const averaged: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(record(o.averaged, `${field}.averaged`))) {
    const list = numberList(values, `${field}.averaged.${name}`);
    for (let i = 0; i < list.length; i++) {
      if (!Number.isFinite(list[i]!)) fail(`${field}.averaged.${name}`, `element ${i} is ${list[i]}: the averaged weights are not finite`);
    }
    averaged[name] = list;
  }
  return { kind: o.kind as string, count: count(o.count, `${field}.count`), averaged };
}

function optimizerState(v: unknown, field: string): unknown {
  if (v === null) return null;
  const o = record(v, field);
  if (typeof o.optimizer !== 'string') fail(`${field}.optimizer`, `expected the optimizer's name, got ${show(o.optimizer)}`);
  if (!Array.isArray(o.paramGroups)) fail(`${field}.paramGroups`, `expected a list, got ${show(o.paramGroups)}`);
  (o.paramGroups as unknown[]).forEach((g, i) => {
    const group = record(g, `${field}.paramGroups[${i}]`);
    if (!Array.isArray(group.params) || !group.params.every((p) => typeof p === 'string')) {
      fail(`${field}.paramGroups[${i}].params`, 'expected a list of parameter names');
    }
    record(group.hyperParameters, `${field}.paramGroups[${i}].hyperParameters`);
  });
  for (const [name, entry] of Object.entries(record(o.state, `${field}.state`))) {
    for (const [key, value] of Object.entries(record(entry, `${field}.state.${name}`))) {
      const f = `${field}.state.${name}.${key}`;
      if (typeof value === 'number') continue;
      const t = record(value, f);
      if (t.dtype !== 'float32' && t.dtype !== 'float64') fail(`${f}.dtype`, `expected "float32" or "float64", got ${show(t.dtype)}`);
      if (!Array.isArray(t.shape)) fail(`${f}.shape`, 'expected a list of sizes');
      const shape = (t.shape as unknown[]).map((d, i) => count(d, `${f}.shape[${i}]`));
      if (!Array.isArray(t.data)) fail(`${f}.data`, `expected a list of numbers, got ${show(t.data)}`);
      const numel = shape.reduce((a, d) => a * d, 1);
      if ((t.data as unknown[]).length !== numel) fail(`${f}.data`, `has ${(t.data as unknown[]).length} values but shape [${shape.join(', ')}] holds ${numel}`);
      if (!(t.data as unknown[]).every((x) => typeof x === 'number')) fail(`${f}.data`, 'expected numbers only');
    }
  }
  return o;
}

function partialEpoch(v: unknown, field: string): PartialEpoch | null {
  if (v === null || v === undefined) return null;
  const o = record(v, field);
  onlyKeys(o, field, ['batch', 'lossSum', 'samples', 'learningRate', 'seconds', 'sharpness', 'kernels']);
  return {
    batch: count(o.batch, `${field}.batch`, 1),
    lossSum: finite(o.lossSum, `${field}.lossSum`),
    samples: count(o.samples, `${field}.samples`),
    learningRate: metric(o.learningRate, `${field}.learningRate`) ?? NaN,
    seconds: o.seconds === undefined ? 0 : finite(o.seconds, `${field}.seconds`),
    ...sharpnessRecords(o.sharpness, `${field}.sharpness`),
    ...kernelsField(o.kernels, `${field}.kernels`),
  };
}

function bestWeights(v: unknown, field: string): Record<string, number[]> | null {
  if (v === null || v === undefined) return null;
  const out: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(record(v, field))) out[name] = Array.from(numberList(values, `${field}.${name}`));
  return out;
}

/**
 * The kernels that computed the run (absent in older checkpoints). Each name is printed in the note
 * of a resume on other kernels: short, printable text only, so a crafted checkpoint cannot put
 * terminal control sequences on the screen.
 */
function kernelsUsed(v: unknown, field: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0) fail(field, `expected a non-empty list of kernel names (e.g. ["wasm FMA"]), got ${show(v)}`);
  return (v as unknown[]).map((name, i) => {
    if (typeof name !== 'string' || !/^[\x20-\x7e]{1,40}$/.test(name)) fail(`${field}[${i}]`, `expected a kernel name ('js', 'wasm plain', 'wasm FMA'; printable text, at most 40 characters), got ${show(name)}`);
    if (i > 0 && name === (v as unknown[])[i - 1]) fail(`${field}[${i}]`, `repeats ${show(name)}: the list records changes of kernels`);
    return name as string;
  });
}

/** `{ kernels }` when the record has them, `{}` when it does not (older checkpoints). */
function kernelsField(v: unknown, field: string): { kernels?: string[] } {
  const kernels = kernelsUsed(v, field);
  return kernels ? { kernels } : {};
}

const STATE_FIELDS = ['epoch', 'updates', 'loader', 'globalRandom', 'extraState', 'optimizer', 'plateau', 'earlyStopping', 'averaging', 'history', 'bestWeights', 'partialEpoch', 'kernels'] as const;

/**
 * Checks that `value` (a checkpoint's state with its arrays already unpacked) is a {@link TrainingState}
 * and returns a normalised copy; throws a {@link StateProblem} naming the first bad field.
 */
export function validateTrainingState(value: unknown): TrainingState {
  const field = 'state';
  const o = record(value, field);
  onlyKeys(o, field, STATE_FIELDS);
  const epoch = count(o.epoch, 'state.epoch');
  const updates = count(o.updates, 'state.updates');
  const l = record(o.loader, 'state.loader');
  onlyKeys(l, 'state.loader', ['epoch', 'batch', 'random', 'samples', 'batchSize']);
  const loader = {
    epoch: count(l.epoch, 'state.loader.epoch'),
    batch: count(l.batch, 'state.loader.batch'),
    random: randomState(l.random, 'state.loader.random'),
    samples: count(l.samples, 'state.loader.samples'),
    batchSize: count(l.batchSize, 'state.loader.batchSize', 1),
  };
  const es = record(o.earlyStopping, 'state.earlyStopping');
  onlyKeys(es, 'state.earlyStopping', ['best', 'bestEpoch', 'badEpochs']);
  const earlyStopping = {
    best: es.best === null ? null : finite(es.best, 'state.earlyStopping.best'),
    bestEpoch: count(es.bestEpoch, 'state.earlyStopping.bestEpoch'),
    badEpochs: count(es.badEpochs, 'state.earlyStopping.badEpochs'),
  };
  if (earlyStopping.bestEpoch > epoch) fail('state.earlyStopping.bestEpoch', `${earlyStopping.bestEpoch} is after the state's epoch ${epoch}`);
  let plateau = null;
  if (o.plateau !== null && o.plateau !== undefined) {
    try {
      plateau = loadPlateauState(o.plateau);
    } catch (err) {
      fail('state.plateau', (err as Error).message);
    }
  }
  const rows = history(o.history, 'state.history', epoch);
  const last = rows.at(-1)?.updates ?? 0;
  if (updates < last) fail('state.updates', `${updates} is fewer than the ${last} the history records by epoch ${epoch}`);
  const partial = partialEpoch(o.partialEpoch, 'state.partialEpoch');
  // A partial epoch resumes at the loader's position: they must agree, or batches would be counted twice.
  if (partial && partial.batch !== loader.batch) fail('state.partialEpoch.batch', `${partial.batch}, but the loader is at batch ${loader.batch}`);
  if (!partial && loader.batch !== 0) fail('state.loader.batch', `${loader.batch} (mid-epoch), but the state records no partial epoch`);
  const state: TrainingState = {
    epoch,
    updates,
    loader,
    globalRandom: randomState(o.globalRandom, 'state.globalRandom'),
    extraState: o.extraState === undefined ? (undefined as never) : record(o.extraState, 'state.extraState'),
    optimizer: optimizerState(o.optimizer ?? null, 'state.optimizer'),
    plateau,
    earlyStopping,
    averaging: averaging(o.averaging, 'state.averaging'),
    history: rows,
    bestWeights: bestWeights(o.bestWeights, 'state.bestWeights'),
  };
  if (partial) state.partialEpoch = partial;
  const kernels = kernelsUsed(o.kernels, 'state.kernels');
  if (kernels) state.kernels = kernels;
  return state;
}
