/**
 * A small line chart on a canvas: several series, optional min–max bands, linear / log / symlog
 * y-axis and linear / log x-axis, axis ticks and labels. Enough for loss and cost curves.
 */
/** A short tick label: 0.5, 20, 1e-4. */
function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return v.toExponential(0).replace('e+', 'e').replace('-', '−');
  return String(Number(v.toPrecision(3))).replace('-', '−');
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
}

/** Axis scales and labels. */
export interface ChartOptions {
  xLabel: string;
  yLabel: string;
  xScale?: 'linear' | 'log';
  yScale?: 'linear' | 'log' | 'symlog';
  /** Floor for log scales (values below are drawn at the floor). */
  floor?: number;
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

function ticks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
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
  const out: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of [1, 2, 5]) {
      const t = e + Math.log10(m);
      if (t >= lo - 1e-9 && t <= hi + 1e-9) out.push(t);
    }
  }
  return out;
}

/** Draws the series into `canvas` (sized by its width/height attributes, scaled for the display). */
export function drawChart(canvas: HTMLCanvasElement, series: readonly Series[], options: ChartOptions): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const w = canvas.width;
  const h = canvas.height;
  const floor = options.floor ?? 1e-12;
  const xs = options.xScale ?? 'linear';
  const ys = options.yScale ?? 'linear';
  const tx = transform(xs, floor);
  const ty = transform(ys, floor);
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of series) {
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
    ctx.fillText('no data yet', w / 2 - 35, h / 2);
    return;
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
  const padX = (x1 - x0) * 0.03;
  x0 -= padX;
  x1 += padX;
  const padY = (y1 - y0) * 0.04;
  y0 -= padY;
  y1 += padY;
  const px = (x: number) => PAD.left + ((tx(x) - x0) / (x1 - x0)) * (w - PAD.left - PAD.right);
  const py = (y: number) => h - PAD.bottom - ((ty(y) - y0) / (y1 - y0)) * (h - PAD.top - PAD.bottom);

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
  const yTicks = ys === 'linear' ? ticks(y0, y1, 4) : ys === 'log' ? logTicks(y0, y1) : ticks(Math.ceil(y0), Math.floor(y1), 4).filter(Number.isInteger);
  for (const t of yTicks) {
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
