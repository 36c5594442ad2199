/**
 * The page's copy of each run's curves. The worker sends only the points added since its last
 * frame (re-sending a whole long history ~15 times a second cost the main thread seconds per
 * second); the page appends them here and thins the copy so that drawing stays cheap however
 * long the run.
 */
import type { RunFrame } from './protocol.js';

/** Points kept per curve at most; thinning halves a curve that grows past it. */
export const MAX_POINTS = 1000;

/**
 * Appends `fresh` to `points` in place. With `replaceSameStep`, a fresh point at the step of the
 * last kept point replaces it (the worker re-sends its last point, which a later evaluation at
 * the same step may have updated). Past `max` points, every other point but the first and the
 * last is dropped, so a curve keeps between max/2 and max points spread over the whole run.
 */
export function appendPoints<T extends { step: number }>(points: T[], fresh: readonly T[], replaceSameStep: boolean, max = MAX_POINTS): T[] {
  for (const p of fresh) {
    const last = points[points.length - 1];
    if (replaceSameStep && last && last.step === p.step) points[points.length - 1] = p;
    else if (!last || p.step >= last.step) points.push(p);
  }
  if (points.length > max) {
    const kept: T[] = [];
    for (let i = 0; i < points.length - 1; i += 2) kept.push(points[i]!);
    kept.push(points[points.length - 1]!);
    points.splice(0, points.length, ...kept);
  }
  return points;
}

/** `next` (a frame's run) with its new points appended to `previous`'s curves; `previous` undefined starts afresh. */
export function mergeRun(previous: RunFrame | undefined, next: RunFrame): RunFrame {
  const history = previous ? previous.history : [];
  const sharpness = previous ? previous.sharpness : [];
  return { ...next, history: appendPoints(history, next.history, true), sharpness: appendPoints(sharpness, next.sharpness, false) };
}
