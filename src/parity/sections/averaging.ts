/**
 * The 'averaging' section of a golden file (SCHEMA.md §3): the recorded sequence of parameter vectors is
 * fed to each averager and the average after every iterate compared with PyTorch's (AveragedModel with
 * equal weights or an EMA avg_fn) or with the plain-Python reference (Polyak, polynomial decay).
 */
import { type Averager } from '../../averaging/averager.js';
import { ema } from '../../averaging/ema.js';
import { polyak } from '../../averaging/polyak.js';
import { polynomialDecay } from '../../averaging/polynomial-decay.js';
import { emaAvgFn, swa } from '../../averaging/swa.js';
import { compareArrays, FLOAT64_TOLERANCE } from '../compare.js';
import { ParityMismatch, runCase, type CaseResult } from '../report.js';

const SECTION = 'averaging';

interface AveragingCase {
  name: string;
  averaged: number[][];
  decay?: number;
  eta?: number;
}

function numberField(c: AveragingCase, key: 'decay' | 'eta'): number {
  const v = c[key];
  if (typeof v !== 'number') throw new Error(`the case needs a numeric '${key}'`);
  return v;
}

/** The averager a case describes, by its schema name. */
function averagerFor(c: AveragingCase): Averager {
  switch (c.name) {
    case 'AveragedModel_equal':
      return swa();
    case 'AveragedModel_ema':
      // PyTorch: AveragedModel(model, avg_fn=ema); `ema()` is the same rule, checked both ways.
      return swa({ avgFn: emaAvgFn(numberField(c, 'decay')) });
    case 'polyak':
      return polyak();
    case 'polynomial_decay':
      return polynomialDecay({ eta: numberField(c, 'eta') });
    default:
      throw new Error(`unknown averaging case '${c.name}'`);
  }
}

function isMatrix(value: unknown): value is number[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.every((v) => typeof v === 'number'));
}

/** Feeds the sequence to `averager`; returns the flattened averages after each iterate. */
function run(averager: Averager, sequence: number[][]): number[] {
  let state = averager.init({ x: new Float64Array(sequence[0]!.length) });
  const out: number[] = [];
  for (const x of sequence) {
    state = averager.update(state, { x: Float64Array.from(x) });
    out.push(...state.averaged.x!);
  }
  return out;
}

/** Runs the 'averaging' section of a golden file: one result per case. */
export function runAveragingSection(section: unknown): CaseResult[] {
  const s = section as { sequence?: unknown; cases?: unknown } | null;
  if (!Array.isArray(s?.cases)) return [{ section: SECTION, name: '(section)', ok: false, detail: "the section has no 'cases' list" }];
  const sequence = s.sequence;
  return s.cases.map((raw: unknown, i) => {
    const c = raw as AveragingCase;
    return runCase(SECTION, typeof c?.name === 'string' ? c.name : `case ${i}`, () => {
      if (!isMatrix(sequence) || sequence.length === 0) throw new Error("the section's 'sequence' must be a non-empty list of vectors");
      if (!isMatrix(c.averaged)) throw new Error("the case's 'averaged' must be a list of vectors");
      if (c.averaged.length !== sequence.length) {
        throw new Error(`'averaged' has ${c.averaged.length} rows for a sequence of ${sequence.length}`);
      }
      const expected = c.averaged.flat();
      const results = [run(averagerFor(c), sequence)];
      if (c.name === 'AveragedModel_ema') results.push(run(ema({ decay: numberField(c, 'decay') }), sequence));
      let worst = 0;
      for (const actual of results) {
        const cmp = compareArrays(expected, actual, FLOAT64_TOLERANCE, 'averaged');
        if (!cmp.ok) throw new ParityMismatch(cmp.worst);
        worst = Math.max(worst, cmp.worstRatio);
      }
      return `${sequence.length} iterates × ${sequence[0]!.length} values, worst |diff|/tol ${worst.toExponential(1)}`;
    });
  });
}
