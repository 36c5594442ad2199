/**
 * A small line chart on a canvas: several series, optional min–max bands, linear / log / symlog
 * y-axis and linear / log x-axis, axis ticks and labels. Enough for loss and cost curves.
 */
import { prepareCanvas } from './canvas.js';
import { formatTick as tickLabel } from './format.js';

declare global {
  interface Window {
    /** The y tick labels last drawn on each chart, by canvas id (for tests and the curious). */
    descentChartTicks?: Record<string, string[]>;
    /** The end-of-series notes last drawn on each chart, by canvas id: text and box (for tests). */
    descentChartNotes?: Record<string, { text: string; x: number; y: number; w: number; h: number }[]>;
  }
}

/** One curve, with an optional band (e.g. the spread over seeds) drawn behind it. */
export interface Series {
  label: string;
  colour: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Band bounds at the same xs. */
  low?: ArrayLike<number>;
  high?: ArrayLike<number>;
  /** Dashed line (e.g. a prediction). */
  dashed?: boolean;
  /** Draw markers instead of a line. */
  markers?: boolean;
  /**
   * The run blew up: it does not set the axis range (one run at 1e64 would flatten every other
   * curve); its values beyond the range are drawn at the edge, and its end is marked with `note`.
   */
  diverged?: boolean;
  /** A short note drawn at the series' last point (e.g. "diverged"), after a ✕ mark. */
  note?: string;
  /**
   * Series sharing a `noteGroup` (e.g. one run's train and held-out curves) each get their ✕ but one
   * text between them, "<noteGroup>: <note>", at the first one's mark: one label per run.
   */
  noteGroup?: string;
  /** A label written on the line itself, above its right end (e.g. "2/η = 6.667" on a threshold). */
  tag?: string;
}

/** A rectangle on the canvas, in CSS pixels. */
interface Box { x: number; y: number; w: number; h: number }

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** What was drawn: the y range (data units) and the series drawn clipped to its edge. */
export interface ChartRange {
  yMin: number;
  yMax: number;
  /** Labels of the series marked diverged. */
  clipped: string[];
}

/** Axis scales and labels. */
export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log' | 'symlog';
  /** Floor for log scales (values below are drawn at the floor). */
  floor?: number;
  /**
   * A fixed y range in data units (e.g. [0, 100] for an accuracy in %), instead of one fitted to
   * the data: a fitted range zooms into noise and makes it look like signal.
   */
  yRange?: readonly [number, number];
  /** What the empty chart says (default 'no data yet'), e.g. why nothing is measured. */
  empty?: string;
}

const PAD = { left: 66, right: 12, top: 10, bottom: 36 };

function transform(scale: 'linear' | 'log' | 'symlog', floor: number): (v: number) => number {
  if (scale === 'log') return (v) => Math.log10(Math.max(v, floor));
  if (scale === 'symlog') return (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / floor);
  return (v) => v;
}

function inverse(scale: 'linear' | 'log' | 'symlog', floor: number): (t: number) => number {
  if (scale === 'log') return (t) => 10 ** t;
  if (scale === 'symlog') return (t) => Math.sign(t) * floor * (10 ** Math.abs(t) - 1);
  return (t) => t;
}

/**
 * Round ticks (1, 2 or 5 × 10^k apart) on a linear axis, about `count` intervals: the step whose
 * interval count is nearest `count`. (Taking the first round step ≥ span/count instead gives 0, 50,
 * 100 on a 0–100 axis: too few to read values off.)
 */
export function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 5, 10].map((m) => m * mag);
  const step = candidates.reduce((best, s) => (Math.abs((hi - lo) / s - count) < Math.abs((hi - lo) / best - count) ? s : best));
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/**
 * Tick positions (in transformed units) for a log axis spanning [lo, hi] decades: powers of ten,
 * thinned when there are many, or 1-2-5 steps when the axis spans less than two decades.
 */
function logTicks(lo: number, hi: number): number[] {
  const decades: number[] = [];
  for (let e = Math.ceil(lo - 1e-9); e <= hi + 1e-9; e++) decades.push(e);
  if (decades.length >= 3) {
    const every = Math.ceil(decades.length / 6);
    return decades.filter((e) => e % every === 0);
  }
  // Under two decades: 1-2-5 steps, or 1-1.5-2-3-5-7 when those give fewer than three ticks.
  for (const mantissas of [[1, 2, 5], [1, 1.5, 2, 3, 5, 7]]) {
    const out = roundLogValues(lo, hi, mantissas).filter((t) => t >= lo - 1e-9 && t <= hi + 1e-9);
    if (out.length >= 3 || mantissas.length > 3) return out;
  }
  return [];
}

/** log10 of every m × 10^e (m in `mantissas`) from just below 10^lo to just above 10^hi, ascending. */
function roundLogValues(lo: number, hi: number, mantissas: readonly number[]): number[] {
  const out: number[] = [];
  for (let e = Math.floor(lo) - 1; e <= Math.ceil(hi); e++) for (const m of mantissas) out.push(e + Math.log10(m));
  return out;
}

/**
 * A log axis spanning under two decades, widened to the round values (1, 2 or 5 × 10^k) just
 * outside the data, so ticks bracket the curves: λmax from 11 to 70 gets 10, 20, 50, 100 instead
 * of 20 and 50 with the curve below the lowest tick.
 */
export function snapLogRange(lo: number, hi: number): [number, number] {
  if (!(hi - lo < 2) || !(hi > lo)) return [lo, hi];
  const round = roundLogValues(lo, hi, [1, 2, 5]);
  const below = round.filter((t) => t <= lo + 1e-9);
  const above = round.filter((t) => t >= hi - 1e-9);
  return [below[below.length - 1] ?? lo, above[0] ?? hi];
}

/** The tick positions of a log axis spanning [lo, hi] (log10 units); exported for tests. */
export { logTicks };

/**
 * Tick positions (in transformed units) for a symlog axis: 0 and ±10^k at round values, so the
 * labels read 0.01, 1, 100 — never the inverse transform of an integer (0.099).
 */
function symlogTicks(lo: number, hi: number, floor: number): number[] {
  const t = transform('symlog', floor);
  const reach = Math.max(Math.abs(lo), Math.abs(hi));
  const exponents: number[] = [];
  for (let e = Math.ceil(Math.log10(floor)); e <= 300 && t(10 ** e) <= reach + 1e-9; e++) exponents.push(e);
  const every = Math.max(1, Math.ceil(exponents.length / 3));
  const kept = exponents.filter((e) => e % every === 0);
  const out = [0, ...kept.flatMap((e) => [t(10 ** e), -t(10 ** e)])];
  return out.filter((u) => u >= lo - 1e-9 && u <= hi + 1e-9).sort((a, b) => a - b);
}

/** Draws the series into `canvas` (sized by its width/height attributes, scaled for the display). */
export function drawChart(canvas: HTMLCanvasElement, series: readonly Series[], options: ChartOptions): ChartRange | null {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return null;
  const { ctx, width: w, height: h } = prepared;
  const floor = options.floor ?? 1e-12;
  const xs = options.xScale ?? 'linear';
  const ys = options.yScale ?? 'linear';
  const tx = transform(xs, floor);
  const ty = transform(ys, floor);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  // The y range comes from the runs that did not blow up (when there are any).
  const ranging = series.some((s) => !s.diverged && s.xs.length > 0) ? series.filter((s) => !s.diverged) : series;
  for (const s of ranging) {
    for (let i = 0; i < s.xs.length; i++) {
      const x = tx(s.xs[i]!);
      if (Number.isFinite(x)) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
      for (const v of [s.ys[i]!, s.low?.[i], s.high?.[i]]) {
        if (v === undefined) continue;
        const y = ty(v);
        if (Number.isFinite(y)) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      }
    }
  }
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  if (!Number.isFinite(x0) || !Number.isFinite(y0)) {
    ctx.fillStyle = '#555';
    ctx.font = '13px system-ui, sans-serif';
    const text = options.empty ?? 'no data yet';
    ctx.textAlign = 'center';
    ctx.fillText(text, w / 2, h / 2);
    ctx.textAlign = 'start';
    return null;
  }
  if (x1 === x0) x1 = x0 + 1;
  if (options.yRange) [y0, y1] = [ty(options.yRange[0]), ty(options.yRange[1])];
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const padX = (x1 - x0) * 0.03;
  x0 -= padX;
  x1 += padX;
  const padY = (y1 - y0) * (options.yRange ? 0.01 : 0.04);
  y0 -= padY;
  y1 += padY;
  if (ys === 'log' && !options.yRange) [y0, y1] = snapLogRange(y0, y1);
  const px = (x: number) => PAD.left + ((tx(x) - x0) / (x1 - x0)) * (w - PAD.left - PAD.right);
  const top = PAD.top;
  const bottom = h - PAD.bottom;
  // Values off the axis (or non-finite: a diverged run) are drawn just past its edge.
  const py = (y: number) => {
    const t = ty(y);
    if (Number.isNaN(t)) return top - 2;
    const Y = bottom - ((t - y0) / (y1 - y0)) * (bottom - top);
    return Math.max(top - 2, Math.min(bottom + 2, Y));
  };

  // Axes and ticks.
  ctx.strokeStyle = '#bbb';
  ctx.fillStyle = '#333';
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  const ix = inverse(xs, floor);
  const iy = inverse(ys, floor);
  const xTicks = xs === 'log' ? logTicks(x0, x1) : ticks(x0, x1, 5);
  for (const t of xTicks) {
    if (t < x0 - 1e-9 || t > x1 + 1e-9) continue;
    const X = px(ix(t));
    ctx.beginPath(); ctx.moveTo(X, PAD.top); ctx.lineTo(X, h - PAD.bottom); ctx.strokeStyle = '#eee'; ctx.stroke();
    ctx.textAlign = 'center';
    ctx.fillText(tickLabel(ix(t)), X, h - PAD.bottom + 14);
    ctx.textAlign = 'left';
  }
  const yTicks = ys === 'linear' ? ticks(y0, y1, 4) : ys === 'log' ? logTicks(y0, y1) : symlogTicks(y0, y1, floor);
  const yLabels: string[] = [];
  if (canvas.id) (window.descentChartTicks ??= {})[canvas.id] = yLabels;
  for (const t of yTicks) {
    yLabels.push(tickLabel(iy(t)));
    const Y = py(iy(t));
    ctx.beginPath(); ctx.moveTo(PAD.left, Y); ctx.lineTo(w - PAD.right, Y); ctx.strokeStyle = '#eee'; ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(tickLabel(iy(t)), PAD.left - 4, Y + 4);
    ctx.textAlign = 'left';
  }
  ctx.strokeStyle = '#888';
  ctx.strokeRect(PAD.left, PAD.top, w - PAD.left - PAD.right, h - PAD.top - PAD.bottom);
  ctx.fillText(options.xLabel, w / 2 - ctx.measureText(options.xLabel).width / 2, h - 6);
  ctx.save();
  ctx.translate(12, h / 2 + ctx.measureText(options.yLabel).width / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(options.yLabel, 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(PAD.left, PAD.top, w - PAD.left - PAD.right, h - PAD.top - PAD.bottom);
  ctx.clip();
  for (const s of series) {
    if (s.low && s.high) {
      ctx.beginPath();
      for (let i = 0; i < s.xs.length; i++) ctx.lineTo(px(s.xs[i]!), py(s.high[i]!));
      for (let i = s.xs.length - 1; i >= 0; i--) ctx.lineTo(px(s.xs[i]!), py(s.low[i]!));
      ctx.closePath();
      ctx.globalAlpha = 0.2;
      ctx.fillStyle = s.colour;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
  }
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.fillStyle = s.colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [6, 4] : []);
    if (s.markers) {
      for (let i = 0; i < s.xs.length; i++) {
        ctx.beginPath();
        ctx.arc(px(s.xs[i]!), py(s.ys[i]!), s.xs.length > 50 ? 2 : 3.5, 0, 2 * Math.PI);
        ctx.fill();
      }
      continue;
    }
    ctx.beginPath();
    // Long series: draw at most ~2 points per pixel column.
    const stride = Math.max(1, Math.floor(s.xs.length / (2 * w)));
    for (let i = 0; i < s.xs.length; i += stride) ctx.lineTo(px(s.xs[i]!), py(s.ys[i]!));
    const last = s.xs.length - 1;
    if (last >= 0 && last % stride !== 0) ctx.lineTo(px(s.xs[last]!), py(s.ys[last]!));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.restore();
  // Notes at the series' ends ("diverged" at the top edge), drawn over the clip but inside the plot
  // area (not over the tick labels or the border). Marks that would coincide (two runs that blew up
  // at the same step) are stacked downwards, and each text moves down until it overlaps no other.
  ctx.font = '11px system-ui, sans-serif';
  const inset = { left: PAD.left + 6, right: w - PAD.right - 6, top: top + 6, bottom: bottom - 6 };
  const marks: Box[] = [];
  const texts: Box[] = [];
  const drawn: { text: string; x: number; y: number; w: number; h: number }[] = [];
  if (canvas.id) (window.descentChartNotes ??= {})[canvas.id] = drawn;
  const labelled = new Set<string>();
  for (const s of series) {
    if (!s.note || s.xs.length === 0) continue;
    const last = s.xs.length - 1;
    const X = Math.max(inset.left, Math.min(inset.right, px(s.xs[last]!)));
    let Y = Math.max(inset.top, Math.min(inset.bottom, py(s.ys[last]!)));
    while (Y < inset.bottom && marks.some((m) => overlaps(m, { x: X - 4, y: Y - 4, w: 8, h: 8 }))) Y = Math.min(inset.bottom, Y + 10);
    marks.push({ x: X - 4, y: Y - 4, w: 8, h: 8 });
    ctx.beginPath();
    ctx.moveTo(X - 4, Y - 4); ctx.lineTo(X + 4, Y + 4); ctx.moveTo(X + 4, Y - 4); ctx.lineTo(X - 4, Y + 4);
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 2;
    ctx.stroke();
    const name = s.noteGroup ?? s.label;
    if (s.noteGroup !== undefined) {
      if (labelled.has(s.noteGroup)) continue;
      labelled.add(s.noteGroup);
    }
    const text = `${name}: ${s.note}`;
    const tw = ctx.measureText(text).width;
    // Left of the mark when there is room, else right of it; never past the plot's edges.
    const tx0 = X - tw - 8 >= inset.left ? X - tw - 8 : Math.max(inset.left, Math.min(inset.right - tw, X + 8));
    let box: Box = { x: tx0 - 2, y: Math.max(inset.top, Y - 6), w: tw + 4, h: 13 };
    while (box.y + box.h < inset.bottom && [...texts, ...marks].some((b) => overlaps(b, box))) box = { ...box, y: box.y + 14 };
    texts.push(box);
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = '#222';
    ctx.fillText(text, tx0, box.y + 10);
    drawn.push({ text, ...box });
  }
  // Tags on lines (thresholds such as 2/η): right-aligned above the line's end, inside the plot. Runs
  // sharing a threshold share one tag (three runs at the same η drew "2/η = 20" three times over each
  // other), and a tag that would cover another moves down until it does not.
  const tagged = new Set<string>();
  const tags: Box[] = [];
  for (const s of series) {
    if (!s.tag || s.xs.length === 0) continue;
    const last = s.xs.length - 1;
    const tw = ctx.measureText(s.tag).width;
    const X = Math.max(inset.left, Math.min(inset.right - tw, px(s.xs[last]!) - tw));
    const Y = Math.max(inset.top + 10, Math.min(inset.bottom, py(s.ys[last]!) - 4));
    const key = `${s.tag}@${Math.round(Y)}`;
    if (tagged.has(key)) continue;
    tagged.add(key);
    let box: Box = { x: X - 2, y: Y - 10, w: tw + 4, h: 13 };
    while (box.y + box.h < inset.bottom && [...tags, ...texts].some((b) => overlaps(b, box))) box = { ...box, y: box.y + 14 };
    tags.push(box);
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(box.x, box.y, box.w, box.h);
    ctx.fillStyle = s.colour;
    ctx.fillText(s.tag, X, box.y + 10);
    drawn.push({ text: s.tag, ...box });
  }
  const iy0 = iy(y0);
  const iy1 = iy(y1);
  return { yMin: Math.min(iy0, iy1), yMax: Math.max(iy0, iy1), clipped: series.filter((s) => s.diverged).map((s) => s.label) };
}

/** A legend as a list of coloured labels (HTML, so it is readable by screen readers). */
export function legend(series: readonly Pick<Series, 'label' | 'colour' | 'dashed'>[]): HTMLElement {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  for (const s of series) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = s.dashed ? 'swatch dashed' : 'swatch';
    swatch.style.borderColor = s.colour;
    swatch.style.background = s.dashed ? 'transparent' : s.colour;
    li.append(swatch, ` ${s.label}`);
    ul.append(li);
  }
  return ul;
}
