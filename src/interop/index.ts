/**
 * Interchange with PyTorch: weights in safetensors under PyTorch's state-dict names, the equivalent
 * `torch.nn` module source, and optimizer state in `torch.optim`'s names. Encoding and decoding work
 * in browsers; the file functions load `node:` modules lazily.
 */
export {
  encodePyTorchWeights, exportPyTorchWeights, loadPyTorchWeights, applyPyTorchWeights, decodePyTorchWeights,
  type LoadPyTorchWeightsOptions, type ExportPyTorchWeightsOptions,
} from './pytorch-weights.js';
export { pytorchModuleSource } from './pytorch-module-source.js';
export {
  pytorchOptimizerState, encodePyTorchOptimizerState, exportPyTorchOptimizerState, PYTORCH_OPTIMIZERS,
  type PyTorchOptimizerState, type PyTorchParamGroup,
} from './pytorch-optimizer-state.js';
