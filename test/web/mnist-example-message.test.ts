/**
 * The MNIST panel's sentence about a held-out digit, in Node: a refresh during training that reads
 * the digit otherwise says the answer changed, instead of silently turning a mistake into a success.
 */
import { describe, expect, it } from 'vitest';
import { exampleMessage, firstReading } from '../../web/mnist/example-message.js';

/** A held-out digit labelled `label`, read as `predicted` with probability 0.6. */
function example(index: number, label: number, predicted: number) {
  const probabilities = new Float32Array(10).fill(0.4 / 9);
  probabilities[predicted] = 0.6;
  return { index, label, predicted, probabilities };
}

describe('exampleMessage', () => {
  it('says what the network reads, and whether it is a mistake', () => {
    expect(exampleMessage(example(11, 4, 4), null)).toBe('Held-out digit 12, a 4: the network reads a 4 (60% sure).');
    expect(exampleMessage(example(11, 4, 9), null)).toBe('Held-out digit 12, a 4: the network reads a 9 (60% sure) — a mistake.');
  });

  it('a refresh that reads the shown mistake correctly says the answer changed, and when', () => {
    const first = firstReading(example(11, 4, 9), null, 1200);
    const later = example(11, 4, 4);
    const kept = firstReading(later, first, 1300);
    expect(kept).toEqual({ index: 11, predicted: 9, step: 1200 });
    expect(exampleMessage(later, kept)).toBe('Held-out digit 12, a 4: the network now reads a 4 (60% sure); at step 1\u2009200 it read a 9.');
  });

  it('and one that turns a correct reading into a mistake says both', () => {
    const first = firstReading(example(0, 7, 7), null, 50);
    expect(exampleMessage(example(0, 7, 1), firstReading(example(0, 7, 1), first, 60))).toBe('Held-out digit 1, a 7: the network now reads a 1 (60% sure) — a mistake; at step 50 it read a 7, correctly.');
  });

  it('a new digit, or the same digit in a new run (its step went back), starts a new first reading', () => {
    const first = firstReading(example(3, 2, 5), null, 400);
    expect(firstReading(example(4, 1, 1), first, 410)).toEqual({ index: 4, predicted: 1, step: 410 });
    expect(firstReading(example(3, 2, 2), first, 10)).toEqual({ index: 3, predicted: 2, step: 10 });
    expect(exampleMessage(example(3, 2, 2), firstReading(example(3, 2, 2), first, 10))).toBe('Held-out digit 4, a 2: the network reads a 2 (60% sure).');
  });
});
