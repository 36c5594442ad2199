/**
 * Draws a loss slice: a curve for 1-D (loss against α, the current weights at α = 0), a shaded
 * contour map for 2-D with the training trajectory projected onto the slice's plane (on principal
 * directions, each axis says the share of the trajectory's variance it holds).
 */
import { prepareCanvas } from '../canvas.js';
import { drawChart } from '../chart.js';
import { formatNumber, formatTick } from '../format.js';
import type { LandscapeResult } from './landscape.js';

/** Paints `result` into `canvas`. */
export function paintLandscape(canvas: HTMLCanvasElement, result: LandscapeResult): void {
  if (result.betas.length === 1) {
    const row = result.losses[0]!;
    const centre = result.alphas.findIndex((a) => Math.abs(a) < 1e-12);
    drawChart(canvas, [
      { label: 'loss', colour: '#0072B2', xs: result.alphas, ys: row },
      ...(centre >= 0 ? [{ label: 'now', colour: '#D55E00', xs: [0], ys: [row[centre]!], markers: true }] : []),
    ], { xLabel: result.mode === '1d-init' ? 'α (0 = now, 1 = initial weights)' : 'α (filter-normalised direction)', yLabel: 'training loss', yScale: 'log', floor: 1e-6 });
    return;
  }
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, width: w, height: h } = prepared;
  const n = result.alphas.length;
  const m = result.betas.length;
  // log10 of the loss, light (low) to dark (high), smoothed: a coarse grid read as a surface.
  const logs = result.losses.map((row) => row.map((v) => Math.log10(Math.max(v, 1e-12))));
  const flat = logs.flat().filter(Number.isFinite);
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const shade = (t: number): [number, number, number] => [250 - 200 * t, 250 - 160 * t, 248 - 100 * t];
  const scratch = document.createElement('canvas');
  scratch.width = n;
  scratch.height = m;
  const sctx = scratch.getContext('2d')!;
  const image = sctx.createImageData(n, m);
  // Row 0 of the image is the largest β.
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) {
      const v = logs[j]![i]!;
      const [r, g, b] = Number.isFinite(v) ? shade((v - lo) / (hi - lo || 1)) : [0, 0, 0];
      const k = 4 * ((m - 1 - j) * n + i);
      image.data[k] = r;
      image.data[k + 1] = g;
      image.data[k + 2] = b;
      image.data[k + 3] = 255;
    }
  }
  sctx.putImageData(image, 0, 0);
  // Principal-direction axes carry a label with their share of the variance (β's turned upright).
  const axisNames = result.explained ? result.explained.map((e, k) => `PC${k + 1}, ${Math.round(100 * e)}% of the variance`) : null;
  // Margins for the axes (left, bottom) and the colour bar with its labels (right: as wide as the
  // widest label, since a small loss reads "6.05×10⁻⁵" and was cut at the canvas edge).
  const barLabels = [formatNumber(10 ** hi), formatNumber(10 ** ((hi + lo) / 2)), formatNumber(10 ** lo)];
  ctx.font = '11px system-ui, sans-serif';
  const labelWidth = Math.max(...barLabels.map((t) => ctx.measureText(t).width), ctx.measureText('loss').width);
  const left = axisNames ? 48 : 34;
  const top = 6;
  const size = Math.min(w - left - (10 + 15 + Math.ceil(labelWidth) + 4), h - top - 30);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(scratch, left, top, size, size);
  ctx.strokeStyle = '#888';
  ctx.strokeRect(left - 0.5, top - 0.5, size + 1, size + 1);
  // Colour bar: the loss at its top and bottom (log scale).
  const barX = left + size + 10;
  for (let y = 0; y < size; y++) {
    const [r, g, b] = shade(1 - y / size);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(barX, top + y, 12, 1);
  }
  ctx.fillStyle = '#1d1d1f';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(barLabels[0]!, barX + 15, top + 6);
  ctx.fillText(barLabels[1]!, barX + 15, top + size / 2);
  ctx.fillText(barLabels[2]!, barX + 15, top + size - 6);
  ctx.fillText('loss', barX + 15, top + size + 14);
  const a0 = result.alphas[0]!;
  const a1 = result.alphas[n - 1]!;
  const b0 = result.betas[0]!;
  const b1 = result.betas[m - 1]!;
  const px = (a: number) => left + ((a - a0) / (a1 - a0)) * size;
  const py = (b: number) => top + ((b1 - b) / (b1 - b0)) * size;
  // Axes: α across (first direction), β up (second), ticks at the ends and at 0 (if 0 is not near an
  // end, where the labels would overlap: a principal-direction window need not be centred on 0).
  const ticks = (lo: number, hi: number) => (Math.min(-lo, hi) >= 0.15 * (hi - lo) ? [lo, 0, hi] : [lo, hi]);
  ctx.fillStyle = '#5b5b66';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const a of ticks(a0, a1)) ctx.fillText(formatTick(a), px(a), top + size + 3);
  if (axisNames) ctx.fillText(axisNames[0]!, left + size / 2, top + size + 15);
  else ctx.fillText('α', left + size / 2 + 24, top + size + 15);
  ctx.textAlign = 'right';
  // The end ticks' labels hang inside the frame's height: centred on its edges, the top one was cut
  // at the canvas edge and the bottom one ran into the first α label below it.
  for (const b of ticks(b0, b1)) {
    ctx.textBaseline = b === b1 ? 'top' : b === b0 ? 'bottom' : 'middle';
    ctx.fillText(formatTick(b), left - 4, py(b));
  }
  ctx.textBaseline = 'middle';
  if (axisNames) {
    ctx.save();
    ctx.translate(8, top + size / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(axisNames[1]!, 0, 0);
    ctx.restore();
  } else ctx.fillText('β', left - 4, py((b0 + b1) / 2 + (b1 - b0) / 4));
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, size, size);
  ctx.clip();
  ctx.strokeStyle = '#D55E00';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  result.path.forEach(([a, b], k) => (k === 0 ? ctx.moveTo(px(a!), py(b!)) : ctx.lineTo(px(a!), py(b!))));
  ctx.stroke();
  ctx.fillStyle = '#D55E00';
  ctx.beginPath();
  ctx.arc(px(0), py(0), 4, 0, 2 * Math.PI);
  ctx.fill();
  if (axisNames && result.path.length > 0) {
    // The whole path is in view here: an open ring marks where it began (the initial weights).
    const [a, b] = result.path[0]!;
    ctx.beginPath();
    ctx.arc(px(a!), py(b!), 4, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.restore();
  ctx.lineWidth = 1;
}

/** The slice's canvas before any slice: an empty frame saying how to get one. */
export function paintLandscapePlaceholder(canvas: HTMLCanvasElement, text: string): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, width: w, height: h } = prepared;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#5b5b66';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillText(text, w / 2, h / 2);
  ctx.textAlign = 'start';
}
