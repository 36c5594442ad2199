/**
 * Serialisation: the safetensors format, atomic file writes for checkpoints, and name/shape checks of
 * loaded tensors. File access goes through the platform seam (src/platform/), so importing this
 * barrel is safe in a browser, where `loadSafetensors` fetches or takes bytes and writing throws; `encodeSafetensors` / `decodeSafetensors` work anywhere.
 */
export { encodeSafetensors, decodeSafetensors, saveSafetensors, loadSafetensors, type SafetensorsContents } from './safetensors.js';
export { atomicWriteFile, type AtomicWriteOptions } from './atomic-write.js';
export { checkTensorLayout, type TensorSpec, type TensorLayoutOptions } from './tensor-layout.js';
export { float16ToNumber, bfloat16ToNumber } from './half-float.js';
