/**
 * The one chart the reports draw: lines over one or more side-by-side panels (say, held-out error
 * against epochs, updates and seconds), optional min–max bands around each line, and a dash style per
 * kind of line (measured, fitted slope, theory). Built as a Vega-Lite specification.
 */
import type { TopLevelSpec } from 'vega-lite';
import { resolveScale, type AxisScale } from './axis-scale.js';

/** One point of a line; `lo`/`hi` draw a band (e.g. min and max over seeds). */
export interface SeriesPoint {
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/** One line: its legend name, its kind (dash style) and its points. */
export interface Series {
  name: string;
  /** Lines of the same `name` share a colour; kinds are told apart by dashes (default 'measured'). */
  kind?: string;
  points: readonly SeriesPoint[];
}

/** An axis: its title (with units) and scale. */
export interface AxisOptions {
  title: string;
  /** Whole numbers only (epochs, steps): integer tick labels. */
  integer?: boolean;
  /** Default `auto`: logarithmic when the values span at least two decades. */
  scale?: AxisScale;
}

/** One panel: an x axis and the lines drawn against it. */
export interface Panel {
  x: AxisOptions;
  series: readonly Series[];
}

/** A horizontal reference line across every panel (say, the chance level), drawn dashed and labelled. */
export interface ReferenceRule {
  y: number;
  /** Written at the rule's right end, above it (e.g. `chance`). */
  label: string;
}

/** What {@link lineChart} draws. */
export interface LineChartOptions {
  title: string;
  subtitle?: string;
  /** The y axis, shared by all panels. */
  y: AxisOptions;
  panels: readonly Panel[];
  /** Horizontal reference lines drawn in every panel (their y values widen the shared y axis). */
  rules?: readonly ReferenceRule[];
  /** Legend title of the colours (default 'configuration'). */
  colorTitle?: string;
  /** Legend title of the dash styles (default 'line'). */
  kindTitle?: string;
  /** Size of one panel in SVG units (default 360 × 260). */
  width?: number;
  height?: number;
}

interface Row {
  series: string;
  kind: string;
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

const DASHES: readonly number[][] = [[1, 0], [6, 4], [2, 3], [8, 3, 2, 3]];

/**
 * Builds the Vega-Lite specification of a line chart. On a log axis, points whose value is not
 * positive are left out (a log axis cannot show them) and band edges are clipped to the smallest
 * positive value shown.
 *
 * @example
 * const spec = lineChart({
 *   title: 'Held-out error', y: { title: 'error (%)' },
 *   panels: [{ x: { title: 'epoch' }, series: [{ name: 'adam', points: [{ x: 1, y: 12, lo: 10, hi: 14 }] }] }],
 * });
 * const svg = await renderSvg(spec);
 */
export function lineChart(options: LineChartOptions): TopLevelSpec {
  const names = uniq(options.panels.flatMap((p) => p.series.map((s) => s.name)));
  const kinds = uniq(options.panels.flatMap((p) => p.series.map((s) => s.kind ?? 'measured'))).sort((a, b) => kindRank(a) - kindRank(b));
  const yValues = options.panels.flatMap((p) => p.series.flatMap((s) => s.points.flatMap((q) => [q.y, q.lo ?? q.y, q.hi ?? q.y])));
  const yScale = resolveScale(options.y.scale ?? 'auto', [...yValues, ...(options.rules ?? []).map((r) => r.y)]);
  // A log axis cannot show a rule at or below 0.
  const rules = (options.rules ?? []).filter((r) => Number.isFinite(r.y) && (yScale !== 'log' || r.y > 0));
  yValues.push(...rules.map((r) => r.y));
  // reduce, not Math.min(...): a per-step curve has more points than the engine takes as arguments.
  const yFloor = yScale === 'log' ? yValues.reduce((m, v) => (v > 0 && Number.isFinite(v) && v < m ? v : m), Infinity) : -Infinity;
  const width = options.width ?? 360;
  const height = options.height ?? 260;
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: options.colorTitle ?? 'configuration',
    scale: { domain: names, scheme: names.length > 10 ? 'category20' : 'tableau10' },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolSize: 300, symbolOpacity: 1, labelLimit: 320 },
  };
  // Several kinds: the measured line is drawn wide and translucent so fitted and theory lines,
  // which often lie right on it, stay visible on top.
  const kindTitle = options.kindTitle ?? 'line';
  const kindLegend = { symbolType: 'stroke', symbolSize: 500 };
  const dash = kinds.length > 1
    ? {
      strokeDash: { field: 'kind', type: 'nominal' as const, title: kindTitle, scale: { domain: kinds, range: kinds.map((_, i) => DASHES[i % DASHES.length]!) }, legend: kindLegend },
      // Ordinal, in the given order, and in the same legend as the dashes (Vega-Lite merges the legends
      // of one field; a hidden legend beside a shown one, or a nominal width, made it warn on stderr).
      strokeWidth: { field: 'kind', type: 'ordinal' as const, title: kindTitle, scale: { domain: kinds, range: kinds.map((_, i) => (i === 0 ? 4 : 1.8)) }, legend: kindLegend },
      opacity: { field: 'kind', type: 'ordinal' as const, title: kindTitle, scale: { domain: kinds, range: kinds.map((_, i) => (i === 0 ? 0.55 : 1)) }, legend: kindLegend },
    }
    : {};

  const panels = options.panels.map((panel) => {
    const xValues = panel.series.flatMap((s) => s.points.map((p) => p.x));
    const xScale = resolveScale(panel.x.scale ?? 'auto', xValues);
    const rows: Row[] = [];
    for (const s of panel.series) {
      for (const p of s.points) {
        if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
        if (xScale === 'log' && !(p.x > 0)) continue;
        if (yScale === 'log' && !(p.y > 0)) continue;
        const row: Row = { series: s.name, kind: s.kind ?? 'measured', x: p.x, y: p.y };
        if (p.lo !== undefined && p.hi !== undefined && Number.isFinite(p.lo) && Number.isFinite(p.hi)) {
          row.lo = Math.max(p.lo, yFloor);
          row.hi = Math.max(p.hi, yFloor);
        }
        rows.push(row);
      }
    }
    const xAxis = panel.x.integer ? { axis: { tickMinStep: 1, format: xScale === 'log' ? '~s' : ',d' } } : {};
    const x = { field: 'x', type: 'quantitative' as const, title: panel.x.title, scale: { type: xScale, ...(xScale === 'linear' ? { zero: false } : {}), nice: false }, ...xAxis };
    const y = { field: 'y', type: 'quantitative' as const, title: options.y.title, scale: { type: yScale, ...(yScale === 'linear' ? { zero: false } : {}) } };
    const hasBands = rows.some((r) => r.lo !== undefined);
    const layers: object[] = [
      { mark: { type: 'line', strokeWidth: 2, clip: true, interpolate: 'linear' }, encoding: { x, y, color, ...dash, detail: { field: 'kind' } } },
    ];
    if (hasBands) {
      layers.push({
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'area', opacity: 0.18, clip: true },
        encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail: { field: 'kind' } },
      });
    }
    if (rules.length > 0) {
      // Own data, the same field and title as the lines' y, so the axis stays shared and unchanged.
      const ruleData = { values: rules.map((r) => ({ y: r.y, label: r.label })) };
      layers.push(
        { data: ruleData, mark: { type: 'rule', color: '#555', strokeWidth: 1.2, strokeDash: [5, 4] }, encoding: { y } },
        { data: ruleData, mark: { type: 'text', color: '#555', align: 'right', baseline: 'bottom', dx: -3, dy: -2, fontSize: 11 }, encoding: { y, x: { value: width }, text: { field: 'label' } } },
      );
    }
    return { width, height, data: { values: rows }, layer: layers };
  });

  const title = options.subtitle ? { text: options.title, subtitle: options.subtitle } : { text: options.title };
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { ...title, anchor: 'start', fontSize: 15 },
    background: 'white',
    config: { axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' }, legend: { labelFontSize: 11, titleFontSize: 12 }, view: { stroke: '#bbb' } },
  };
  if (panels.length === 1) return { ...common, ...panels[0]! } as TopLevelSpec;
  return { ...common, hconcat: panels, resolve: { scale: { y: 'shared', color: 'shared', strokeDash: 'shared' } } } as TopLevelSpec;
}

/** Measured first (solid), then fitted (dashed), then theory (dotted), then any other kind. */
function kindRank(kind: string): number {
  const i = ['measured', 'fitted', 'theory'].indexOf(kind);
  return i < 0 ? 3 : i;
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}
