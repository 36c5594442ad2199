import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DataError, parseCsv, type CsvOptions, type Dataset } from '../../src/data/index.js';

/** Parses, or accepts a DataError; anything else (TypeError, RangeError, ...) fails the property. Checks the invariants of a result. */
function parsesOrDataError(text: string, options: CsvOptions = {}): void {
  let ds: Dataset;
  try {
    ds = parseCsv(text, { source: 'fuzz.csv', ...options });
  } catch (e) {
    if (e instanceof DataError) {
      expect(e.message.startsWith('fuzz.csv')).toBe(true);
      return;
    }
    throw e;
  }
  expect(ds.length).toBeGreaterThan(0);
  expect(ds.features.data.every(Number.isFinite)).toBe(true);
  if (ds.numClasses !== null) expect(ds.labels.data.every((c) => c >= 0 && c < ds.numClasses!)).toBe(true);
}

const csvChar = fc.constantFrom(',', ',', ',', '"', '\n', '\n', '\r', ';', '\t', ' ', '0', '1', '2', '7', '9', '.', 'e', '-', '+', 'a', 'x', 'é', '\uFEFF');
// FUZZ_RUNS=20000 npx vitest run ... for a deeper search.
const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

describe('CSV reader fuzzing: every input reads or throws a DataError', () => {
  it('random CSV-like text', () => {
    fc.assert(fc.property(fc.string({ unit: csvChar, maxLength: 120 }), (s) => parsesOrDataError(s)), runs);
  });

  it('random bytes as UTF-8', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => parsesOrDataError(new TextDecoder().decode(b))), runs);
  });

  it('random text with random options', () => {
    const options = fc.record(
      {
        label: fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom('a', 'y', 'x1')),
        header: fc.constantFrom(true, false, 'auto' as const),
        task: fc.constantFrom('classification' as const, 'regression' as const),
        oneHot: fc.boolean(),
        // Huge, fractional and non-finite counts too: these once gave RangeErrors with oneHot.
        numClasses: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, -1, 2.5, 2 ** 16, 2 ** 20 + 1, 1e10, 2 ** 31, 2 ** 53, Infinity, NaN)),
        classes: fc.constantFrom(['a'], ['0', '1', 'x']),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(fc.string({ unit: csvChar, maxLength: 80 }), options, (s, o) => parsesOrDataError(s, o)), runs);
  });

  it('valid tables with random mutations (insert, delete, replace a character)', () => {
    const feature = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }).map(String), fc.integer().map(String));
    const row = fc.tuple(feature, feature, fc.integer({ min: 0, max: 3 }).map(String));
    const table = fc.array(row, { minLength: 1, maxLength: 8 });
    const mutation = fc.tuple(fc.constantFrom('insert', 'delete', 'replace'), fc.nat(), csvChar);
    fc.assert(
      fc.property(table, fc.boolean(), fc.array(mutation, { maxLength: 4 }), (rows, header, mutations) => {
        let text = (header ? 'x1,x2,y\n' : '') + rows.map((r) => r.join(',')).join('\n') + '\n';
        if (mutations.length === 0) expect(() => parseCsv(text)).not.toThrow();
        for (const [kind, at, c] of mutations) {
          const i = at % (text.length + 1);
          text = kind === 'insert' ? text.slice(0, i) + c + text.slice(i) : kind === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + c + text.slice(i + 1);
        }
        parsesOrDataError(text);
      }),
      runs,
    );
  });

  it('oneHot with any numClasses on valid tables: one-hot rows [N, numClasses] or a DataError (these once threw RangeErrors)', () => {
    const numClasses = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constantFrom(0, -1, 0.5, 2 ** 14, 2 ** 20 + 1, 2 ** 31, 1e10, 2 ** 53, 1e308, Infinity, NaN));
    const table = fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.constantFrom('0', '1', '2', '5', '1048575', '100000000', '0.5')), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(table, numClasses, fc.boolean(), (rows, k, oneHot) => {
        const text = 'x,y\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
        let ds: Dataset;
        try {
          ds = parseCsv(text, { source: 'fuzz.csv', numClasses: k, oneHot });
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
          expect(e.message.startsWith('fuzz.csv')).toBe(true);
          return;
        }
        expect(Number.isInteger(k) && k >= 1 && k <= 2 ** 20).toBe(true);
        expect(ds.labels.shape).toEqual(oneHot ? [rows.length, k] : [rows.length]);
        expect(ds.labels.data.byteLength).toBeLessThanOrEqual(2 ** 30);
      }),
      { numRuns: Math.ceil(runs.numRuns / 3) },
    );
  });

  it('pathological inputs finish quickly (no quadratic blow-up)', () => {
    const t0 = performance.now();
    parsesOrDataError('"'.repeat(200_001));
    parsesOrDataError(','.repeat(200_000) + '\n');
    parsesOrDataError('1,2\n'.repeat(50_000));
    parsesOrDataError('"a""'.repeat(50_000));
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
