/**
 * HiDPI canvases: a canvas keeps its layout size (the width/height it was declared with, in CSS
 * pixels) while its backing store gets devicePixelRatio × as many pixels, so lines and text are
 * sharp on a phone or a retina screen. Drawing code works in CSS pixels throughout.
 */

/** A canvas ready to draw on in CSS pixels. */
export interface PreparedCanvas {
  ctx: CanvasRenderingContext2D;
  /** Layout size in CSS pixels. */
  width: number;
  height: number;
  /** Backing-store pixels per CSS pixel. */
  scale: number;
}

/** Backing-store pixels per CSS pixel (capped at 3: beyond it only memory grows). */
export function pixelRatio(): number {
  return Math.min(3, Math.max(1, window.devicePixelRatio || 1));
}

/** The canvas' layout size in CSS pixels (its declared width/height attributes). */
export function logicalSize(canvas: HTMLCanvasElement): { width: number; height: number } {
  if (!canvas.dataset.cssWidth) {
    canvas.dataset.cssWidth = String(canvas.width);
    canvas.dataset.cssHeight = String(canvas.height);
  }
  return { width: Number(canvas.dataset.cssWidth), height: Number(canvas.dataset.cssHeight) };
}

/**
 * Sizes the backing store for the current devicePixelRatio (once, or again when the ratio
 * changed) and returns a context scaled so one unit is one CSS pixel.
 */
export function prepareCanvas(canvas: HTMLCanvasElement): PreparedCanvas | null {
  const { width, height } = logicalSize(canvas);
  const scale = pixelRatio();
  const w = Math.round(width * scale);
  const h = Math.round(height * scale);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    // The declared size stays the layout size (the stylesheet lets it shrink on narrow screens).
    canvas.style.width = `${width}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  return { ctx, width, height, scale };
}
