/** The MNIST panel's trainer and the drawing pad's preprocessing, in Node. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { packageDigits } from '../../web/mnist/build-digits.js';
import type { DigitSet } from '../../web/mnist/digits-file.js';
import { centreOfMass, inkBox, MNIST_SIDE, preprocessDigit } from '../../web/mnist/preprocess.js';
import { classesInTurn, MnistTrainer, mnistOptimizers } from '../../web/mnist/trainer.js';

describe('MnistTrainer', () => {
  let digits: DigitSet;
  beforeAll(async () => {
    digits = await packageDigits();
  }, 60_000);

  it('reaches ≥ 90% on the held-out digits from its defaults within two epochs', () => {
    const t = new MnistTrainer(digits);
    expect(t.counts).toEqual({ train: 8000, heldOut: 2000 });
    const before = t.evaluate();
    expect(before.accuracy).toBeLessThan(0.3); // untrained: about chance
    t.train(500); // two epochs of 250 batches of 32
    const after = t.evaluate();
    expect(after.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(after.loss).toBeLessThan(before.loss / 3);
    expect(t.epoch).toBe(2);
    // The confusion matrix counts every held-out digit once, mostly on the diagonal.
    expect(after.confusion.reduce((a, b) => a + b, 0)).toBe(2000);
    let diagonal = 0;
    for (let d = 0; d < 10; d++) diagonal += after.confusion[d * 11]!;
    expect(diagonal / 2000).toBeCloseTo(after.accuracy, 10);
    const stats = t.takeTrainingStats()!;
    expect(stats.accuracy).toBeGreaterThan(0.8);
    expect(t.takeTrainingStats()).toBeNull();
  }, 60_000);

  it('shows held-out digits in order and finds the ones it misclassifies, agreeing with evaluate()', () => {
    const t = new MnistTrainer(digits, { seed: 3 });
    t.train(60);
    const errors = Math.round((1 - t.evaluate().accuracy) * t.counts.heldOut);
    expect(errors).toBeGreaterThan(0);
    // In order, wrapping around: the first digit, then the next, then back to 0 after the last.
    const first = t.heldOutExample(0, false)!;
    expect(first.index).toBe(0);
    expect(t.heldOutExample(1, false)!.index).toBe(1);
    expect(t.heldOutExample(t.counts.heldOut, false)!.index).toBe(0);
    // The classes in turn (the digits are stored grouped by class: 200 zeros came first).
    expect(Array.from({ length: 12 }, (_, i) => t.heldOutExample(i, false)!.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(first.pixels).toHaveLength(784);
    expect(first.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(first.predicted).toBe(first.probabilities.indexOf(Math.max(...first.probabilities)));
    expect(Array.from(first.probabilities)).toEqual(Array.from(t.predict(first.pixels)));
    // Walking the mistakes visits exactly the misclassified digits evaluate() counted.
    const seen = new Set<number>();
    let from = 0;
    for (;;) {
      const m = t.heldOutExample(from, true)!;
      expect(m.predicted).not.toBe(m.label);
      if (seen.has(m.index)) break;
      seen.add(m.index);
      from = m.index + 1;
    }
    expect(seen.size).toBe(errors);
  }, 60_000);

  it('classesInTurn takes the classes in turn, skipping a class that ran out, and is a permutation', () => {
    const labels = [0, 0, 0, 1, 2, 2];
    const order = Array.from(classesInTurn(labels));
    expect(order).toEqual([0, 3, 4, 1, 5, 2]);
    expect(order.map((r) => labels[r])).toEqual([0, 1, 2, 0, 2, 0]);
    expect(Array.from(classesInTurn([]))).toEqual([]);
  });

  it('has no mistake to show when every held-out digit is right', () => {
    const t = new MnistTrainer(digits, { seed: 3 });
    const labels = new Map<string, number>();
    for (let i = 0; i < t.counts.heldOut; i++) {
      const e = t.heldOutExample(i, false)!;
      labels.set(e.pixels.join(','), e.label);
    }
    // A network that is right on every held-out digit: one-hot at the true label.
    vi.spyOn(t, 'predict').mockImplementation((pixels) => {
      const probabilities = new Float32Array(10);
      probabilities[labels.get(pixels.join(','))!] = 1;
      return probabilities;
    });
    expect(t.heldOutExample(0, false)!.predicted).toBe(t.heldOutExample(0, false)!.label);
    expect(t.heldOutExample(17, true)).toBeNull();
  });

  it('replays the same run from the same seed, and predicts probabilities summing to 1', () => {
    const a = new MnistTrainer(digits, { optimizer: 'sgd', learningRate: 0.1, seed: 4 });
    const b = new MnistTrainer(digits, { optimizer: 'sgd', learningRate: 0.1, seed: 4 });
    a.train(20);
    b.train(20);
    expect(Array.from(a.firstLayer(2).weights)).toEqual(Array.from(b.firstLayer(2).weights));
    const first = a.firstLayer(32);
    expect([first.count, first.side, first.weights.length]).toEqual([32, 28, 32 * 784]);
    const p = a.predict(new Float32Array(784).fill(0.1));
    expect(p.length).toBe(10);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('the conv net passes 90% held-out within two epochs too, its first layer 8 filters of 5×5', () => {
    const t = new MnistTrainer(digits, { model: 'conv' });
    t.train(500);
    expect(t.evaluate().accuracy).toBeGreaterThanOrEqual(0.9);
    const first = t.firstLayer(32);
    expect([first.count, first.side, first.weights.length]).toEqual([8, 5, 8 * 25]);
    const p = t.predict(new Float32Array(784));
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  }, 120_000);

  it('offers only first-order optimizers and rejects bad settings by name', () => {
    expect(mnistOptimizers()).toContain('adam');
    expect(mnistOptimizers()).not.toContain('lbfgs');
    expect(() => new MnistTrainer(digits, { optimizer: 'newton' })).toThrow(/'newton' is not a first-order optimizer/);
    expect(() => new MnistTrainer(digits, { learningRate: 0 })).toThrow(/learning rate must be positive/);
  });
});

/** A pad of `w × h` with a filled rectangle of ink. */
function pad(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const ink = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * w + x] = 1;
  return ink;
}

describe('preprocessDigit', () => {
  it('scales the ink box so its longer side is 20 pixels, keeping the aspect ratio', () => {
    // A tall stroke, 40 × 160, drawn off-centre in the top-left of a 280 × 280 pad.
    const img = preprocessDigit(pad(280, 280, 10, 5, 50, 165), 280, 280);
    const box = inkBox(img, MNIST_SIDE, MNIST_SIDE)!;
    expect(box.y1 - box.y0).toBe(20);
    expect(box.x1 - box.x0).toBe(5);
    expect(Math.max(...img)).toBeCloseTo(1, 5);
  });

  it('centres the centre of mass at (14, 14) wherever the digit was drawn', () => {
    for (const [x0, y0] of [[0, 0], [200, 150], [100, 20]] as const) {
      // An L shape: mass not at the box's centre.
      const ink = pad(280, 280, x0, y0, x0 + 20, y0 + 100);
      for (let y = y0 + 80; y < y0 + 100; y++) for (let x = x0; x < x0 + 70; x++) ink[y * 280 + x] = 1;
      const img = preprocessDigit(ink, 280, 280);
      const [cx, cy] = centreOfMass(img, MNIST_SIDE, MNIST_SIDE);
      expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
    }
  });

  it('anti-aliases: an edge falling inside a pixel gives a grey value, and the area average conserves the ink', () => {
    // Two bars in a 100 × 100 box (scale 0.2): x ∈ [0, 10) → [0, 2) exactly; x ∈ [47, 53) → [9.4, 10.6): two grey pixels.
    const ink = pad(280, 280, 0, 0, 10, 100);
    for (let y = 0; y < 100; y++) for (let x = 47; x < 53; x++) ink[y * 280 + x] = 1;
    ink[99 * 280 + 99] = 1; // one dot at the far corner makes the box 100 wide
    const img = preprocessDigit(ink, 280, 280);
    const greys = Array.from(img).filter((v) => v > 0.05 && v < 0.95);
    expect(greys.length).toBeGreaterThanOrEqual(2 * 20);
    const inked = 10 * 100 + 6 * 100 + 1;
    expect(img.reduce((s, v) => s + v, 0)).toBeCloseTo(inked * 0.2 * 0.2, 3);
  });

  it('gives an empty image for an empty pad', () => {
    expect(preprocessDigit(new Float32Array(100), 10, 10).every((v) => v === 0)).toBe(true);
  });
});
