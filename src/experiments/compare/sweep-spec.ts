/**
 * Sweep axes from their command-line text: `sgd,momentum,adam:learningRate=0.01:beta1=0.8`,
 * `1,16,256,full`, `constant,step:stepSize=5,gamma=0.5`. Errors name the flag and the bad item.
 */
import type { OptimizerChoice } from './sweep.js';
import type { HyperValue } from './types.js';

/**
 * Splits a comma list whose items may themselves hold `key=value` pairs separated by commas: a piece
 * with `=` but no `:` continues the previous item (`step:stepSize=5,gamma=0.5` stays one item).
 * An empty piece is an error naming `flag`.
 */
export function splitSpecList(text: string, flag: string): string[] {
  const pieces = text.split(',').map((p) => p.trim());
  if (pieces.length === 1 && pieces[0] === '') throw new Error(`empty sweep: ${flag} lists nothing`);
  const items: string[] = [];
  for (const p of pieces) {
    if (p === '') throw new Error(`${flag}: empty item in '${text}'`);
    if (p.includes('=') && !p.includes(':') && items.length > 0) items[items.length - 1] += `,${p}`;
    else items.push(p);
  }
  return items;
}

/** A value after `=`: number, boolean, `a;b` number list, or text. */
export function parseHyperValue(text: string): HyperValue {
  if (text === 'true' || text === 'false') return text === 'true';
  const list = text.replace(/^\[|\]$/g, '');
  if (list.includes(';')) {
    const xs = list.split(';').map(Number);
    if (xs.every(Number.isFinite)) return xs;
  }
  const x = Number(text);
  return text.trim() !== '' && !Number.isNaN(x) ? x : text;
}

/**
 * `--optimizers`: `name[:key=value[:key=value…]]` items (commas also separate pairs after a colon).
 *
 * @example
 * parseOptimizers('sgd:momentum=0.9,nesterov=true,adam:learningRate=0.01', '--optimizers');
 * // [{ name: 'sgd', hyperParameters: { momentum: 0.9, nesterov: true } }, { name: 'adam', hyperParameters: { learningRate: 0.01 } }]
 */
export function parseOptimizers(text: string, flag: string): OptimizerChoice[] {
  return splitSpecList(text, flag).map((item) => {
    const [name, ...rest] = item.split(':');
    const hyperParameters: Record<string, HyperValue> = {};
    for (const pair of rest.join(',').split(',').filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) throw new Error(`${flag}: expected key=value after '${name}:', got '${pair}' in '${item}'`);
      hyperParameters[pair.slice(0, eq)] = parseHyperValue(pair.slice(eq + 1));
    }
    return { name: name!, hyperParameters };
  });
}

/** A comma list of plain items (no `=` merging), each non-empty. */
export function splitList(text: string, flag: string): string[] {
  const items = text.split(',').map((p) => p.trim());
  if (items.length === 1 && items[0] === '') throw new Error(`empty sweep: ${flag} lists nothing`);
  if (items.some((p) => p === '')) throw new Error(`${flag}: empty item in '${text}'`);
  return items;
}

/** `--learning-rates 0.1,0.01`: positive numbers. */
export function parseLearningRates(text: string, flag: string): number[] {
  return splitList(text, flag).map((p) => {
    const x = Number(p);
    if (!(x > 0) || !Number.isFinite(x)) throw new Error(`${flag}: expected positive numbers, got '${p}'`);
    return x;
  });
}

/** `--batch-sizes 1,16,256,full`: positive integers or `full`. */
export function parseBatchSizes(text: string, flag: string): (number | 'full')[] {
  return splitList(text, flag).map((p) => {
    if (p === 'full') return 'full';
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected positive integers or 'full', got '${p}'`);
    return n;
  });
}

/**
 * `--seeds 3` (a count: seeds 1, 2, 3), `--seeds 1-5` (a range) or `--seeds 1,5,9` (a list): distinct
 * non-negative integers. A bare integer is a count because "three seeds" is what a sweep asks for
 * most; a single seed other than 1 is the range `7-7`.
 *
 * @example
 * parseSeeds('3', '--seeds'); // [1, 2, 3]
 * parseSeeds('2,7-8', '--seeds'); // [2, 7, 8]
 */
export function parseSeeds(text: string, flag: string): number[] {
  const count = /^\s*(\d+)\s*$/.exec(text);
  if (count) {
    const n = Number(count[1]);
    if (n < 1) throw new Error(`${flag}: a count of seeds must be at least 1, got '${text.trim()}' (one seed s: ${flag} s-s)`);
    return Array.from({ length: n }, (_, i) => i + 1);
  }
  const seeds: number[] = [];
  for (const p of splitList(text, flag)) {
    const range = /^(\d+)-(\d+)$/.exec(p);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a) throw new Error(`${flag}: empty range '${p}'`);
      for (let s = a; s <= b; s++) seeds.push(s);
      continue;
    }
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected non-negative integers, got '${p}'`);
    seeds.push(n);
  }
  if (new Set(seeds).size !== seeds.length) throw new Error(`${flag}: seed listed twice in '${text}'`);
  return seeds;
}

/** `--target 0.05` or `--target 5%`: a held-out error in [0, 1). */
export function parseTarget(text: string, flag: string): number {
  const percent = text.trim().endsWith('%');
  const x = Number(percent ? text.trim().slice(0, -1) : text);
  const value = percent ? x / 100 : x;
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new Error(`${flag}: expected an error rate in [0, 1) such as 0.05 or 5%, got '${text}'`);
  return value;
}
