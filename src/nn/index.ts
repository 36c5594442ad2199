/**
 * nn: modules, parameters, layers and weight initialisation. Re-exported by the package entry
 * point; `init` is a namespace (`init.kaimingUniform(w)`) so its `zeros`/`ones` don't shadow the
 * tensor creators.
 */
export { Parameter, type FloatDType, type FloatTensor } from './parameter.js';
export { Module, type AnyModule, type RegisterBufferOptions } from './module.js';
export { type StateDict, type LoadStateDictOptions, type LoadStateDictResult } from './state-dict.js';
export {
  serializeStateDict, deserializeStateDict, serializeTensor, deserializeTensor,
  type SerializedStateDict, type SerializedTensor,
} from './serialization.js';
export * as init from './init.js';
export type { Nonlinearity, FanMode, InitOptions, XavierOptions, KaimingOptions } from './init.js';
export { Linear, type LinearOptions } from './linear.js';
export { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
export { Sequential, type TensorModule } from './sequential.js';
export { Flatten, Identity } from './flatten.js';
export { ReLU, LeakyReLU, ELU, Sigmoid, Tanh, Softplus, GELU, SiLU, Softmax, LogSoftmax } from './activations.js';
export { Dropout } from './dropout.js';
export { BatchNorm, BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from './batch-norm.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export { MaxPool2d, AvgPool2d, type Pool2dLayerOptions, type AvgPool2dLayerOptions } from './pooling.js';
export { updateBatchNormStatistics, type BatchNormBatch } from './update-batch-norm.js';
