/**
 * The ops parity checker: passes the public PyTorch golden file, fails on any perturbed or unknown
 * case (so it cannot pass vacuously), and passes new cases whose expected values were computed here
 * independently of descent.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runOpsSection, callHead } from '../../src/parity/sections/ops.js';
import { formatReport, type CaseResult } from '../../src/parity/report.js';
import type { GoldenTensor } from '../../src/parity/golden.js';
import { Random } from '../../src/tensor/random.js';

const GOLDEN = fileURLToPath(new URL('../../../shared/golden/public.json', import.meta.url));

interface OpCase {
  name: string;
  call: string;
  kwargs: Record<string, unknown>;
  inputs: Array<{ name: string; requires_grad: boolean; value: GoldenTensor }>;
  output: GoldenTensor;
  upstream_grad: GoldenTensor;
  grads: Record<string, GoldenTensor>;
  extra?: Record<string, unknown>;
}

const publicCases = (): OpCase[] => (JSON.parse(readFileSync(GOLDEN, 'utf8')) as { ops: { cases: OpCase[] } }).ops.cases;
const byName = (name: string): OpCase => structuredClone(publicCases().find((c) => c.name === name)!);
const run = (...cases: OpCase[]): CaseResult[] => runOpsSection({ cases });
const t = (shape: number[], data: number[], dtype: 'float64' | 'int64' = 'float64'): GoldenTensor => ({ dtype, shape, data });

describe('ops parity on the public golden file', () => {
  it('passes all 42 cases', () => {
    const results = runOpsSection(JSON.parse(readFileSync(GOLDEN, 'utf8')).ops);
    const report = formatReport(results);
    expect(results).toHaveLength(42);
    expect(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
    expect(report.split('\n').at(-1)).toBe('42 passed, 0 failed');
    expect(report).toMatch(/^PASS ops\/matmul {2}\(worst .* of tolerance, 2 gradients\)$/m);
  });
});

describe('the checker cannot pass vacuously', () => {
  it('fails a case whose expected output is perturbed beyond 1e-10 relative, and names the element', () => {
    const c = byName('gelu');
    c.output.data[5] = c.output.data[5]! * (1 + 1e-8);
    const [r] = run(c);
    expect(r!.ok).toBe(false);
    expect(r!.detail).toMatch(/^output\[5\]: expected .*, got /);
  });

  it('accepts a perturbation well inside the tolerance', () => {
    const c = byName('gelu');
    c.output.data[5] = c.output.data[5]! * (1 + 1e-12);
    expect(run(c)[0]!.ok).toBe(true);
  });

  it('fails a perturbed gradient of any input', () => {
    for (const [name, input] of [['matmul', 'b'], ['batch_norm_2d', 'weight'], ['conv2d_stride2_pad1', 'bias'], ['kl_div', 'target']] as const) {
      const c = byName(name);
      c.grads[input]!.data[0] = c.grads[input]!.data[0]! + 1e-6;
      const [r] = run(c);
      expect(r!.ok, name).toBe(false);
      expect(r!.detail).toContain(`grad ${input}[0]`);
    }
  });

  it('fails perturbed extra checks (argmax indices, running statistics)', () => {
    const m = byName('max_dim1');
    (m.extra!.indices as GoldenTensor).data[0] = ((m.extra!.indices as GoldenTensor).data[0]! + 1) % 4;
    expect(run(m)[0]!.ok).toBe(false);
    const b = byName('batch_norm_1d');
    (b.extra!.running_var_after as GoldenTensor).data[1]! *= 1.001;
    expect(run(b)[0]!.detail).toContain('extra.running_var_after[1]');
  });

  it('fails an unknown call, an unknown kwarg and an unsupported kwarg value', () => {
    const unknown = byName('tanh');
    unknown.call = 'torch.atanh(x)';
    expect(run(unknown)[0]).toMatchObject({ ok: false, detail: "error: unknown call 'torch.atanh(x)'" });
    const kw = byName('softmax');
    kw.kwargs.dtype = 'float32';
    expect(run(kw)[0]).toMatchObject({ ok: false, detail: 'error: unknown kwargs: dtype' });
    const groups = byName('conv2d_stride1_pad1');
    groups.kwargs.groups = 3;
    expect(run(groups)[0]!.detail).toBe('error: unsupported groups=3 (descent supports 1)');
  });

  it('fails a wrong output shape and a gradient that never reaches its input', () => {
    const shape = byName('sum_dim1');
    shape.kwargs.keepdim = true;
    expect(run(shape)[0]!.detail).toBe('output has shape [3,1], expected [3]');
    const ghost = byName('exp');
    ghost.grads.y = ghost.grads.x!;
    expect(run(ghost)[0]!.detail).toBe("no gradient reached input 'y'");
  });

  it('fails a case that requires a gradient but records none to compare with', () => {
    const c = byName('sigmoid');
    c.grads = {};
    const [r] = run(c);
    expect(r!.ok).toBe(false);
    expect(r!.detail).toContain("no expected gradient for input 'x'");
  });

  it('reports a section without cases as a failure', () => {
    expect(runOpsSection({})).toEqual([{ section: 'ops', name: '(section)', ok: false, detail: 'the ops section has no cases array' }]);
  });

  it('maps recorded calls to their function', () => {
    expect(callHead('torch.matmul(a, b)')).toBe('torch.matmul');
    expect(callHead('a + b  (broadcasting)')).toBe('+');
    expect(callHead('a / b')).toBe('/');
    expect(callHead('torch.max(x, dim=1) -> (values, indices); output = values')).toBe('torch.max');
    expect(callHead('nonsense')).toBeUndefined();
  });
});

/** Seeded values with a fixed number of digits, so the case is exactly reproducible. */
function values(n: number, seed: number): number[] {
  const r = new Random(seed);
  return Array.from({ length: n }, () => Math.round(r.uniformIn(-2, 2) * 1024) / 1024);
}

/** conv2d output and gradients by the definition (plain loops), for a new golden case. */
function convCase(): OpCase {
  const [n, c, h, w, o, k] = [1, 2, 5, 6, 2, 2];
  const [s, p, d] = [2, 1, 2];
  const oh = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
  const ow = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
  const x = values(n * c * h * w, 1);
  const wt = values(o * c * k * k, 2);
  const b = values(o, 3);
  const g = values(n * o * oh * ow, 4);
  const out = new Array<number>(n * o * oh * ow).fill(0);
  const dx = new Array<number>(x.length).fill(0);
  const dw = new Array<number>(wt.length).fill(0);
  const db = new Array<number>(o).fill(0);
  for (let oc = 0; oc < o; oc++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const q = (oc * oh + i) * ow + j;
        let acc = b[oc]!;
        db[oc]! += g[q]!;
        for (let ci = 0; ci < c; ci++)
          for (let a = 0; a < k; a++)
            for (let e = 0; e < k; e++) {
              const y = i * s - p + a * d;
              const xx = j * s - p + e * d;
              if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
              const xi = (ci * h + y) * w + xx;
              const wi = ((oc * c + ci) * k + a) * k + e;
              acc += x[xi]! * wt[wi]!;
              dx[xi]! += g[q]! * wt[wi]!;
              dw[wi]! += g[q]! * x[xi]!;
            }
        out[q] = acc;
      }
  return {
    name: 'conv2d_dilation2_independent',
    call: 'F.conv2d(x, weight, bias, stride=2, padding=1, dilation=2, groups=1)',
    kwargs: { stride: s, padding: p, dilation: d, groups: 1 },
    inputs: [
      { name: 'x', requires_grad: true, value: t([n, c, h, w], x) },
      { name: 'weight', requires_grad: true, value: t([o, c, k, k], wt) },
      { name: 'bias', requires_grad: true, value: t([o], b) },
    ],
    output: t([n, o, oh, ow], out),
    upstream_grad: t([n, o, oh, ow], g),
    grads: { x: t([n, c, h, w], dx), weight: t([o, c, k, k], dw), bias: t([o], db) },
  };
}

describe('new cases computed independently pass', () => {
  it('a hand-computed matmul', () => {
    // A = [[1,2,3],[4,5,6]], B = [[1,-1],[0,2],[0.5,1]], G = [[1,0],[2,-1]]
    const c: OpCase = {
      name: 'matmul_by_hand',
      call: 'torch.matmul(a, b)',
      kwargs: {},
      inputs: [
        { name: 'a', requires_grad: true, value: t([2, 3], [1, 2, 3, 4, 5, 6]) },
        { name: 'b', requires_grad: true, value: t([3, 2], [1, -1, 0, 2, 0.5, 1]) },
      ],
      output: t([2, 2], [2.5, 6, 7, 12]),
      upstream_grad: t([2, 2], [1, 0, 2, -1]),
      // dA = G Bᵀ, dB = Aᵀ G
      grads: { a: t([2, 3], [1, 0, 0.5, 3, -2, 0]), b: t([3, 2], [9, -4, 12, -5, 15, -6]) },
    };
    expect(run(c)[0]).toMatchObject({ name: 'matmul_by_hand', ok: true });
  });

  it('conv2d with stride 2, padding 1 and dilation 2, from the definition', () => {
    const [r] = run(convCase());
    expect(r!.detail).toMatch(/3 gradients/);
    expect(r!.ok).toBe(true);
  });

  it('sum over two axes with keepdim, leaky_relu with another slope, cross_entropy (sum, smoothing 0.2)', () => {
    const x = values(12, 5);
    const g = values(3, 6);
    const sumCase: OpCase = {
      name: 'sum_dims_0_2_keepdim',
      call: 'x.sum(dim=[0, 2], keepdim=True)',
      kwargs: { dim: [0, 2], keepdim: true },
      inputs: [{ name: 'x', requires_grad: true, value: t([2, 3, 2], x) }],
      output: t([1, 3, 1], [0, 1, 2].map((j) => x[j * 2]! + x[j * 2 + 1]! + x[6 + j * 2]! + x[6 + j * 2 + 1]!)),
      upstream_grad: t([1, 3, 1], g),
      grads: { x: t([2, 3, 2], x.map((_, i) => g[Math.floor(i / 2) % 3]!)) },
    };
    const u = values(12, 7);
    const slope = 0.2;
    const leaky: OpCase = {
      name: 'leaky_relu_slope_0.2',
      call: 'F.leaky_relu(x, negative_slope=0.2)',
      kwargs: { negative_slope: slope },
      inputs: [{ name: 'x', requires_grad: true, value: t([3, 4], x) }],
      output: t([3, 4], x.map((v) => (v > 0 ? v : slope * v))),
      upstream_grad: t([3, 4], u),
      grads: { x: t([3, 4], x.map((v, i) => u[i]! * (v > 0 ? 1 : slope))) },
    };
    const logits = values(8, 8);
    const target = [3, 0];
    const eps = 0.2;
    const up = 0.75;
    let loss = 0;
    const dlogits: number[] = [];
    for (let i = 0; i < 2; i++) {
      const row = logits.slice(i * 4, i * 4 + 4);
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((sum, v) => sum + Math.exp(v - m), 0));
      row.forEach((v, k) => {
        const q = (k === target[i] ? 1 - eps : 0) + eps / 4; // the smoothed target distribution
        loss += -q * (v - lse);
        dlogits.push(up * (Math.exp(v - lse) - q));
      });
    }
    const ce: OpCase = {
      name: 'cross_entropy_sum_smoothing',
      call: "F.cross_entropy(input, target, reduction='sum', label_smoothing=0.2)",
      kwargs: { reduction: 'sum', label_smoothing: eps },
      inputs: [
        { name: 'input', requires_grad: true, value: t([2, 4], logits) },
        { name: 'target', requires_grad: false, value: t([2], target, 'int64') },
      ],
      output: t([], [loss]),
      upstream_grad: t([], [up]),
      grads: { input: t([2, 4], dlogits) },
    };
    const results = run(sumCase, leaky, ce);
    expect(results.map((r) => [r.name, r.ok, r.ok ? '' : r.detail])).toEqual([
      ['sum_dims_0_2_keepdim', true, ''],
      ['leaky_relu_slope_0.2', true, ''],
      ['cross_entropy_sum_smoothing', true, ''],
    ]);
    expect(formatReport(results).split('\n').at(-1)).toBe('3 passed, 0 failed');
  });
});
