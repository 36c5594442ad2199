/** Iterate averaging by name for the command line. */
import type { Averager } from '../averaging/averager.js';
import { polyak } from '../averaging/polyak.js';
import { ema } from '../averaging/ema.js';
import { swa } from '../averaging/swa.js';
import { polynomialDecay } from '../averaging/polynomial-decay.js';
import { SpecError } from './spec-error.js';

export const AVERAGING_NAMES = ['none', 'polyak', 'polynomial', 'ema', 'swa'] as const;

/** The `averaging` option of fit for a name ('none': no averaging). */
export function createAveraging(name: string): { averaging: Averager } | null {
  switch (name) {
    case 'none':
      return null;
    case 'polyak':
      return { averaging: polyak() };
    case 'polynomial':
      return { averaging: polynomialDecay() };
    case 'ema':
      return { averaging: ema() };
    case 'swa':
      return { averaging: swa() };
  }
  throw new SpecError(`unknown averaging '${name}'; valid: ${AVERAGING_NAMES.join(', ')}`);
}
