/**
 * The network lab's configuration in the URL, so a link opens the lab as it was:
 * `#networks?dataset=spirals&hidden=16,16&act=tanh&o=adam:learningRate=0.03&play=1`.
 * Every parameter is optional (missing or malformed ones keep their defaults); the list is in the
 * README's "Network lab" section.
 */
import { optimizerNames } from '../surfaces/optimizer-defaults.js';
import { decodeValue, encodeValue } from '../surfaces/url-state.js';
import { AVERAGINGS, defaultConfig, labDefaults, LOSSES, SCHEDULES, type LabConfig, type RunSpec } from './config.js';
import { DATASETS, type ClickedPoint } from './datasets.js';
import { FEATURES, type FeatureName } from './features.js';
import { ACTIVATIONS, INITS, NORMS, type ActivationName } from './model-spec.js';

/** The lab's state: its configuration and how the page runs it. */
export interface LabState {
  config: LabConfig;
  /** Start training on load. */
  play: boolean;
  /** Measure sharpness every this many steps (0: off). */
  sharpnessEvery: number;
  /** Steps per second while playing, 0 for as fast as the worker can. */
  speed: number;
}

/** The first visit. */
export function defaultLabState(): LabState {
  return { config: defaultConfig(), play: false, sharpnessEvery: 50, speed: 300 };
}

/** The query string (without `?`) of `state`. */
export function encodeLabState(state: LabState): string {
  const c = state.config;
  const q = new URLSearchParams();
  q.set('dataset', c.data.dataset);
  q.set('n', String(c.data.samples));
  q.set('noise', String(c.data.noise));
  q.set('test', String(c.data.heldOut));
  q.set('dseed', String(c.data.seed));
  if (c.data.dataset === 'clicked') q.set('pts', (c.data.points ?? []).map(([x, y, l]) => `${+x.toFixed(3)},${+y.toFixed(3)},${l}`).join(';'));
  q.set('features', c.features.join(','));
  q.set('hidden', c.model.hidden.join(','));
  const acts = c.model.activations;
  q.set('act', acts.length > 0 && acts.every((a) => a === acts[0]) ? acts[0]! : acts.join(','));
  q.set('norm', c.model.norm);
  q.set('dropout', String(c.model.dropout));
  q.set('init', c.model.init);
  q.set('loss', c.loss);
  for (const r of c.runs) {
    const opts = Object.entries(r.options).map(([k, v]) => `${k}=${encodeValue(v)}`).join(',');
    q.append('o', opts ? `${r.optimizer}:${opts}` : r.optimizer);
  }
  q.set('schedule', c.schedule);
  q.set('batch', String(c.batchSize));
  q.set('wd', String(c.weightDecay));
  q.set('avg', c.averaging);
  q.set('seed', String(c.seed));
  q.set('steps', String(c.maxSteps));
  q.set('sharp', String(state.sharpnessEvery));
  q.set('speed', String(state.speed));
  if (state.play) q.set('play', '1');
  return q.toString();
}

function oneOf<T extends string>(list: readonly T[], v: string | null, fallback: T): T {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback;
}

function numberIn(v: string | null, lo: number, hi: number, fallback: number, integer = false): number {
  if (v === null || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi || (integer && !Number.isInteger(n))) return fallback;
  return n;
}

/** The state encoded in `query` (a leading `?` is allowed); anything malformed keeps its default. */
export function decodeLabState(query: string): LabState {
  const q = new URLSearchParams(query.replace(/^\?/, ''));
  const state = defaultLabState();
  const c = state.config;
  c.data.dataset = oneOf(DATASETS, q.get('dataset'), c.data.dataset);
  if (c.data.dataset === 'regression' && !q.has('loss')) c.loss = 'mse';
  c.data.samples = numberIn(q.get('n'), 4, 5000, c.data.samples, true);
  c.data.noise = numberIn(q.get('noise'), 0, 1, c.data.noise);
  c.data.heldOut = numberIn(q.get('test'), 0, 0.9, c.data.heldOut);
  c.data.seed = numberIn(q.get('dseed'), -1e9, 1e9, c.data.seed, true);
  const pts = q.get('pts');
  if (pts) {
    c.data.points = pts.split(';').flatMap((p): ClickedPoint[] => {
      const [x, y, l] = p.split(',').map(Number);
      return Number.isFinite(x) && Number.isFinite(y) && (l === 0 || l === 1) ? [[x!, y!, l]] : [];
    });
  }
  const features = q.get('features')?.split(',').filter((f): f is FeatureName => (FEATURES as readonly string[]).includes(f));
  if (features && features.length > 0) c.features = [...new Set(features)];
  const hidden = q.get('hidden');
  if (hidden !== null) {
    const widths = hidden === '' ? [] : hidden.split(',').map(Number);
    if (widths.length <= 8 && widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 64)) c.model.hidden = widths;
  }
  const acts = (q.get('act') ?? '').split(',').filter((a): a is ActivationName => (ACTIVATIONS as readonly string[]).includes(a));
  const first = acts[0] ?? c.model.activations[0] ?? 'tanh';
  c.model.activations = c.model.hidden.map((_, i) => acts[i] ?? (acts.length <= 1 ? first : acts[acts.length - 1]!));
  c.model.norm = oneOf(NORMS, q.get('norm'), c.model.norm);
  c.model.dropout = numberIn(q.get('dropout'), 0, 0.9, c.model.dropout);
  c.model.init = oneOf(INITS, q.get('init'), c.model.init);
  c.loss = oneOf(LOSSES, q.get('loss'), c.loss);
  const names = optimizerNames();
  const runs = q.getAll('o').flatMap((text): RunSpec[] => {
    const [name, opts = ''] = text.split(/:(.*)/s) as [string, string?];
    if (!names.includes(name) || name === 'newton') return [];
    const options = labDefaults(name);
    for (const pair of opts.split(',').filter(Boolean)) {
      const [k, v = ''] = pair.split('=');
      const value = decodeValue(v, options[k!]);
      if (k && value !== undefined) options[k] = value;
    }
    return [{ optimizer: name, options }];
  });
  if (runs.length > 0) c.runs = runs.slice(0, 4);
  c.schedule = oneOf(SCHEDULES, q.get('schedule'), c.schedule);
  c.batchSize = numberIn(q.get('batch'), 0, 5000, c.batchSize, true);
  c.weightDecay = numberIn(q.get('wd'), 0, 1, c.weightDecay);
  c.averaging = oneOf(AVERAGINGS, q.get('avg'), c.averaging);
  c.seed = numberIn(q.get('seed'), -1e9, 1e9, c.seed, true);
  c.maxSteps = numberIn(q.get('steps'), 1, 100_000, c.maxSteps, true);
  state.sharpnessEvery = numberIn(q.get('sharp'), 0, 10_000, state.sharpnessEvery, true);
  state.speed = numberIn(q.get('speed'), 0, 100_000, state.speed, true);
  state.play = q.get('play') === '1' || q.get('play') === 'true';
  return state;
}
