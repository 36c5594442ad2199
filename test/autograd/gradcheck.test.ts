import { describe, it, expect } from 'vitest';
import { gradcheck, Tensor, tanh, mul } from '../ops/core.js';
import { record } from '../../src/autograd/record.js';
import { mapKernel } from '../../src/ops/elementwise.js';
import { randT } from '../ops/helpers.js';

/** x² with a deliberately wrong VJP (forgets the factor 2). */
function badSquare(x: Tensor): Tensor {
  return record(mapKernel('square', x), 'badSquare', [x], (g) => [mul(g, x)]);
}

describe('gradcheck', () => {
  it('passes a correct gradient', () => {
    const x = randT([3, 4], 1);
    const r = gradcheck((t) => tanh(t), [x]);
    expect(r.ok).toBe(true);
    expect(r.worstRatio).toBeLessThan(0.1);
  });

  it('catches a wrong gradient and says where', () => {
    const x = randT([2, 3], 2, { avoid: [0], gap: 0.1 });
    const r = gradcheck(badSquare, [x]);
    expect(r.ok).toBe(false);
    expect(r.worstRatio).toBeGreaterThan(100);
    expect(r.worst).toMatch(/^input 0 \[2,3\] element \d: analytic .*, numeric /);
  });

  it('catches a gradient that is missing for one of several inputs', () => {
    const a = randT([3], 3);
    const b = randT([3], 4);
    // The VJP returns null for b although the output depends on b.
    const r = gradcheck((x, y) => record(mapKernel('neg', x.mul(y).detach()), 'bad', [x, y], (g) => [mul(g, y).neg(), null]), [a, b]);
    expect(r.ok).toBe(false);
    expect(r.worst).toContain('input 1 [3]');
  });

  it('skips inputs that do not require a gradient and leaves the data unchanged', () => {
    const a = randT([3], 5);
    const c = randT([3], 6, { grad: false });
    const before = Array.from(a.data);
    expect(gradcheck((x, y) => x.mul(y), [a, c]).ok).toBe(true);
    expect(Array.from(a.data)).toEqual(before);
  });
});
