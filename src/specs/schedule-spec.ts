/**
 * Learning-rate schedules by name for the command line: `--schedule name[:key=value,...]`, e.g.
 * `cosine:tMax=20`, `step:stepSize=5,gamma=0.5`, `plateau:factor=0.5,patience=2`. The names and
 * options are the schedule registry's; the base learning rate is the optimizer's.
 */
import { findSchedule, scheduleRegistry } from '../schedules/registry.js';
import type { Schedule } from '../schedules/schedule.js';
import type { PlateauScheduler } from '../schedules/reduce-lr-on-plateau.js';
import type { TrainableOptimizer } from '../train/types.js';
import { SpecError } from './spec-error.js';
import { closestName } from '../registry/validate.js';

/** Structured options a flag can give: lists of numbers, written `[5;10]`. Schedules and functions it cannot. */
const FLAG_LIST_OPTIONS = new Set(['milestones']);

/**
 * The schedules `--schedule` can set: every one whose required options a flag can give (`multi-step`
 * with `milestones=[5;10]`, not `warmup`, which takes another schedule).
 */
export const SCHEDULE_NAMES = scheduleRegistry.filter((e) => e.structuredOptions.every((o) => !o.required || FLAG_LIST_OPTIONS.has(o.name))).map((e) => e.name);

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\[.*\]$/.test(text)) return text.slice(1, -1).split(/[;|]/).filter(Boolean).map(Number);
  const x = Number(text);
  return text.trim() !== '' && !Number.isNaN(x) ? x : text;
}

/** The fit option (`schedule` or `plateau`) for a spec, or null for the constant schedule. */
export function createSchedule(spec: string, optimizer: TrainableOptimizer, epochs: number): { schedule: Schedule } | { plateau: PlateauScheduler } | null {
  const [name, rest] = [spec.split(':')[0]!, spec.split(':').slice(1).join(':')];
  let entry;
  try {
    entry = findSchedule(name);
  } catch {
    // Only the schedules a flag can set: warmup, lambda, chained … take schedules or functions.
    const hint = closestName(name, SCHEDULE_NAMES);
    throw new SpecError(`--schedule: unknown schedule '${name}'${hint ? `; did you mean '${hint}'?` : '.'} Valid schedules: ${SCHEDULE_NAMES.join(', ')}`);
  }
  if (!SCHEDULE_NAMES.includes(entry.name)) {
    const needs = entry.structuredOptions.filter((o) => o.required && !FLAG_LIST_OPTIONS.has(o.name)).map((o) => o.name).join(', ');
    throw new SpecError(`--schedule ${spec}: the ${entry.name} schedule takes ${needs} (other schedules or a function), which a flag cannot give: build it in code (descent's schedule functions) or use one of: ${SCHEDULE_NAMES.join(', ')}`);
  }
  const options: Record<string, unknown> = {};
  for (const pair of rest ? rest.split(',') : []) {
    const [key, value] = pair.split('=');
    if (!key || value === undefined) throw new SpecError(`--schedule ${spec}: expected key=value pairs after the name, got '${pair}'`);
    options[key] = parseValue(value);
  }
  const names = entry.hyperParameters.map((h) => h.name);
  const lr = optimizer.paramGroups[0]!.learningRate;
  // Sensible command-line defaults: the optimizer's rate as the base, the run's length as the period.
  if (names.includes('learningRate') && options.learningRate === undefined) options.learningRate = lr;
  if (names.includes('maxLr') && options.maxLr === undefined) options.maxLr = lr;
  for (const key of ['tMax', 'totalIters', 'totalSteps']) {
    if (names.includes(key) && options[key] === undefined) options[key] = epochs;
  }
  try {
    if (entry.kind === 'metric') return { plateau: entry.create(options) };
    if (entry.name === 'constant' && Object.keys(options).every((k) => k === 'learningRate')) return null;
    return { schedule: entry.create(options) };
  } catch (err) {
    throw new SpecError(`--schedule ${spec}: ${(err as Error).message}`);
  }
}
