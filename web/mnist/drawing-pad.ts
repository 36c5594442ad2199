/**
 * The drawing pad: the user draws a digit with the mouse, a pen or a finger (pointer events), in a
 * stroke about as thick, relative to the digit, as MNIST's pens. After each stroke movement (at
 * most once per frame) the ink is read back as coverage values and handed to `onInk`.
 */
import { prepareCanvas } from '../canvas.js';

/** The ink as coverage values in [0, 1], `width × height` backing-store pixels. */
export interface Ink {
  coverage: Float32Array;
  width: number;
  height: number;
}

/** Stroke width as a fraction of the pad's side (MNIST strokes are 2–3 px of a 20 px digit). */
const STROKE = 0.075;

/** A drawing pad on `canvas`; `clear()` empties it. */
export interface DrawingPad {
  clear(): void;
  /** The current ink. */
  ink(): Ink;
}

/** Wires the pad; `onInk` receives the ink while drawing (null after clear). */
export function drawingPad(canvas: HTMLCanvasElement, onInk: (ink: Ink | null) => void): DrawingPad {
  // The pad is read back on every stroke: ask for a CPU-backed context before prepareCanvas makes
  // one (the first getContext's options stick), or Chrome warns about slow getImageData.
  canvas.getContext('2d', { willReadFrequently: true });
  const prepared = prepareCanvas(canvas)!;
  const { ctx, width } = prepared;
  let last: [number, number] | null = null;
  let pending = false;

  const ink = (): Ink => {
    const { width: w, height: h } = canvas;
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const coverage = new Float32Array(w * h);
    for (let i = 0; i < coverage.length; i++) coverage[i] = rgba[4 * i + 3]! / 255;
    return { coverage, width: w, height: h };
  };
  const changed = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onInk(ink());
    });
  };
  const at = (ev: PointerEvent): [number, number] => {
    const rect = canvas.getBoundingClientRect();
    return [((ev.clientX - rect.left) * width) / rect.width, ((ev.clientY - rect.top) * prepared.height) / rect.height];
  };
  const segment = (to: [number, number]) => {
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#000';
    ctx.lineWidth = STROKE * width;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    if (last) {
      ctx.moveTo(last[0], last[1]);
      ctx.lineTo(to[0], to[1]);
      ctx.stroke();
    } else {
      ctx.arc(to[0], to[1], (STROKE * width) / 2, 0, 2 * Math.PI);
      ctx.fill();
    }
    last = to;
    changed();
  };
  canvas.addEventListener('pointerdown', (ev) => {
    ev.preventDefault();
    canvas.setPointerCapture?.(ev.pointerId);
    last = null;
    segment(at(ev));
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (last) segment(at(ev));
  });
  const end = () => {
    last = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  const clear = () => {
    ctx.clearRect(0, 0, width, prepared.height);
    last = null;
    onInk(null);
  };
  return { clear, ink };
}
