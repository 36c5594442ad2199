/**
 * The whole playground state in the URL query, so a configuration can be shared:
 * `?fn=beale&start=1,1.5&speed=4&o=sgd:learningRate=0.001,momentum=0.9&o=adam:learningRate=0.05`
 * (`k.NAME=` for a test function's constants, `expr=` for the user's own formula).
 */
import { optimizerNames, pageDefaults, type OptionValue } from './optimizer-defaults.js';

/** One optimizer on the map: its registry name and its options. */
export interface Instance {
  name: string;
  options: Record<string, OptionValue>;
}

/** Everything the Surfaces panel needs to rebuild itself. */
export interface SurfaceState {
  /** A test function's registry name, or `custom`. */
  fn: string;
  constants: Record<string, number>;
  expr: string;
  /** Start point, or null for the function's suggested start. */
  start: [number, number] | null;
  instances: Instance[];
  /** Optimizer steps per animation frame. */
  speed: number;
}

/** The state of a first visit: Beale and six optimizers. */
export function defaultState(): SurfaceState {
  return {
    fn: 'beale',
    constants: {},
    expr: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    start: null,
    speed: 2,
    instances: [
      { name: 'sgd', options: pageDefaults('sgd') },
      { name: 'sgd', options: { ...pageDefaults('sgd'), momentum: 0.9 } },
      { name: 'lecture-nesterov', options: pageDefaults('lecture-nesterov') },
      { name: 'rmsprop', options: pageDefaults('rmsprop') },
      { name: 'adagrad', options: pageDefaults('adagrad') },
      { name: 'adam', options: pageDefaults('adam') },
    ],
  };
}

/** One option value as the URL writes it (`0.9`, `true`, `0.5/1.2` for a pair). */
export function encodeValue(v: OptionValue): string {
  if (Array.isArray(v)) return `${v[0]}/${v[1]}`;
  return String(v);
}

/** The option value `text` encodes, typed like `like`; undefined when malformed. */
export function decodeValue(text: string, like: OptionValue | undefined): OptionValue | undefined {
  if (text.includes('/')) {
    const [a, b] = text.split('/').map(Number);
    return Number.isFinite(a) && Number.isFinite(b) ? [a!, b!] : undefined;
  }
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  if (typeof like === 'string' || (text !== '' && Number.isNaN(n))) return text;
  return Number.isFinite(n) ? n : undefined;
}

/** The query string for `state` (without `?`). */
export function encodeState(state: SurfaceState): string {
  const q = new URLSearchParams();
  q.set('fn', state.fn);
  for (const [k, v] of Object.entries(state.constants)) q.set(`k.${k}`, String(v));
  if (state.fn === 'custom') q.set('expr', state.expr);
  if (state.start) q.set('start', state.start.map((v) => +v.toPrecision(6)).join(','));
  q.set('speed', String(state.speed));
  for (const inst of state.instances) {
    const opts = Object.entries(inst.options).map(([k, v]) => `${k}=${encodeValue(v)}`).join(',');
    q.append('o', opts ? `${inst.name}:${opts}` : inst.name);
  }
  return q.toString();
}

/** The state encoded in `query`; anything missing or malformed falls back to the defaults. */
export function decodeState(query: string): SurfaceState {
  const q = new URLSearchParams(query);
  const state = defaultState();
  if (![...q.keys()].length) return state;
  state.fn = q.get('fn') ?? state.fn;
  for (const [k, v] of q) {
    if (k.startsWith('k.') && Number.isFinite(Number(v))) state.constants[k.slice(2)] = Number(v);
  }
  state.expr = q.get('expr') ?? state.expr;
  const start = q.get('start')?.split(',').map(Number);
  if (start && start.length === 2 && start.every(Number.isFinite)) state.start = [start[0]!, start[1]!];
  const speed = Number(q.get('speed'));
  if (Number.isFinite(speed) && speed >= 1) state.speed = Math.min(50, Math.round(speed));
  const names = optimizerNames();
  const instances = q.getAll('o').flatMap((text): Instance[] => {
    const [name, opts = ''] = text.split(/:(.*)/s) as [string, string?];
    if (!names.includes(name)) return [];
    const options = pageDefaults(name);
    for (const pair of opts.split(',').filter(Boolean)) {
      const [k, v = ''] = pair.split('=');
      const value = decodeValue(v, options[k!]);
      if (k && value !== undefined) options[k] = value;
    }
    return [{ name, options }];
  });
  if (q.has('o')) state.instances = instances;
  return state;
}
