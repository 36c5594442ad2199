/**
 * K-means trained by gradient steps: online (one point per update), mini-batch and batch updates
 * with a decaying step size, seeded, with the cost curve recorded.
 */
export { toPointSet, type KMeansData, type PointSet } from './points.js';
export { kMeansCost, assignPoints, nearestCentre, squaredDistance } from './assign.js';
export { initialCentres, type KMeansInit } from './init.js';
export { centreStep, inverseTimeStepSize, type KMeansSchedule, type KMeansStepSize } from './step-size.js';
export { KMeans, type KMeansOptions, type KMeansStep, type KMeansUpdate } from './kmeans.js';
export { fitKMeans, type FitKMeansOptions, type KMeansHistory, type KMeansResult } from './fit.js';
