/**
 * The decision boundary (or, for regression, the fitted curve) of one network, with the training
 * points (filled) and the held-out points (rings) on top. The output arrives as a small G × G grid
 * and is scaled up by the canvas (smoothed), so a repaint costs one small putImageData and a draw.
 */
import { prepareCanvas } from '../canvas.js';
import { formatTick } from '../format.js';
import { contourSegments } from './contour.js';
import type { FrameData } from './protocol.js';

/** An axis tick label (the page's typographic minus). */
const tick = (v: number): string => formatTick(v);

/** Class 0 and class 1 colours (Okabe–Ito orange and blue), and the background's mix towards white. */
const CLASS_RGB: readonly [readonly number[], readonly number[]] = [[230, 159, 0], [0, 114, 178]];
const WASH = 0.45;

/** The colour of an output p ∈ [0, 1] (P(class 1)): orange → white → blue, washed out. */
export function outputColour(p: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, p));
  const [c, a] = t < 0.5 ? [CLASS_RGB[0], 1 - 2 * t] : [CLASS_RGB[1], 2 * t - 1];
  const k = a * WASH;
  return [255 + (c[0]! - 255) * k, 255 + (c[1]! - 255) * k, 255 + (c[2]! - 255) * k];
}

/** A canvas drawing one network's view; reuses its scratch canvas between frames. */
export class BoundaryView {
  readonly canvas: HTMLCanvasElement;
  private readonly scratch = document.createElement('canvas');
  /** Reused between frames: allocating a G × G ImageData every frame showed in the page's profile. */
  private image: ImageData | null = null;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
  }

  /** Canvas pixel (CSS units, as the canvas was declared) → plane point in [−1, 1]². */
  toPlane(px: number, py: number): [number, number] {
    const size = this.canvas.clientWidth || Number(this.canvas.dataset.cssWidth ?? this.canvas.width);
    return [(2 * px) / size - 1, 1 - (2 * py) / size];
  }

  /** Paints `grid` (side `g`) and the points of `data`. */
  paint(grid: Float32Array, g: number, data: FrameData | null): void {
    const prepared = prepareCanvas(this.canvas);
    if (!prepared) return;
    const { ctx, width: w, height: h } = prepared;
    const regression = data?.kind === 'regression';
    const sx = (x: number) => ((x + 1) / 2) * w;
    const sy = (y: number) => ((1 - y) / 2) * h;
    if (regression) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      // Axes: grid lines at −0.5, 0, 0.5 (0 darker) with tick labels along the bottom and the left.
      ctx.lineWidth = 1;
      for (const v of [-0.5, 0, 0.5]) {
        ctx.strokeStyle = v === 0 ? '#bbb' : '#eee';
        ctx.beginPath();
        ctx.moveTo(0, sy(v));
        ctx.lineTo(w, sy(v));
        ctx.moveTo(sx(v), 0);
        ctx.lineTo(sx(v), h);
        ctx.stroke();
      }
      ctx.fillStyle = '#666';
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'bottom';
      for (const v of [-0.5, 0, 0.5]) {
        ctx.textAlign = 'center';
        ctx.fillText(tick(v), sx(v), h - 2);
        ctx.textAlign = 'left';
        if (v !== 0) ctx.fillText(tick(v), 3, sy(v) - 1);
      }
      ctx.textAlign = 'right';
      ctx.fillText('x', w - 3, h - 2);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText('y', 3, 2);
    } else {
      if (this.scratch.width !== g) {
        this.scratch.width = g;
        this.scratch.height = g;
      }
      const sctx = this.scratch.getContext('2d')!;
      if (this.image?.width !== g) this.image = sctx.createImageData(g, g);
      const image = this.image;
      for (let i = 0; i < g * g; i++) {
        const [r, gg, b] = outputColour(grid[i]!);
        image.data[4 * i] = r;
        image.data[4 * i + 1] = gg;
        image.data[4 * i + 2] = b;
        image.data[4 * i + 3] = 255;
      }
      sctx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.scratch, 0, 0, w, h);
      // The boundary itself: where the output crosses 0.5 (grid point k sits at (k + 0.5)/g).
      ctx.strokeStyle = '#333';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (const [x0, y0, x1, y1] of contourSegments(grid, g)) {
        ctx.moveTo(((x0 + 0.5) / g) * w, ((y0 + 0.5) / g) * h);
        ctx.lineTo(((x1 + 0.5) / g) * w, ((y1 + 0.5) / g) * h);
      }
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    if (!data) return;
    const points = (set: { xs: Float64Array; ys: Float64Array }, held: boolean) => {
      for (let i = 0; i < set.ys.length; i++) {
        const x = set.xs[2 * i]!;
        const y = regression ? set.ys[i]! : set.xs[2 * i + 1]!;
        const colour = regression ? '#999' : set.ys[i]! > 0.5 ? '#0072B2' : '#E69F00';
        ctx.beginPath();
        ctx.arc(sx(x), sy(y), regression ? (held ? 2.4 : 2) : 3.4, 0, 2 * Math.PI);
        if (held) {
          ctx.fillStyle = '#fff';
          ctx.fill();
          ctx.strokeStyle = colour;
          ctx.lineWidth = 1.6;
          ctx.stroke();
        } else {
          ctx.fillStyle = colour;
          ctx.fill();
          ctx.strokeStyle = '#fff';
          ctx.lineWidth = 0.8;
          ctx.stroke();
        }
      }
    };
    points(data.train, false);
    points(data.test, true);
    // The fitted curve on top of the points, thick: it is what the panel is about.
    if (regression) {
      // The fitted curve: the grid row at y = 0 (the regression inputs have y = 0).
      const row = Math.floor(g / 2);
      ctx.strokeStyle = '#0072B2';
      ctx.lineWidth = 3;
      ctx.beginPath();
      for (let c = 0; c < g; c++) {
        const x = -1 + (2 * (c + 0.5)) / g;
        const y = grid[row * g + c]!;
        if (c === 0) ctx.moveTo(sx(x), sy(y));
        else ctx.lineTo(sx(x), sy(y));
      }
      ctx.stroke();
      ctx.lineWidth = 1;
    }
    ctx.lineWidth = 1;
  }
}
