import { describe, expect, it } from 'vitest';
import { main } from '../../examples/sharpness-landscape.js';

describe('examples/sharpness-landscape.ts', () => {
  it('sharpness climbs to the edge of stability 2/η, the landscape is sliced and the trajectory projected', async () => {
    const lines: string[] = [];
    const r = await main((line) => lines.push(line));
    const twoOverLr = 2 / r.learningRate;
    // Measured every 10 of the 150 full-batch updates, next to 2/η.
    expect(r.sharpness.map((s) => s.update)).toEqual(Array.from({ length: 15 }, (_, i) => 10 * (i + 1)));
    expect(r.sharpness.every((s) => s.twoOverLr === twoOverLr)).toBe(true);
    // Progressive sharpening: from well below 2/η up to it (the edge of stability).
    const values = r.sharpness.map((s) => s.sharpness);
    expect(values[0]!).toBeLessThan(0.75 * twoOverLr);
    expect(Math.max(...values)).toBeGreaterThanOrEqual(twoOverLr);
    expect(r.finalLoss).toBeLessThan(0.1);
    // The top eigenvalues by magnitude, largest first; the largest is the last measurement's neighbour.
    expect(r.topEigenvalues).toHaveLength(3);
    expect(Math.abs(r.topEigenvalues[0]!)).toBeGreaterThanOrEqual(Math.abs(r.topEigenvalues[1]!));
    expect(Math.abs(r.topEigenvalues[0]! - values.at(-1)!)).toBeLessThan(0.25 * values.at(-1)!);
    // Slices: the centre is the trained loss, and it is the lowest point of the 1-D slice.
    const line = r.slice1d.losses[0]!;
    expect(line[10]).toBe(r.slice1d.loss);
    expect(Math.min(...line)).toBe(line[10]);
    expect(r.slice2d.losses[5]![5]).toBe(r.slice2d.loss);
    expect(r.slice2d.loss).toBe(r.slice1d.loss);
    // 151 snapshots (the start and every epoch); the last is the slice's origin.
    expect(r.trajectory).toHaveLength(151);
    expect(r.trajectory.at(-1)!.coordinates).toEqual([0, 0]);
    expect(r.trajectory[0]!.residual).toBeGreaterThan(0);
    expect(lines.at(-2)).toMatch(/^2-D slice: 11×11 losses; the run started at \(-?\d+\.\d\d, -?\d+\.\d\d\) in its plane$/);
    // On the principal plane the path is to scale: its start lies far further out than on random
    // directions, nearly in the plane, and the two directions explain most of its spread.
    const reach = (t: Array<{ coordinates: number[] }>) => Math.max(...t.flatMap((p) => p.coordinates.map(Math.abs)));
    expect(reach(r.trajectoryPca)).toBeGreaterThan(5 * reach(r.trajectory));
    expect(r.explained[0]!).toBeGreaterThanOrEqual(r.explained[1]!);
    expect(r.explained[0]! + r.explained[1]!).toBeGreaterThan(0.8);
    expect(r.trajectoryPca[0]!.residual).toBeLessThan(r.trajectory[0]!.residual);
    expect(r.trajectoryPca.at(-1)!.coordinates).toEqual([0, 0]);
    expect(r.slicePca.losses[5]![5]).toBe(r.slice2d.loss);
    expect(lines.at(-1)).toMatch(/^principal directions: PC1 \d+%, PC2 \d+% of the path's spread; the run started at /);
  }, 60_000);
});
