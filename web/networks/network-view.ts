/**
 * The network drawn as TensorFlow Playground does: a column per layer, each hidden unit a thumbnail
 * of what it computes over the plane, and the weights as edges whose width is |w| and whose colour
 * is its sign (blue positive, orange negative).
 */
import { prepareCanvas } from '../canvas.js';
import { FEATURE_LABELS, type FeatureName } from './features.js';

const POSITIVE = '0, 114, 178';
const NEGATIVE = '230, 159, 0';

/** One scratch canvas for every thumbnail (made once: creating canvases per frame is slow). */
let scratch: HTMLCanvasElement | null = null;

/** A unit's thumbnail: values scaled by their largest magnitude, blue positive, orange negative. */
function unitImage(values: Float32Array, size: number, ctx: CanvasRenderingContext2D): ImageData {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  const image = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const t = m > 0 ? values[i]! / m : 0;
    const c = t >= 0 ? [0, 114, 178] : [230, 159, 0];
    const k = Math.abs(t) * 0.85;
    image.data[4 * i] = 255 + (c[0]! - 255) * k;
    image.data[4 * i + 1] = 255 + (c[1]! - 255) * k;
    image.data[4 * i + 2] = 255 + (c[2]! - 255) * k;
    image.data[4 * i + 3] = 255;
  }
  return image;
}

/** Draws the network of the lab's first run. */
export function paintNetwork(canvas: HTMLCanvasElement, features: readonly FeatureName[], weights: readonly Float64Array[], units: { size: number; layers: Float32Array[][] } | null, output: { size: number; values: Float32Array } | null = null): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, width: w, height: h } = prepared;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  // Column sizes from the weight shapes: layer i's weight is [out_i, in_i].
  const sizes = [features.length];
  for (const wt of weights) sizes.push(wt.length / sizes[sizes.length - 1]!);
  const columns = sizes.length;
  const top = 16;
  const most = Math.max(...sizes);
  // Units one pitch apart, the tallest column fitting the canvas: a 4 px box and 3 px gap put 64
  // units on 448 px of a 320 px canvas, a third of them off it and the top ones over the labels.
  const pitch = Math.min(31, (h - top - 4) / most);
  const box = Math.max(1, Math.min(28, pitch >= 7 ? Math.floor(pitch) - 3 : Math.floor(0.6 * pitch)));
  const colX = (c: number) => 40 + ((w - 80) * c) / Math.max(1, columns - 1);
  // A short column (the inputs, with their names) keeps at least 14 px a unit where it fits: at a
  // 64-unit column's pitch the names x and y overprinted each other.
  const rowY = (c: number, i: number) => {
    const n = sizes[c]!;
    const p = Math.max(pitch, Math.min(14, (h - top - 4) / n));
    return top + (h - top - n * p) / 2 + (i + 0.5) * p;
  };
  // Edges first, under the units; bucketed by sign and strength so an 8 × 64 network (32 000
  // weights) costs 2 × BUCKETS strokes, not one per weight.
  // Only the strongest MAX_EDGES are drawn: rasterising 32 000 anti-aliased lines takes the browser
  // half a second after the script has returned.
  const BUCKETS = 8;
  const MAX_EDGES = 800;
  let wmax = 0;
  for (const wt of weights) for (const v of wt) wmax = Math.max(wmax, Math.abs(v));
  const total = weights.reduce((n, wt) => n + wt.length, 0);
  let cutoff = 0.05 * wmax;
  if (total > MAX_EDGES) {
    const magnitudes = new Float64Array(total);
    let k = 0;
    for (const wt of weights) for (const v of wt) magnitudes[k++] = Math.abs(v);
    magnitudes.sort();
    cutoff = Math.max(cutoff, magnitudes[total - MAX_EDGES]!);
  }
  const paths = Array.from({ length: 2 * BUCKETS }, () => new Path2D());
  const used = new Uint8Array(2 * BUCKETS);
  for (let c = 0; c < weights.length; c++) {
    const wt = weights[c]!;
    const nIn = sizes[c]!;
    const nOut = sizes[c + 1]!;
    for (let o = 0; o < nOut; o++) {
      for (let i = 0; i < nIn; i++) {
        const v = wt[o * nIn + i]!;
        if (Math.abs(v) < cutoff || wmax === 0) continue;
        const a = Math.abs(v) / wmax;
        const k = (v >= 0 ? 0 : BUCKETS) + Math.min(BUCKETS - 1, Math.floor(a * BUCKETS));
        used[k] = 1;
        paths[k]!.moveTo(colX(c) + box / 2, rowY(c, i));
        paths[k]!.lineTo(colX(c + 1) - box / 2, rowY(c + 1, o));
      }
    }
  }
  for (let k = 0; k < 2 * BUCKETS; k++) {
    if (!used[k]) continue;
    const a = ((k % BUCKETS) + 0.5) / BUCKETS;
    ctx.strokeStyle = `rgba(${k < BUCKETS ? POSITIVE : NEGATIVE}, ${0.25 + 0.6 * a})`;
    ctx.lineWidth = 0.4 + 3.6 * a;
    ctx.stroke(paths[k]!);
  }
  ctx.lineWidth = 1;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.fillStyle = '#5b5b66';
  for (let c = 0; c < columns; c++) ctx.fillText(c === 0 ? 'inputs' : c === columns - 1 ? 'output' : `layer ${c}`, colX(c), 11);
  for (let c = 0; c < columns; c++) {
    for (let i = 0; i < sizes[c]!; i++) {
      const x = colX(c) - box / 2;
      const y = rowY(c, i) - box / 2;
      const layer = c > 0 && c < columns - 1 ? units?.layers[c - 1] : undefined;
      // The output's thumbnail is the boundary's grid, centred on 0.5 (P = 0.5 is the boundary).
      const image = layer?.[i] && units ? { size: units.size, values: layer[i]! } : c === columns - 1 && c > 0 && output ? { size: output.size, values: output.values.map((v) => v - 0.5) } : null;
      // Below 8 px a thumbnail shows nothing: skip the image work (an 8 × 64 network has 512 units).
      if (image && box >= 8) {
        scratch ??= document.createElement('canvas');
        if (scratch.width !== image.size) {
          scratch.width = image.size;
          scratch.height = image.size;
        }
        const sctx = scratch.getContext('2d')!;
        sctx.putImageData(unitImage(image.values, image.size, sctx), 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(scratch, x, y, box, box);
      } else {
        ctx.fillStyle = '#f3f3f5';
        ctx.fillRect(x, y, box, box);
      }
      ctx.strokeStyle = '#888';
      ctx.strokeRect(x, y, box, box);
      if (c === 0) {
        ctx.fillStyle = '#1d1d1f';
        ctx.textAlign = 'right';
        ctx.fillText(FEATURE_LABELS[features[i]!], x - 4, rowY(c, i) + 4);
        ctx.textAlign = 'center';
      }
    }
  }
}
