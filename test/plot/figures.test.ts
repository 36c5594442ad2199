/** Figures: Vega-Lite specs rendered to SVG (valid XML, titles and labels present) and PNG (magic, size). */
import { describe, expect, it, vi } from 'vitest';
import { lineChart, renderPng, renderSvg, resolveScale, spansDecades, findFont, type Series } from '../../src/plot/index.js';
import { decodePng, parseSvg, pngSize } from './svg-check.js';

const decaying = (name: string, rate: number, kind?: string): Series => ({
  name,
  ...(kind ? { kind } : {}),
  points: Array.from({ length: 12 }, (_, i) => {
    const y = Math.exp(-rate * i);
    return { x: i, y, lo: y * 0.8, hi: y * 1.25 };
  }),
});

type AnySpec = Record<string, unknown> & { layer?: Array<{ encoding: Record<string, { scale?: { type?: string } }> }>; hconcat?: AnySpec[] };

describe('axis scales', () => {
  it('goes logarithmic when positive values span two decades', () => {
    expect(spansDecades([0.5, 0.01, 0.002])).toBe(true);
    expect(spansDecades([1, 50])).toBe(false);
    expect(spansDecades([0, -3, 1, 10])).toBe(false); // non-positive values are ignored
    expect(resolveScale('auto', [1, 1000])).toBe('log');
    expect(resolveScale('auto', [1, 2])).toBe('linear');
    expect(resolveScale('linear', [1, 1e9])).toBe('linear');
  });

  it('lineChart applies the resolved scales', () => {
    const spec = lineChart({ title: 't', y: { title: 'loss' }, panels: [{ x: { title: 'epoch' }, series: [decaying('a', 1)] }] }) as unknown as AnySpec;
    expect(spec.layer![0]!.encoding.y!.scale!.type).toBe('log'); // e^-11 … 1 spans decades
    expect(spec.layer![0]!.encoding.x!.scale!.type).toBe('linear');
    const flat = lineChart({ title: 't', y: { title: 'error (%)' }, panels: [{ x: { title: 'epoch' }, series: [{ name: 'a', points: [{ x: 1, y: 10 }, { x: 2, y: 8 }] }] }] }) as unknown as AnySpec;
    expect(flat.layer![0]!.encoding.y!.scale!.type).toBe('linear');
  });

  it('leaves out points a log axis cannot show', () => {
    const spec = lineChart({ title: 't', y: { title: 'y', scale: 'log' }, panels: [{ x: { title: 'k', scale: 'log' }, series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 0 }, { x: 2, y: 0.5 }] }] }] }) as unknown as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([{ series: 'a', kind: 'measured', x: 2, y: 0.5 }]);
  });
});

describe('rendering', () => {
  it('renders a two-panel chart with bands and line kinds to valid SVG and PNG', async () => {
    const spec = lineChart({
      title: 'Held-out divergence',
      subtitle: 'mean over 2 seeds',
      y: { title: 'cross-entropy (nats)' },
      panels: [
        { x: { title: 'epoch' }, series: [decaying('sgd', 0.3), decaying('adam', 0.8), decaying('adam', 0.7, 'fitted')] },
        { x: { title: 'wall time (s)' }, series: [decaying('sgd', 0.3), decaying('adam', 0.8), decaying('sgd', 0.2, 'theory')] },
      ],
    });
    // Vega logs its warnings to the console: a report command printed four "WARN …" lines on stderr.
    const logged: unknown[][] = [];
    const spies = (['log', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args)));
    const svg = await renderSvg(spec).finally(() => spies.forEach((spy) => spy.mockRestore()));
    expect(logged).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Held-out divergence', 'cross-entropy (nats)', 'epoch', 'wall time (s)', 'sgd', 'adam', 'fitted']) expect(svg).toContain(text);
    const size = parseSvg(svg);
    expect(size.width).toBeGreaterThan(600);
    const png = renderPng(svg, { scale: 2 });
    expect(pngSize(png.data)).toEqual({ width: png.width, height: png.height });
    expect(png.width).toBe(Math.round(size.width * 2));
    expect(png.height).toBe(Math.round(size.height * 2));
  });

  it('draws text in the PNG with a real font', () => {
    // The font is found on this machine (DejaVu Sans on Debian); without a font resvg draws no text.
    expect(findFont()).not.toBeNull();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="5" y="20" font-family="sans-serif" font-size="16">Loss 0.25</text></svg>';
    const { rgba, width, height } = decodePng(renderPng(svg, { scale: 1 }).data);
    expect([width, height]).toEqual([120, 30]);
    let inked = 0;
    for (let i = 0; i < rgba.length; i += 4) if (rgba[i]! < 128) inked++;
    expect(inked).toBeGreaterThan(50);
  });

  it('never loads data at render time', async () => {
    await expect(renderSvg({ data: { url: 'https://example.com/data.json' }, mark: 'point' })).rejects.toThrow(/offline/);
  });
});
