/**
 * Model weights to and from PyTorch through safetensors. descent's state-dict names are PyTorch's
 * (`0.weight`, `1.running_mean`, `1.num_batches_tracked`, ...), so this is the state dict written with
 * PyTorch's dtypes (integer counters as I64) and read back with every name and shape checked.
 */
import { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import type { AnyModule } from '../nn/module.js';
import type { LoadStateDictResult, StateDict } from '../nn/state-dict.js';
import type { Tensor } from '../tensor/tensor.js';
import { fileReadError } from '../data/file-error.js';

/** Options of {@link loadPyTorchWeights} and {@link applyPyTorchWeights}. */
export interface LoadPyTorchWeightsOptions {
  /**
   * Require the file's keys to match the model's exactly (default true, as PyTorch's
   * `load_state_dict`). With false, missing and unexpected keys are returned; shapes are always checked.
   */
  strict?: boolean;
}

/** Options of {@link encodePyTorchWeights} and {@link exportPyTorchWeights}. */
export interface ExportPyTorchWeightsOptions {
  /** Extra `__metadata__` entries (strings); `format: 'pt'` is always written. */
  metadata?: Record<string, string>;
}

function stateOf(model: AnyModule | StateDict): StateDict {
  return typeof (model as AnyModule).stateDict === 'function' ? (model as AnyModule).stateDict() : (model as StateDict);
}

/**
 * The bytes of a safetensors file holding a model's state dict as PyTorch's `save_file` would write
 * it: PyTorch's names, float tensors as F32/F64, integer buffers (`num_batches_tracked`) as I64,
 * `__metadata__` `{"format": "pt"}`, the reference implementation's layout. Works in browsers.
 *
 * @example
 * const bytes = encodePyTorchWeights(model);  // e.g. for a download link
 */
export function encodePyTorchWeights(model: AnyModule | StateDict, options: ExportPyTorchWeightsOptions = {}): Uint8Array {
  return encodeSafetensors(stateOf(model), { ...options.metadata, format: 'pt' }, { int64: true });
}

/**
 * Writes a model's weights (or a state dict) to a safetensors file that PyTorch loads strictly into
 * the equivalent module (see {@link pytorchModuleSource}). The write is atomic.
 *
 * @example
 * await exportPyTorchWeights(model, 'model.safetensors');
 * // Python: net.load_state_dict(safetensors.torch.load_file('model.safetensors'), strict=True)
 */
export async function exportPyTorchWeights(model: AnyModule | StateDict, path: string, options: ExportPyTorchWeightsOptions = {}): Promise<void> {
  await saveSafetensors(path, stateOf(model), { ...options.metadata, format: 'pt' }, { int64: true });
}

/**
 * Loads weights (e.g. decoded from a file PyTorch wrote with `save_file(model.state_dict(), ...)`)
 * into `model`, in place. Every key and shape is checked before anything is written; a mismatch
 * throws one error naming `source`, the missing and unexpected keys and each shape difference. I64
 * counters become int32 (values beyond int32 are an error when decoding), F16/BF16/F64 convert to
 * the model's dtype, and descent 0.1's camelCase BatchNorm names are accepted.
 *
 * @example
 * applyPyTorchWeights(model, decodeSafetensors(bytes).tensors, 'upload.safetensors');
 */
export function applyPyTorchWeights(
  model: AnyModule,
  tensors: Record<string, Tensor>,
  source = '<weights>',
  options: LoadPyTorchWeightsOptions = {},
): LoadStateDictResult {
  try {
    return model.loadStateDict(tensors, { strict: options.strict ?? true });
  } catch (err) {
    const message = (err as Error).message.replace(/^loadStateDict: /, '');
    const expected = Object.keys(model.stateDict());
    const unexpected = Object.keys(tensors).filter((k) => !expected.includes(k));
    let hint = '';
    if (unexpected.length > 0) {
      hint = `; the model's keys are ${expected.slice(0, 8).map((k) => `'${k}'`).join(', ')}${expected.length > 8 ? `, … (${expected.length})` : ''}`;
      // A state dict saved from a wrapper (`self.model = nn.Sequential(...)`) has every key prefixed.
      const prefixes = new Set(unexpected.map((k) => expected.find((e) => k.endsWith(`.${e}`))).map((e, i) => (e === undefined ? null : unexpected[i]!.slice(0, -e.length))));
      const [prefix] = [...prefixes];
      if (prefixes.size === 1 && typeof prefix === 'string') hint += ` (the file's keys carry the prefix '${prefix}': save the inner module's state_dict(), or strip it)`;
    }
    throw new Error(`weights ${source} do not fit the model: ${message}${hint}`);
  }
}

/**
 * Reads a safetensors file (written by PyTorch's `safetensors.torch.save_file`, by
 * {@link exportPyTorchWeights} or by a descent checkpoint) into `model` with every key and shape
 * checked; see {@link applyPyTorchWeights}. Returns the missing and unexpected keys (empty unless
 * `strict: false`).
 *
 * @example
 * const model = buildModel('conv:batchnorm', new Random(0)).model;
 * await loadPyTorchWeights(model, 'from-pytorch.safetensors');
 */
export async function loadPyTorchWeights(model: AnyModule, path: string, options: LoadPyTorchWeightsOptions = {}): Promise<LoadStateDictResult> {
  let tensors: Record<string, Tensor>;
  try {
    ({ tensors } = await loadSafetensors(path));
  } catch (err) {
    // Node's `ENOENT: no such file or directory, open …` becomes `<path>: no such file`.
    throw (err as { code?: unknown }).code !== undefined ? fileReadError(err, path, 'a safetensors file') : err;
  }
  return applyPyTorchWeights(model, tensors, path, options);
}

/**
 * {@link applyPyTorchWeights} on the bytes of a safetensors file (browsers: from `fetch` or a `File`).
 *
 * @example
 * decodePyTorchWeights(model, new Uint8Array(await (await fetch('model.safetensors')).arrayBuffer()));
 */
export function decodePyTorchWeights(model: AnyModule, bytes: Uint8Array, source = '<safetensors>', options: LoadPyTorchWeightsOptions = {}): LoadStateDictResult {
  return applyPyTorchWeights(model, decodeSafetensors(bytes, source).tensors, source, options);
}
