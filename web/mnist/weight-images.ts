/**
 * The first layer's weights as images: each hidden unit of the MLP has one weight per pixel, so its
 * 784 weights are a 28×28 picture of the stroke pattern it responds to (red: ink there excites the
 * unit; blue: ink there inhibits it); a conv net's filter is a small picture of the local pattern it
 * detects. Each image is scaled by its own largest |weight|, so units with small weights still show
 * their pattern.
 */
import { prepareCanvas } from '../canvas.js';

/** Side of a digit image. */
const SIDE = 28;

/**
 * Writes the RGB of a weight `v` in [−1, 1] at `data[at …]`: white at 0, red towards +1, blue towards
 * −1. Written in place, not returned: 32 images of 784 weights, ten times a second, made 250 000
 * short-lived arrays a second for the garbage collector on the page's thread.
 */
export function writeDivergingColour(data: Uint8ClampedArray, at: number, v: number): void {
  const fade = Math.round(255 * (1 - Math.min(1, Math.abs(v))));
  data[at] = v >= 0 ? 255 : fade;
  data[at + 1] = fade;
  data[at + 2] = v >= 0 ? fade : 255;
}

/**
 * Draws `count` images of `side × side` weights from `weights` into `canvas` in a grid of `columns`
 * columns, with a one-pixel gap (in image pixels) between them.
 */
export function drawWeightImages(canvas: HTMLCanvasElement, weights: Float32Array, count: number, columns: number, side = SIDE): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, width, height } = prepared;
  const rows = Math.ceil(count / columns);
  const cell = side + 1;
  const image = new ImageData(columns * cell, rows * cell);
  image.data.fill(255);
  for (let u = 0; u < count; u++) {
    const w = weights.subarray(u * side * side, (u + 1) * side * side);
    let max = 0;
    for (const v of w) max = Math.max(max, Math.abs(v));
    const ox = (u % columns) * cell;
    const oy = Math.floor(u / columns) * cell;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        writeDivergingColour(image.data, 4 * ((oy + y) * image.width + ox + x), max > 0 ? w[y * side + x]! / max : 0);
      }
    }
  }
  const off = document.createElement('canvas');
  off.width = image.width;
  off.height = image.height;
  off.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false; // sharp pixels: each weight is a square
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const scale = Math.min(width / image.width, height / image.height);
  ctx.drawImage(off, 0, 0, image.width * scale, image.height * scale);
}

/** Draws a 28×28 image of values in [0, 1] (ink dark on white), as the network sees a drawn digit. */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Float32Array): void {
  const prepared = prepareCanvas(canvas);
  if (!prepared) return;
  const { ctx, width, height } = prepared;
  const image = new ImageData(SIDE, SIDE);
  for (let i = 0; i < SIDE * SIDE; i++) {
    const v = 255 - Math.round(255 * Math.min(1, Math.max(0, pixels[i]!)));
    image.data.set([v, v, v, 255], 4 * i);
  }
  const off = document.createElement('canvas');
  off.width = off.height = SIDE;
  off.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, 0, 0, width, height);
}
