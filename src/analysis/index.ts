/** Curvature and landscape analysis of a loss: Hessian-vector products, top eigenvalues, loss slices, a trajectory's principal directions. */
export { flattenParameters, type AnalysisParameters } from './parameters.js';
export { hessianOperator, hessianVectorProduct, type HessianOperator } from './hessian-vector-product.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
export { lanczos, type LanczosOptions, type LanczosResult } from './lanczos.js';
export { hessianEigenvalues, type HessianEigenvalues, type HessianEigenvaluesOptions } from './hessian-eigenvalues.js';
export { filterNormalizedDirections, type FilterNormalizedDirectionsOptions, type DirectionBiasMode } from './filter-normalized-directions.js';
export { lossSlice, type LossSlice, type LossSliceOptions } from './loss-slice.js';
export { projectTrajectory } from './project-trajectory.js';
export { trajectoryPrincipalDirections, type TrajectoryPrincipalDirections, type TrajectoryPrincipalDirectionsOptions } from './trajectory-principal-directions.js';
export { batchSharpness, type SharpnessOptions } from './training-sharpness.js';
export type { SharpnessRecord } from '../train/types.js';
