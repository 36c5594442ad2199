/**
 * A run spec that arrives through the queue is untrusted input: anyone who can write to Redis can
 * enqueue one. It is data only (JSON, never code), and is checked field by field before a worker
 * trains anything: known names, bounded numbers and sizes, no file outside the worker's folder.
 */
import { isAbsolute } from 'node:path';
import { OPTIMIZER_NAMES } from '../../specs/optimizer-spec.js';
import type { CompareTask, Configuration, HyperValue, RunJob } from '../compare/types.js';

/** A spec that fails the check; the message names the field. */
export class RunSpecError extends Error {
  override name = 'RunSpecError';
}

type Obj = Record<string, unknown>;

const fail = (field: string, what: string, value: unknown): never => {
  const shown = JSON.stringify(value);
  throw new RunSpecError(`run spec: ${field} must be ${what}, got ${shown === undefined ? 'nothing' : shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}`);
};
const object = (v: unknown, field: string): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : fail(field, 'an object', v));
const text = (v: unknown, field: string, pattern = /^[\w.:;,=+\-/ ]{1,200}$/): string => (typeof v === 'string' && pattern.test(v) ? v : fail(field, `text matching ${pattern}`, v));
const int = (v: unknown, field: string, lo: number, hi: number): number => (Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? (v as number) : fail(field, `an integer in [${lo}, ${hi}]`, v));
const fraction = (v: unknown, field: string): number => (typeof v === 'number' && v > 0 && v < 1 ? v : fail(field, 'a number in (0, 1)', v));

function dataset(v: unknown): string {
  const d = text(v, 'task.dataset');
  const file = /^(csv|idx):(.*)$/.exec(d);
  // A file dataset is read on the worker's machine: only below the folder the worker runs in.
  if (file && (isAbsolute(file[2]!) || file[2]!.split(/[\\/]/).includes('..'))) fail('task.dataset', 'a file below the worker\'s folder (no absolute path, no ..)', v);
  return d;
}

function hyperParameters(v: unknown): Record<string, HyperValue> {
  const o = object(v, 'configuration.hyperParameters');
  const keys = Object.keys(o);
  if (keys.length > 32) fail('configuration.hyperParameters', 'at most 32 entries', keys.length);
  const out: Record<string, HyperValue> = {};
  for (const k of keys) {
    if (!/^[a-z][A-Za-z0-9]{0,40}$/.test(k)) fail('configuration.hyperParameters', 'keyed by camelCase names', k);
    const x = o[k];
    const ok = (typeof x === 'number' && Number.isFinite(x)) || typeof x === 'boolean'
      || (typeof x === 'string' && x.length <= 100)
      || (Array.isArray(x) && x.length <= 16 && x.every((e) => typeof e === 'number' && Number.isFinite(e)));
    if (!ok) fail(`configuration.hyperParameters.${k}`, 'a finite number, a boolean, short text or a short list of numbers', x);
    out[k] = x as HyperValue;
  }
  return out;
}

/**
 * Checks a run spec received from the queue and returns it typed, with nothing but the known fields.
 * Throws {@link RunSpecError} naming the first bad field.
 *
 * @example
 * const job = checkRunJob(JSON.parse(message));
 */
export function checkRunJob(value: unknown): RunJob {
  const o = object(value, 'the run spec');
  const t = object(o.task, 'task');
  const c = object(o.configuration, 'configuration');
  const loss = t.loss === 'cross-entropy' || t.loss === 'mse' ? t.loss : fail('task.loss', "'cross-entropy' or 'mse'", t.loss);
  const task: CompareTask = {
    dataset: dataset(t.dataset),
    model: text(t.model, 'task.model'),
    loss,
    epochs: int(t.epochs, 'task.epochs', 1, 100_000),
    testFraction: fraction(t.testFraction, 'task.testFraction'),
    dataSeed: int(t.dataSeed, 'task.dataSeed', 0, 2 ** 32 - 1),
    target: t.target === null ? null : typeof t.target === 'number' && t.target >= 0 && t.target < 1 ? t.target : fail('task.target', 'null or a number in [0, 1)', t.target),
    ...(t.validationFraction === undefined ? {} : { validationFraction: fraction(t.validationFraction, 'task.validationFraction') }),
    ...(t.sharpnessEvery === undefined ? {} : { sharpnessEvery: int(t.sharpnessEvery, 'task.sharpnessEvery', 1, 1_000_000_000) }),
    ...(t.heldOut === undefined ? {} : { heldOut: t.heldOut === 'test' || t.heldOut === 'validation' ? t.heldOut : fail('task.heldOut', "'test' or 'validation'", t.heldOut) }),
  };
  const optimizer = typeof c.optimizer === 'string' && OPTIMIZER_NAMES.includes(c.optimizer) ? c.optimizer : fail('configuration.optimizer', `one of ${OPTIMIZER_NAMES.join(', ')}`, c.optimizer);
  const configuration: Configuration = {
    id: text(c.id, 'configuration.id', /^[a-z]\d{1,6}$/),
    label: typeof c.label === 'string' && c.label.length <= 300 ? c.label : fail('configuration.label', 'text of at most 300 characters', c.label),
    optimizer,
    hyperParameters: hyperParameters(c.hyperParameters),
    batchSize: c.batchSize === 'full' ? 'full' : int(c.batchSize, 'configuration.batchSize', 1, 1_000_000),
    schedule: text(c.schedule, 'configuration.schedule'),
    averaging: text(c.averaging, 'configuration.averaging'),
  };
  return { task, configuration, seed: int(o.seed, 'seed', 0, 2 ** 32 - 1) };
}
