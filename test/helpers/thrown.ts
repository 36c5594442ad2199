/** Test helpers for asserting what a call throws. */
import { expect } from 'vitest';
import { DataError } from '../../src/data/data-error.js';
import { SpecError } from '../../src/specs/spec-error.js';

/** Runs `fn`, expecting it to throw an instance of `type`, and returns the error (to check its message). */
export function thrown<E extends Error>(type: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e as E;
  }
  throw new Error(`expected a ${type.name}`);
}

/** The {@link DataError} `fn` throws. */
export const dataError = (fn: () => unknown): DataError => thrown(DataError, fn);

/** The {@link SpecError} `fn` throws. */
export const specError = (fn: () => unknown): SpecError => thrown(SpecError, fn);
