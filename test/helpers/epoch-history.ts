/** Comparing training histories: everything an epoch recorded except how long it took. */
import type { EpochRecord } from '../../src/train/types.js';

/** The history without each epoch's `seconds`, the one field two identical runs do not share. */
export const withoutTime = (history: readonly EpochRecord[]): Array<Omit<EpochRecord, 'seconds'>> => history.map(({ seconds: _s, ...rest }) => rest);
