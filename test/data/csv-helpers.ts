/** Shared by the CSV tests: the message of the error a CSV parse raises. */
import { expect } from 'vitest';
import { DataError, parseCsv, type CsvOptions } from '../../src/data/index.js';

/** The message of the DataError `parseCsv(text, options)` throws (source `d.csv` unless given). */
export function csvError(text: string, options: CsvOptions = {}): string {
  try {
    parseCsv(text, { source: 'd.csv', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as Error).message;
  }
  throw new Error('expected a DataError');
}
