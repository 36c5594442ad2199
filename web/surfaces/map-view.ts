/**
 * The 400×400 map: the heat map (rendered once per surface into a bitmap, at the screen's pixel
 * density) with x and y ticks along its edges, under the trails, the current points, the start
 * point and the known minima. Maps between CSS pixels and (x, y).
 */
import { logicalSize, pixelRatio, prepareCanvas } from '../canvas.js';
import { formatTick } from '../format.js';
import { HeatmapJobs } from './heatmap-job.js';
import type { Run } from './runs.js';
import type { Surface } from './surfaces.js';

/** Draws the surface and the runs on a canvas. */
export class MapView {
  private background: HTMLCanvasElement | null = null;
  private surface: Surface | null = null;
  private readonly jobs = new HeatmapJobs();

  /** Drawing size in CSS pixels. */
  private readonly width: number;
  private readonly height: number;

  constructor(readonly canvas: HTMLCanvasElement) {
    ({ width: this.width, height: this.height } = logicalSize(canvas));
  }

  /**
   * Shows `surface` at once over a plain background, and renders its heat map (the expensive part;
   * once per surface) in the panel worker at up to 2 device pixels per CSS pixel — sharper
   * contours cost 4× the evaluations, more would cost 9×. `source` describes the surface for the
   * worker; `onReady` gets the value range when the heat map is in (the caller redraws then).
   * The canvas's `data-heatmap` says `pending` or `ready`, for tests.
   */
  setSurface(surface: Surface, source: { fn: string; constants: Record<string, number>; expr: string }, onReady: (range: { min: number; max: number; low: number; high: number }) => void): void {
    const scale = Math.min(2, pixelRatio());
    const width = Math.round(this.width * scale);
    const height = Math.round(this.height * scale);
    this.surface = surface;
    this.background = this.backgroundCanvas(width, height, scale, null);
    this.canvas.dataset.heatmap = 'pending';
    this.jobs.request(
      { fn: source.fn, constants: { ...source.constants }, expr: source.expr, width, height },
      (result) => {
        if (this.surface !== surface) return;
        this.background = this.backgroundCanvas(width, height, scale, result.pixels);
        this.canvas.dataset.heatmap = 'ready';
        onReady(result);
      },
      (message) => {
        if (this.surface !== surface) return;
        this.canvas.dataset.heatmap = 'ready';
        console.warn(`The heat map could not be drawn: ${message}`);
      },
    );
  }

  /** The map's background bitmap: the heat map's pixels (or a plain grey while they compute) and the axes. */
  private backgroundCanvas(width: number, height: number, scale: number, pixels: Uint8ClampedArray<ArrayBuffer> | null): HTMLCanvasElement {
    const bg = document.createElement('canvas');
    bg.width = width;
    bg.height = height;
    const bctx = bg.getContext('2d')!;
    if (pixels) {
      bctx.putImageData(new ImageData(pixels, width, height), 0, 0);
    } else {
      bctx.fillStyle = '#f4f4f4';
      bctx.fillRect(0, 0, width, height);
    }
    bctx.scale(scale, scale);
    this.drawAxes(bctx);
    return bg;
  }

  /** Shows `message` instead of a surface (the formula does not parse). */
  clear(message: string): void {
    this.surface = null;
    this.background = null;
    this.canvas.dataset.heatmap = 'ready';
    const prepared = prepareCanvas(this.canvas);
    if (!prepared) return;
    const { ctx } = prepared;
    ctx.fillStyle = '#f4f4f4';
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.fillStyle = '#a33c00';
    ctx.font = '14px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText(message, this.width / 2, this.height / 2);
    ctx.textAlign = 'left';
  }

  /** x ticks along the bottom edge and y ticks along the left edge, inside the map. */
  private drawAxes(ctx: CanvasRenderingContext2D): void {
    const d = this.surface!.domain;
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    const label = (text: string, x: number, y: number, align: CanvasTextAlign) => {
      ctx.textAlign = align;
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.strokeText(text, x, y);
      ctx.fillStyle = '#222';
      ctx.fillText(text, x, y);
    };
    for (const t of niceTicks(d.x[0], d.x[1], 6)) {
      const [px] = this.toPixel(t, d.y[0]);
      if (px < 30 || px > this.width - 36) continue; // keep the corners for the axis names
      ctx.strokeStyle = '#333';
      ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(px, this.height); ctx.lineTo(px, this.height - 6); ctx.stroke();
      label(formatTick(t), px, this.height - 9, 'center');
    }
    for (const t of niceTicks(d.y[0], d.y[1], 6)) {
      const [, py] = this.toPixel(d.x[0], t);
      if (py < 28 || py > this.height - 28) continue;
      ctx.strokeStyle = '#333';
      ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(0, py); ctx.lineTo(6, py); ctx.stroke();
      label(formatTick(t), 9, py + 4, 'left');
    }
    label('x →', this.width - 6, this.height - 9, 'right');
    label('y ↑', 9, 14, 'left');
    ctx.textAlign = 'left';
  }

  /** Pixel position of (x, y). */
  toPixel(x: number, y: number): [number, number] {
    const d = this.surface!.domain;
    return [((x - d.x[0]) / (d.x[1] - d.x[0])) * this.width, ((d.y[1] - y) / (d.y[1] - d.y[0])) * this.height];
  }

  /** (x, y) under a pixel position. */
  fromPixel(px: number, py: number): [number, number] {
    const d = this.surface!.domain;
    return [d.x[0] + (px / this.width) * (d.x[1] - d.x[0]), d.y[1] - (py / this.height) * (d.y[1] - d.y[0])];
  }

  /** Redraws everything: background, marks, trails and current points. */
  draw(runs: readonly Run[], start: readonly [number, number]): void {
    const prepared = prepareCanvas(this.canvas);
    if (!prepared || !this.surface) return;
    const { ctx } = prepared;
    if (this.background) ctx.drawImage(this.background, 0, 0, this.width, this.height);
    for (const m of this.surface.marks) {
      const [px, py] = this.toPixel(m.x, m.y);
      ctx.strokeStyle = '#222';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      if (m.kind === 'saddle') {
        ctx.rect(px - 4, py - 4, 8, 8);
      } else {
        ctx.moveTo(px - 5, py - 5); ctx.lineTo(px + 5, py + 5); ctx.moveTo(px + 5, py - 5); ctx.lineTo(px - 5, py + 5);
      }
      ctx.stroke();
    }
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const r of runs) {
      if (!r.run) continue;
      const pts = r.run.points;
      // Long trails: every k-th old point, the last 300 in full (bounded work per frame).
      const recent = Math.max(0, pts.length - 300);
      const stride = Math.max(1, Math.ceil(recent / 1500));
      const path = new Path2D();
      let started = false;
      const add = (p: readonly number[]) => {
        const [px, py] = this.toPixel(p[0]!, p[1]!);
        const cx = Math.max(-1e4, Math.min(1e4, px));
        const cy = Math.max(-1e4, Math.min(1e4, py));
        if (!Number.isFinite(cx) || !Number.isFinite(cy)) return;
        if (started) path.lineTo(cx, cy);
        else { path.moveTo(cx, cy); started = true; }
      };
      for (let i = 0; i < recent; i += stride) add(pts[i]!);
      for (let i = recent; i < pts.length; i++) add(pts[i]!);
      ctx.strokeStyle = 'rgba(0,0,0,0.6)';
      ctx.lineWidth = 4;
      ctx.stroke(path);
      ctx.strokeStyle = r.colour;
      ctx.lineWidth = 2.2;
      ctx.stroke(path);
      const last = pts[pts.length - 1]!;
      const [px, py] = this.toPixel(last[0]!, last[1]!);
      if (Number.isFinite(px) && Number.isFinite(py)) {
        ctx.beginPath();
        ctx.arc(px, py, 5.5, 0, 2 * Math.PI);
        ctx.fillStyle = r.colour;
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = '#000';
        ctx.stroke();
      }
    }
    const [sx, sy] = this.toPixel(start[0], start[1]);
    ctx.beginPath();
    ctx.arc(sx, sy, 6, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff';
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#000';
    ctx.stroke();
  }
}

/** Round tick values (1-2-5 steps) inside [lo, hi]. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : +t.toPrecision(12));
  return out;
}
