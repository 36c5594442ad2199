/**
 * Example: curvature and the loss landscape of a small network. Full-batch gradient descent
 * (η = 0.5) trains a tanh MLP on the two moons while `fit` records the sharpness λmax — the top
 * eigenvalue of the loss Hessian — every 10 updates: it climbs to 2/η = 4, the largest curvature at
 * which gradient descent is stable, the "edge of stability" (Cohen et al., ICLR 2021), and falls
 * again as the cross-entropy flattens. Then the top three Hessian eigenvalues at the end, a 1-D and
 * a 2-D slice of the loss along filter-normalised random directions (Li et al., NeurIPS 2018), and
 * the run's trajectory (one weight snapshot per epoch) projected onto the 2-D slice — where it barely
 * moves, as random directions in weight space are nearly orthogonal to it — and last a slice along
 * the trajectory's own two principal directions (Li et al. §7), where the path shows to scale.
 *
 * Run: npx tsx examples/sharpness-landscape.ts
 */
import { pathToFileURL } from 'node:url';
import {
  DataLoader, Linear, Random, SGD, Sequential, Tanh, crossEntropy, fit, flattenParameters, hessianEigenvalues, lossSlice, moons, projectTrajectory, trajectoryPrincipalDirections,
  type LossSlice, type SharpnessRecord,
} from '../src/index.js';

/** What {@link main} returns. */
export interface SharpnessLandscapeResult {
  learningRate: number;
  /** Every measurement of the run, in order. */
  sharpness: SharpnessRecord[];
  /** The training loss after the last epoch. */
  finalLoss: number;
  /** The three Hessian eigenvalues of largest magnitude at the end. */
  topEigenvalues: number[];
  slice1d: LossSlice;
  slice2d: LossSlice;
  /** Each epoch's weights as (α, β) on the 2-D slice, with the distance off its plane. */
  trajectory: Array<{ coordinates: number[]; residual: number }>;
  /** A 2-D slice along the trajectory's two principal directions, wide enough to hold the path. */
  slicePca: LossSlice;
  /** The share of the path's spread about the final weights along each principal direction. */
  explained: number[];
  /** Each epoch's weights on the principal plane, with the distance off it. */
  trajectoryPca: Array<{ coordinates: number[]; residual: number }>;
}

/**
 * Trains for `epochs` full-batch steps, then measures the curvature and slices the landscape.
 *
 * @example
 * const { sharpness, topEigenvalues } = await main(console.log);
 */
export async function main(log: (line: string) => void = () => {}, epochs = 150): Promise<SharpnessLandscapeResult> {
  const learningRate = 0.5;
  const data = moons({ samples: 200, noise: 0.1, seed: 1 });
  const random = new Random(1);
  const model = new Sequential(new Linear(2, 32, { random }), new Tanh(), new Linear(32, 32, { random }), new Tanh(), new Linear(32, 2, { random }));
  const params = model.namedParameters();
  const snapshots = [flattenParameters(params)];
  const result = await fit(model, {
    loss: crossEntropy,
    optimizer: new SGD(params, { learningRate }),
    data: new DataLoader(data, { batchSize: 'full' }), // one update per epoch: the whole set is the batch
    epochs,
    sharpness: { every: 10 },
    callbacks: { onEpochEnd: () => void snapshots.push(flattenParameters(params)) },
  });
  const sharpness = result.history.flatMap((h) => h.sharpness ?? []);
  for (const s of sharpness.filter((_, i) => i % 3 === 0)) log(`update ${s.update}: sharpness ${s.sharpness.toFixed(3)} (2/η = ${s.twoOverLr})`);

  model.eval();
  const loss = () => crossEntropy(model.forward(data.features), data.labels);
  const { values: topEigenvalues } = hessianEigenvalues(loss, params, { k: 3, iterations: 40 });
  log(`top Hessian eigenvalues at the end: ${topEigenvalues.map((v) => v.toFixed(4)).join(', ')}`);
  const slice1d = lossSlice(loss, params, { steps: 21, range: 1, seed: 1 });
  log(`1-D slice: ${slice1d.losses[0]!.map((l) => l.toFixed(2)).join(' ')}`);
  const slice2d = lossSlice(loss, params, { directions: 2, steps: 11, range: 1, seed: 2 });
  const trajectory = projectTrajectory(snapshots, slice2d.directions, slice2d.origin);
  const start = trajectory[0]!.coordinates.map((c) => c.toFixed(2)).join(', ');
  log(`2-D slice: ${slice2d.losses.length}×${slice2d.alphas.length} losses; the run started at (${start}) in its plane`);
  // The plane that holds most of the path: its top two principal directions about the final weights.
  const { directions, explained } = trajectoryPrincipalDirections(snapshots, slice2d.origin);
  const trajectoryPca = projectTrajectory(snapshots, directions, slice2d.origin);
  const reach = Math.max(...trajectoryPca.flatMap((p) => p.coordinates.map(Math.abs)));
  const slicePca = lossSlice(loss, params, { directions: 2, steps: 11, range: 1.2 * reach, directionVectors: directions });
  const startPca = trajectoryPca[0]!.coordinates.map((c) => c.toFixed(2)).join(', ');
  log(`principal directions: PC1 ${(100 * explained[0]!).toFixed(0)}%, PC2 ${(100 * explained[1]!).toFixed(0)}% of the path's spread; the run started at (${startPca}), ${trajectoryPca[0]!.residual.toFixed(2)} off the plane`);
  return { learningRate, sharpness, finalLoss: result.history.at(-1)!.trainLoss, topEigenvalues, slice1d, slice2d, trajectory, slicePca, explained, trajectoryPca };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(console.log);
}
