/**
 * What the MNIST panel says about a held-out digit it shows ("Next held-out digit", "Next
 * mistake"). While the network trains, the panel asks again for the same digit after each refresh,
 * and the answer may change: "Next mistake" could show a 4 read as a 9 and, 100 ms later, the same
 * digit read correctly with no word of why. The message keeps the first reading and says the
 * network changed its answer since, which is the point of watching it train.
 */
import { formatCount } from '../format.js';
import type { HeldOutExample } from './trainer.js';

/** How the network read a digit when the panel first showed it. */
export interface FirstReading {
  /** The digit's held-out index ({@link HeldOutExample.index}). */
  index: number;
  predicted: number;
  /** The training step of that reading. */
  step: number;
}

/**
 * The reading of `example` at `step` to keep: `previous` while it is of the same digit in the same
 * run (a step before the previous one's means Train started a new run), a new one otherwise.
 */
export function firstReading(example: Pick<HeldOutExample, 'index' | 'predicted'>, previous: FirstReading | null, step: number): FirstReading {
  return previous !== null && previous.index === example.index && step >= previous.step ? previous : { index: example.index, predicted: example.predicted, step };
}

/**
 * The sentence for `example`, e.g. "Held-out digit 12, a 4: the network reads a 9 (61% sure) — a
 * mistake." When `first` (of the same digit) read it otherwise, the sentence says so: "… the network
 * now reads a 4 (88% sure); at step 1 200 it read a 9."
 */
export function exampleMessage(example: Pick<HeldOutExample, 'index' | 'label' | 'predicted' | 'probabilities'>, first: FirstReading | null): string {
  const { index, label, predicted } = example;
  const sure = (100 * example.probabilities[predicted]!).toFixed(0);
  const changed = first !== null && first.index === index && first.predicted !== predicted;
  const reads = `the network ${changed ? 'now ' : ''}reads a ${predicted} (${sure}% sure)`;
  const mistake = predicted === label ? '' : ' — a mistake';
  const before = changed ? `; at step ${formatCount(first.step)} it read a ${first.predicted}${first.predicted === label ? ', correctly' : ''}` : '';
  return `Held-out digit ${formatCount(index + 1)}, a ${label}: ${reads}${mistake}${before}.`;
}
