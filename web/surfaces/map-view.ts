/**
 * The 400×400 map: the heat map (rendered once per surface into a bitmap) under the trails, the
 * current points, the start point and the known minima. Maps between pixels and (x, y).
 */
import { heatmapPixels, pixelGrid } from './heatmap.js';
import type { Run } from './runs.js';
import type { Surface } from './surfaces.js';

/** Draws the surface and the runs on a canvas. */
export class MapView {
  private background: HTMLCanvasElement | null = null;
  private surface: Surface | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {}

  /** Renders the heat map of `surface` (the expensive part; once per surface). */
  setSurface(surface: Surface): { min: number; max: number } {
    const { width, height } = this.canvas;
    const { xs, ys } = pixelGrid(surface.domain, width, height);
    const { pixels, min, max } = heatmapPixels(surface.values(xs, ys), width, height);
    const bg = document.createElement('canvas');
    bg.width = width;
    bg.height = height;
    bg.getContext('2d')!.putImageData(new ImageData(pixels, width, height), 0, 0);
    this.background = bg;
    this.surface = surface;
    return { min, max };
  }

  /** Pixel position of (x, y). */
  toPixel(x: number, y: number): [number, number] {
    const d = this.surface!.domain;
    return [((x - d.x[0]) / (d.x[1] - d.x[0])) * this.canvas.width, ((d.y[1] - y) / (d.y[1] - d.y[0])) * this.canvas.height];
  }

  /** (x, y) under a pixel position. */
  fromPixel(px: number, py: number): [number, number] {
    const d = this.surface!.domain;
    return [d.x[0] + (px / this.canvas.width) * (d.x[1] - d.x[0]), d.y[1] - (py / this.canvas.height) * (d.y[1] - d.y[0])];
  }

  /** Redraws everything: background, marks, trails and current points. */
  draw(runs: readonly Run[], start: readonly [number, number]): void {
    const ctx = this.canvas.getContext('2d')!;
    if (this.background) ctx.drawImage(this.background, 0, 0);
    if (!this.surface) return;
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
