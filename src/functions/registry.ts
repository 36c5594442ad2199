/**
 * Every 2-D test function by name. The playground lists these; the parity checker looks up a
 * golden file's `fn2d.name` here.
 */
import { bealeEntry } from './beale.js';
import { himmelblauEntry } from './himmelblau.js';
import { monkeySaddleEntry, rastriginEntry, saddleEntry, threeHumpCamelEntry } from './multimodal.js';
import { boothEntry, matyasEntry, quadraticEntry } from './quadratics.js';
import { rosenbrockEntry } from './rosenbrock.js';
import type { Objective2D, TestFunctionEntry } from './types.js';
import { valleyEntry } from './valley.js';

/** All test functions, in the order the playground shows them. */
export const TEST_FUNCTIONS: readonly TestFunctionEntry[] = [
  rosenbrockEntry,
  bealeEntry,
  himmelblauEntry,
  boothEntry,
  matyasEntry,
  threeHumpCamelEntry,
  rastriginEntry,
  saddleEntry,
  monkeySaddleEntry,
  quadraticEntry,
  valleyEntry,
];

/** Other spellings accepted by {@link testFunction} (after lower-casing and dropping `_`, `-`, spaces). */
const ALIASES: Record<string, string> = {
  threehumpcamel: 'three-hump-camel',
  camel: 'three-hump-camel',
  camel3: 'three-hump-camel',
  threehump: 'three-hump-camel',
  monkeysaddle: 'monkey-saddle',
  saddlepoint: 'saddle',
  illconditionedquadratic: 'quadratic',
  illconditioned: 'quadratic',
  rotatedquadratic: 'quadratic',
  narrowvalley: 'valley',
  longnarrowvalley: 'valley',
  longvalley: 'valley',
};

function key(name: string): string {
  return name.toLowerCase().replace(/[\s_\-]/g, '');
}

/**
 * The entry called `name` (case, `-`, `_` and spaces ignored: `three_hump_camel` works), or
 * undefined.
 */
export function findTestFunction(name: string): TestFunctionEntry | undefined {
  const k = key(name);
  const target = ALIASES[k] ?? k;
  return TEST_FUNCTIONS.find((f) => key(f.name) === key(target));
}

/**
 * The test function `name` with the given constants; throws with the list of valid names.
 *
 * @example
 * const f = testFunction('rosenbrock', { b: 10 });
 */
export function testFunction(name: string, constants: Readonly<Record<string, number>> = {}): Objective2D {
  const entry = findTestFunction(name);
  if (!entry) throw new Error(`unknown test function '${name}'; valid names: ${TEST_FUNCTIONS.map((f) => f.name).join(', ')}`);
  return entry.create(constants);
}
