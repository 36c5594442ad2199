import { describe, it, expect } from 'vitest';
import { conv2d, maxPool2d, avgPool2d, tensor, ones, Tensor, type Conv2dOptions } from './core.js';
import { randT, expectGrads, expectClose } from './helpers.js';

type Pair = [number, number];
const pair = (v: number | readonly [number, number] | undefined, d: number): Pair => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** Direct convolution by its definition (cross-correlation), independent of unfold/matmul. */
function naiveConv(x: Tensor, w: Tensor, b: Tensor | null, o: Conv2dOptions): number[] {
  const [n, c, h, wd] = x.shape as number[] as [number, number, number, number];
  const [oc, , kh, kw] = w.shape as number[] as [number, number, number, number];
  const [sh, sw] = pair(o.stride, 1);
  const [ph, pw] = pair(o.padding, 0);
  const [dh, dw] = pair(o.dilation, 1);
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((wd + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  const out: number[] = [];
  for (let ni = 0; ni < n; ni++)
    for (let o2 = 0; o2 < oc; o2++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let s = b ? b.data[o2]! : 0;
          for (let ci = 0; ci < c; ci++)
            for (let a = 0; a < kh; a++)
              for (let e = 0; e < kw; e++) {
                const y = i * sh - ph + a * dh;
                const xx = j * sw - pw + e * dw;
                if (y >= 0 && y < h && xx >= 0 && xx < wd) s += x.data[((ni * c + ci) * h + y) * wd + xx]! * w.data[((o2 * c + ci) * kh + a) * kw + e]!;
              }
          out.push(s);
        }
  return out;
}

const convCases: Array<[string, number[], number[], Conv2dOptions]> = [
  ['stride 1, no padding', [2, 2, 5, 5], [3, 2, 3, 3], {}],
  ['stride 2, padding 1', [1, 2, 6, 5], [2, 2, 3, 3], { stride: 2, padding: 1 }],
  ['dilation 2, padding 2', [1, 1, 7, 7], [2, 1, 3, 3], { dilation: 2, padding: 2 }],
  ['rectangular kernel, stride [2,1], padding [0,1], dilation [1,2]', [2, 2, 5, 6], [2, 2, 2, 3], { stride: [2, 1], padding: [0, 1], dilation: [1, 2] }],
  ['1x1 kernel', [1, 3, 3, 3], [2, 3, 1, 1], {}],
];

describe('conv2d', () => {
  for (const [name, xs, ws, options] of convCases) {
    it(`${name}: forward equals the direct definition and gradients of input, weight and bias check`, () => {
      const x = randT(xs, 1);
      const w = randT(ws, 2);
      const b = randT([ws[0]!], 3);
      expectClose(conv2d(x, w, b, options).data, naiveConv(x, w, b, options), 1e-13);
      expectGrads((p, q, r) => conv2d(p, q, r, options), [x, w, b]);
    });
  }

  it('without a bias', () => {
    const x = randT([1, 2, 4, 4], 4);
    const w = randT([1, 2, 3, 3], 5);
    expectClose(conv2d(x, w, null, { padding: 1 }).data, naiveConv(x, w, null, { padding: 1 }), 1e-13);
    expectGrads((p, q) => conv2d(p, q), [x, w]);
  });
});

describe('maxPool2d', () => {
  const cases: Array<[string, Parameters<typeof maxPool2d>[1]]> = [
    ['k2 s2', { kernelSize: 2 }],
    ['k3 s2 p1', { kernelSize: 3, stride: 2, padding: 1 }],
    ['k[2,3] s1 (overlapping)', { kernelSize: [2, 3], stride: 1 }],
  ];
  for (const [name, options] of cases) {
    it(`${name}: gradient`, () => {
      expectGrads((t) => maxPool2d(t, options), [randT([2, 2, 5, 6], 6)]);
    });
  }

  it('values; padding never wins; the gradient goes to each window maximum', () => {
    const x = tensor([[[[1, -5, 2, 0], [3, 4, -1, -2], [-3, -3, -4, -6], [-7, -1, -8, -9]]]], { dtype: 'float64', requiresGrad: true });
    const y = maxPool2d(x, { kernelSize: 2 });
    expect(y.toArray()).toEqual([[[[4, 2], [-1, -4]]]]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[[[0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]]]]);
    const neg = tensor([[[[-5, -6], [-7, -8]]]]);
    expect(maxPool2d(neg, { kernelSize: 3, stride: 1, padding: 1 }).toArray()).toEqual([[[[-5, -5], [-5, -5]]]]);
  });
});

describe('avgPool2d', () => {
  for (const countIncludePad of [true, false]) {
    it(`k3 s2 p1 countIncludePad=${countIncludePad}: gradient`, () => {
      expectGrads((t) => avgPool2d(t, { kernelSize: 3, stride: 2, padding: 1, countIncludePad }), [randT([2, 2, 5, 5], 7)]);
    });
  }
  it('k2 s2 and k[1,2] s[1,1]: gradient', () => {
    expectGrads((t) => avgPool2d(t, { kernelSize: 2 }), [randT([1, 3, 4, 4], 8)]);
    expectGrads((t) => avgPool2d(t, { kernelSize: [1, 2], stride: [1, 1] }), [randT([1, 1, 3, 3], 9)]);
  });

  it('divides by k·k with countIncludePad, by the real cells without', () => {
    const x = ones([1, 1, 2, 2], { dtype: 'float64' });
    expect(avgPool2d(x, { kernelSize: 3, stride: 1, padding: 1 }).toArray()).toEqual([[[[4 / 9, 4 / 9], [4 / 9, 4 / 9]]]]);
    expect(avgPool2d(x, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }).toArray()).toEqual([[[[1, 1], [1, 1]]]]);
    const y = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], { dtype: 'float64' });
    const ex = avgPool2d(y, { kernelSize: 2, stride: 2, padding: 1, countIncludePad: false });
    expect(ex.toArray()).toEqual([[[[1, 2.5], [5.5, 7]]]]);
    const inc = avgPool2d(y, { kernelSize: 2, stride: 2, padding: 1 });
    expect(inc.toArray()).toEqual([[[[0.25, 1.25], [2.75, 7]]]]);
  });
});
