/** The colour rule of the MNIST panel's weight images, in Node: white at 0, red towards +1, blue towards −1. */
import { describe, expect, it } from 'vitest';
import { writeDivergingColour } from '../../web/mnist/weight-images.js';

describe('writeDivergingColour', () => {
  it('writes RGB in place, leaving alpha and the neighbours alone', () => {
    const data = new Uint8ClampedArray(4 * 6).fill(7);
    const values = [1, -1, 0, 0.5, -0.25, 3];
    values.forEach((v, i) => writeDivergingColour(data, 4 * i, v));
    const rgb = values.map((_, i) => Array.from(data.subarray(4 * i, 4 * i + 3)));
    expect(rgb).toEqual([[255, 0, 0], [0, 0, 255], [255, 255, 255], [255, 128, 128], [191, 191, 255], [255, 0, 0]]);
    expect(values.map((_, i) => data[4 * i + 3])).toEqual([7, 7, 7, 7, 7, 7]);
  });
});
