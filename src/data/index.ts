/**
 * Data: in-memory datasets, seeded batching, splits, scalers, and readers (MNIST from the `mnist`
 * package, IDX, CSV) and synthetic generators. File readers load `node:` modules lazily, so importing
 * this barrel is safe in a browser; only calling them needs Node.
 */
export { DataError, type DataLocation } from './data-error.js';
export { MAX_CLASSES } from './class-labels.js';
export { Dataset, type DatasetOptions, type Sample, type Batch } from './dataset.js';
export { DataLoader, type DataLoaderOptions, type DataLoaderState } from './data-loader.js';
export { splitDataset, type SplitOptions, type DatasetSplits } from './split.js';
export { StandardScaler, type StandardScalerOptions, type StandardScalerState } from './standard-scaler.js';
export { MinMaxScaler, type MinMaxScalerOptions, type MinMaxScalerState } from './min-max-scaler.js';
export { parseCsv, readCsv, type CsvOptions } from './datasets/csv.js';
export { parseIdx, decodeIdx, readIdx, isGzip, type IdxArray, type IdxType, type IdxReadOptions } from './datasets/idx.js';
export { loadIdxPair, loadIdxDataset, type IdxDatasetOptions } from './datasets/idx-dataset.js';
export { loadMnist, MNIST_PACKAGE_COUNTS } from './datasets/mnist.js';
export { imageFeatures, type ImageFeatureOptions } from './datasets/image-features.js';
export { spirals, type SpiralsOptions } from './datasets/spirals.js';
export { moons, type MoonsOptions } from './datasets/moons.js';
export { circles, type CirclesOptions } from './datasets/circles.js';
export { blobs, type BlobsOptions } from './datasets/blobs.js';
export { noisyFunction, type NoisyFunctionOptions } from './datasets/noisy-function.js';
export type { SyntheticOptions } from './datasets/synthetic.js';
export { randomShift, type Augmentation, type RandomShiftOptions } from './augment.js';
