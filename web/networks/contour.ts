/**
 * The decision boundary as a line: marching squares on the output grid at level 0.5, each
 * crossing placed by linear interpolation between two grid points. (Marking the grid cells where
 * the class flips drew a dotted staircase with the grid's 48-step resolution.)
 */

/** A segment from (x0, y0) to (x1, y1) in grid units: column and row of the grid points, fractional. */
export type Segment = [number, number, number, number];

/** The segments where `grid` (side `g`, row-major) crosses `level`. */
export function contourSegments(grid: ArrayLike<number>, g: number, level = 0.5): Segment[] {
  const out: Segment[] = [];
  const at = (r: number, c: number) => grid[r * g + c]! - level;
  // Where the value crosses zero between two corners, as a fraction from the first.
  const t = (a: number, b: number) => (a === b ? 0.5 : a / (a - b));
  for (let r = 0; r + 1 < g; r++) {
    for (let c = 0; c + 1 < g; c++) {
      const tl = at(r, c);
      const tr = at(r, c + 1);
      const br = at(r + 1, c + 1);
      const bl = at(r + 1, c);
      const points: Array<[number, number]> = [];
      if (tl >= 0 !== tr >= 0) points.push([c + t(tl, tr), r]);
      if (tr >= 0 !== br >= 0) points.push([c + 1, r + t(tr, br)]);
      if (br >= 0 !== bl >= 0) points.push([c + 1 - t(br, bl), r + 1]);
      if (bl >= 0 !== tl >= 0) points.push([c, r + 1 - t(bl, tl)]);
      // Two crossings: one segment; four (a saddle): pair them in order around the cell.
      for (let k = 0; k + 1 < points.length; k += 2) out.push([points[k]![0], points[k]![1], points[k + 1]![0], points[k + 1]![1]]);
    }
  }
  return out;
}
