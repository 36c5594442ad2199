/**
 * The ranges `descent compare --tune` searches: `learningRate=log:1e-4..1,8` (8 points evenly spaced
 * in log10 from 1e-4 to 1, both ends included), `momentum=lin:0.5..0.99,4` (evenly spaced), or
 * `beta2=0.99;0.999` (the values listed). Several axes make a product grid; `--tune-budget N` samples N
 * settings at random from the same ranges instead (log-uniform on a log range), seeded.
 */
import { Random } from '../../tensor/random.js';

/** How an axis spaces its values. */
export type TuneScale = 'log' | 'lin' | 'list';

/** One tuned hyper-parameter and the values it takes. */
export interface TuneAxis {
  /** The hyper-parameter, as the optimizers name it (`learningRate`, `momentum`, `beta2`, …). */
  key: string;
  scale: TuneScale;
  /** Smallest and largest value of the range (for a list: of the values). */
  lo: number;
  hi: number;
  /** The grid (sorted ascending): `count` points of the range, or the listed values. */
  values: number[];
  /** The axis as written, for the report. */
  text: string;
}

/** One point of the search: a value per tuned key. */
export type TuneSetting = Readonly<Record<string, number>>;

/** 6 significant digits: grid points print as `0.0316228`, not `0.031622776601683794`. */
const round = (x: number): number => Number(x.toPrecision(6));

const number = (text: string, what: string, flag: string, whole: string): number => {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x)) throw new Error(`${flag}: ${what} '${text}' is not a number in '${whole}'`);
  return x;
};

/**
 * Parses one `--tune` value. Errors name the flag, the part that is wrong and the whole value.
 *
 * @example
 * parseTuneAxis('learningRate=log:1e-3..1,4', '--tune').values; // [0.001, 0.01, 0.1, 1]
 * parseTuneAxis('momentum=lin:0.5..0.9,3', '--tune').values;    // [0.5, 0.7, 0.9]
 * parseTuneAxis('beta2=0.99;0.999', '--tune').values;           // [0.99, 0.999]
 */
export function parseTuneAxis(text: string, flag: string): TuneAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`${flag}: expected key=log:lo..hi,n or key=lin:lo..hi,n or key=a;b;c, got '${text}'`);
  const key = text.slice(0, eq).trim();
  if (!/^[a-z][A-Za-z0-9]*$/.test(key)) throw new Error(`${flag}: '${key}' is not a hyper-parameter name (camelCase, e.g. learningRate) in '${text}'`);
  const body = text.slice(eq + 1).trim();
  const range = /^(log|lin):(.*)$/.exec(body);
  if (!range) {
    const values = body.split(';').map((v) => number(v, 'value', flag, text));
    if (values.length < 2) throw new Error(`${flag}: '${text}' lists one value; give a range (log:lo..hi,n or lin:lo..hi,n) or two or more values a;b`);
    if (new Set(values).size !== values.length) throw new Error(`${flag}: a value is listed twice in '${text}'`);
    const sorted = [...values].sort((a, b) => a - b);
    return { key, scale: 'list', lo: sorted[0]!, hi: sorted[sorted.length - 1]!, values: sorted, text };
  }
  const scale = range[1] as 'log' | 'lin';
  const m = /^([^,]*)\.\.([^,]*),(.*)$/.exec(range[2]!);
  if (!m) throw new Error(`${flag}: expected ${scale}:lo..hi,n (e.g. ${key}=${scale}:${scale === 'log' ? '1e-4..1,8' : '0.5..0.99,4'}), got '${text}'`);
  const lo = number(m[1]!, 'lower end', flag, text);
  const hi = number(m[2]!, 'upper end', flag, text);
  const count = Number(m[3]);
  if (!Number.isInteger(count) || count < 2) throw new Error(`${flag}: the number of points must be an integer >= 2, got '${m[3]}' in '${text}'`);
  if (!(lo < hi)) throw new Error(`${flag}: the range must go from low to high, got ${m[1]}..${m[2]} in '${text}'`);
  if (scale === 'log' && !(lo > 0)) throw new Error(`${flag}: a log range needs positive ends, got ${m[1]}..${m[2]} in '${text}'`);
  const values = Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return round(scale === 'log' ? 10 ** (Math.log10(lo) + t * (Math.log10(hi) - Math.log10(lo))) : lo + t * (hi - lo));
  });
  return { key, scale, lo, hi, values, text };
}

/** Parses every `--tune` flag; a key tuned twice is an error. */
export function parseTuneAxes(texts: readonly string[], flag: string): TuneAxis[] {
  const axes = texts.map((t) => parseTuneAxis(t, flag));
  const keys = axes.map((a) => a.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined) throw new Error(`${flag}: ${twice} is tuned twice; give one range per hyper-parameter`);
  return axes;
}

/**
 * Every setting of the product grid, the first axis varying slowest.
 *
 * @example
 * gridSettings([lr, momentum]); // [{ learningRate: 0.01, momentum: 0.5 }, { learningRate: 0.01, momentum: 0.9 }, …]
 */
export function gridSettings(axes: readonly TuneAxis[]): TuneSetting[] {
  let out: Record<string, number>[] = [{}];
  for (const a of axes) out = out.flatMap((s) => a.values.map((v) => ({ ...s, [a.key]: v })));
  return out;
}

/**
 * `budget` settings drawn at random from the axes' ranges, the same for every optimizer (so their
 * sensitivity curves share their x values): log-uniform on a log range, uniform on a linear one, one of
 * the values of a list. Rounded like the grid; sorted by the first axis. Same seed → same settings.
 */
export function randomSettings(axes: readonly TuneAxis[], budget: number, seed: number): TuneSetting[] {
  const random = new Random(seed);
  const out: Record<string, number>[] = [];
  for (let i = 0; i < budget; i++) {
    const s: Record<string, number> = {};
    for (const a of axes) {
      if (a.scale === 'list') s[a.key] = a.values[random.int(a.values.length)]!;
      else if (a.scale === 'log') s[a.key] = round(10 ** random.uniformIn(Math.log10(a.lo), Math.log10(a.hi)));
      else s[a.key] = round(random.uniformIn(a.lo, a.hi));
    }
    out.push(s);
  }
  const first = axes[0]?.key;
  return first === undefined ? out : out.sort((x, y) => x[first]! - y[first]!);
}

/** `learningRate=0.01 momentum=0.9`, with `lr` for the learning rate as the sweep labels write it. */
export function formatSetting(setting: TuneSetting): string {
  return Object.entries(setting).map(([k, v]) => `${k === 'learningRate' ? 'lr' : k}=${v}`).join(' ');
}
