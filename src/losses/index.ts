/** The divergences (loss functions). */
export { type Reduction } from './reduction.js';
export { mseLoss } from './mse.js';
export { huberLoss, smoothL1Loss } from './huber.js';
export { crossEntropy, nllLoss, type CrossEntropyOptions, type NllOptions } from './cross-entropy.js';
export { softmaxCrossEntropy } from './softmax-cross-entropy.js';
export { binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
export { klDiv } from './kl-div.js';
