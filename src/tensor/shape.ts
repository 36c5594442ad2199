/** Shapes, strides and NumPy broadcasting rules. Tensors are dense and row-major. */

export type Shape = readonly number[];

/** `[2,3]` — the way every error message prints a shape. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Number of elements (1 for a scalar `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks that every dimension is a non-negative integer. */
export function checkShape(shape: Shape, op: string): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${op}: invalid shape ${formatShape(shape)}: dimensions must be non-negative integers`);
  }
  return [...shape];
}

/**
 * The broadcast shape of `a` and `b` (NumPy rules: align trailing dimensions; each pair must be
 * equal or contain a 1). Throws naming the op and both shapes.
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: cannot broadcast ${formatShape(a)} with ${formatShape(b)}: dimension ${i} is ${da} vs ${db}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Resolves a possibly negative axis against `rank`, throwing when out of range. As in PyTorch, a 0-d
 * tensor accepts axis 0 and -1 (both resolve to 0; ops treat the missing axis as having size 1).
 * When `shape` is given the message names it and the valid range.
 */
export function normalizeAxis(axis: number, rank: number, op: string, shape?: Shape): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(axis) || axis < -r || axis >= r) {
    const where = shape === undefined ? '' : ` ${formatShape(shape)} (valid axes ${-r}..${r - 1})`;
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}${where}`);
  }
  return axis < 0 ? axis + r : axis;
}

/** Resolves a list of axes (or all axes when undefined), sorted and without duplicates. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, op: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(a, rank, op));
  if (new Set(out).size !== out.length) throw new Error(`${op}: axes [${list.join(',')}] repeat an axis`);
  return out.sort((x, y) => x - y);
}
