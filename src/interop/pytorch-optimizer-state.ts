/**
 * Optimizer state for PyTorch: a descent optimizer's state dict renamed to what
 * `torch.optim.<Class>.state_dict()` holds, so a run continues in PyTorch where descent stopped.
 *
 * Layout of the safetensors file (PyTorch's `optimizer.state_dict()`, flattened):
 *
 *     tensors       state.<index>.<name>   e.g. state.0.exp_avg, state.0.step (a float32 scalar)
 *     __metadata__  optimizer     the torch.optim class, e.g. "Adam"
 *                   param_groups  JSON: [{"lr": 0.001, "betas": [0.9, 0.999], ..., "params": [0, 1, 2, 3]}]
 *                   param_names   JSON: ["0.weight", "0.bias", ...], the parameter of each index
 *                   format        "pt"
 *
 * `<index>` numbers the parameters across the groups in order, as PyTorch does, which is the order of
 * `model.parameters()` when the optimizer was built from `model.namedParameters()`.
 */
import { encodeSafetensors, saveSafetensors } from '../io/safetensors.js';
import type { JsonTensor, Optimizer, OptimizerStateDict } from '../optim/optimizer.js';
import type { JsonStateValue } from '../optim/state.js';
import { Tensor } from '../tensor/tensor.js';

/** How one descent optimizer's state and hyper-parameters are named in `torch.optim`. */
interface TorchOptimizer {
  /** The `torch.optim` class. */
  torch: string;
  /** descent state key → PyTorch state key; null: not kept by PyTorch (SGD counts no steps). */
  state: Record<string, string | null>;
}

const ADAM_STATE = { step: 'step', m: 'exp_avg', v: 'exp_avg_sq', vMax: 'max_exp_avg_sq' };

/**
 * Every descent optimizer with a `torch.optim` counterpart (checked against PyTorch's sources: the
 * `state[...]` entries each `step` creates). Lion, QuickProp, the lecture's Nesterov and Newton have
 * none; LBFGS keeps a history PyTorch lays out differently.
 */
const TORCH_OPTIMIZERS: Record<string, TorchOptimizer> = {
  SGD: { torch: 'SGD', state: { step: null, b: 'momentum_buffer' } },
  Adam: { torch: 'Adam', state: ADAM_STATE },
  AdamW: { torch: 'AdamW', state: ADAM_STATE },
  Adamax: { torch: 'Adamax', state: { step: 'step', m: 'exp_avg', u: 'exp_inf' } },
  NAdam: { torch: 'NAdam', state: { step: 'step', muProduct: 'mu_product', m: 'exp_avg', v: 'exp_avg_sq' } },
  RAdam: { torch: 'RAdam', state: { step: 'step', m: 'exp_avg', v: 'exp_avg_sq' } },
  RMSprop: { torch: 'RMSprop', state: { step: 'step', v: 'square_avg', gAvg: 'grad_avg', b: 'momentum_buffer' } },
  Adagrad: { torch: 'Adagrad', state: { step: 'step', sum: 'sum' } },
  Adadelta: { torch: 'Adadelta', state: { step: 'step', v: 'square_avg', u: 'acc_delta' } },
  Rprop: { torch: 'Rprop', state: { step: 'step', prev: 'prev', stepSize: 'step_size' } },
  ASGD: { torch: 'ASGD', state: { step: 'step', eta: 'eta', mu: 'mu', ax: 'ax' } },
};

/** The descent optimizers {@link pytorchOptimizerState} translates (their class names). */
export const PYTORCH_OPTIMIZERS: readonly string[] = Object.freeze(Object.keys(TORCH_OPTIMIZERS));

/** One parameter group as `torch.optim` holds it: PyTorch's hyper-parameter names and parameter indices. */
export type PyTorchParamGroup = Record<string, JsonStateValue> & { params: number[] };

/** An optimizer state in PyTorch's names, ready to be written as safetensors. */
export interface PyTorchOptimizerState {
  /** The `torch.optim` class, e.g. `'Adam'`. */
  optimizer: string;
  /** `state.<index>.<name>` → tensor (scalars such as `step` as 0-d float32 tensors, as PyTorch keeps them). */
  tensors: Record<string, Tensor>;
  /** `optimizer.state_dict()['param_groups']`. */
  paramGroups: PyTorchParamGroup[];
  /** The descent parameter name of each index. */
  paramNames: string[];
  /** The safetensors `__metadata__`: optimizer, param_groups and param_names (JSON), format. */
  metadata: Record<string, string>;
}

/** `weightDecay` → `weight_decay`, `learningRate` → `lr`; β1 and β2 become `betas`. */
function torchHyperParameters(h: Record<string, JsonStateValue>): Record<string, JsonStateValue> {
  const out: Record<string, JsonStateValue> = {};
  for (const [name, value] of Object.entries(h)) {
    if (name === 'beta1' || name === 'beta2') continue;
    const torchName = name === 'learningRate' ? 'lr' : name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out[torchName] = value;
  }
  if ('beta1' in h || 'beta2' in h) out['betas'] = [h['beta1'] ?? null, h['beta2'] ?? null];
  return out;
}

function isJsonTensor(v: unknown): v is JsonTensor {
  return typeof v === 'object' && v !== null && Array.isArray((v as JsonTensor).data) && Array.isArray((v as JsonTensor).shape);
}

function toTensor(v: JsonTensor): Tensor {
  const data = v.dtype === 'float64' ? Float64Array.from(v.data) : Float32Array.from(v.data);
  return new Tensor(data, v.shape);
}

/**
 * A descent optimizer's state (the optimizer, or its `stateDict()`, e.g. from a checkpoint) in
 * PyTorch's names and layout: moments become `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`,
 * `momentum_buffer`, `square_avg`, `grad_avg`, `acc_delta`, `sum`, `exp_inf`, `mu_product`, `prev`,
 * `step_size`, `ax`, `eta`, `mu`; `step` a float32 scalar tensor; hyper-parameters `lr`, `betas`,
 * `weight_decay`, ... Throws for an optimizer without a `torch.optim` counterpart (see
 * {@link PYTORCH_OPTIMIZERS}).
 *
 * In Python, `optimizer.load_state_dict({'state': state, 'param_groups': param_groups})` restores it
 * (see the README's "Moving models to and from PyTorch").
 *
 * @example
 * const st = pytorchOptimizerState(new Adam(model.namedParameters()));
 * st.optimizer;                    // 'Adam'
 * st.paramGroups[0]!.betas;        // [0.9, 0.999]
 */
export function pytorchOptimizerState(optimizer: Optimizer | OptimizerStateDict): PyTorchOptimizerState {
  const sd = 'stateDict' in optimizer && typeof optimizer.stateDict === 'function' ? optimizer.stateDict() : (optimizer as OptimizerStateDict);
  const table = TORCH_OPTIMIZERS[sd.optimizer];
  if (table === undefined) {
    throw new Error(`pytorchOptimizerState: ${sd.optimizer} has no torch.optim counterpart whose state descent can map (these have: ${PYTORCH_OPTIMIZERS.join(', ')})`);
  }
  const paramNames = sd.paramGroups.flatMap((g) => g.params);
  const tensors: Record<string, Tensor> = {};
  paramNames.forEach((name, index) => {
    const state = sd.state[name];
    if (state === undefined) return; // not stepped yet: PyTorch has no state for it either
    const floatDType = Object.values(state).find(isJsonTensor)?.dtype ?? 'float32';
    for (const [key, value] of Object.entries(state)) {
      if (!(key in table.state)) {
        throw new Error(`pytorchOptimizerState: ${sd.optimizer} state '${key}' of '${name}' has no PyTorch name (known: ${Object.keys(table.state).join(', ')})`);
      }
      const torchKey = table.state[key];
      if (torchKey === null) continue;
      // PyTorch keeps `step` as a float32 scalar tensor, other scalars in the parameter's dtype.
      const tensor = isJsonTensor(value)
        ? toTensor(value)
        : key === 'step'
          ? new Tensor(Float32Array.of(value), [])
          : new Tensor(floatDType === 'float64' ? Float64Array.of(value) : Float32Array.of(value), []);
      tensors[`state.${index}.${torchKey}`] = tensor;
    }
  });
  let next = 0;
  const paramGroups = sd.paramGroups.map((g) => ({ ...torchHyperParameters(g.hyperParameters), params: g.params.map(() => next++) }) as PyTorchParamGroup);
  const metadata = {
    format: 'pt',
    optimizer: table.torch,
    param_groups: JSON.stringify(paramGroups),
    param_names: JSON.stringify(paramNames),
  };
  return { optimizer: table.torch, tensors, paramGroups, paramNames, metadata };
}

/**
 * The bytes of a safetensors file with an optimizer's state in PyTorch's layout (see
 * {@link pytorchOptimizerState} and this file's header). Works in browsers.
 *
 * @example
 * const bytes = encodePyTorchOptimizerState(optimizer);
 */
export function encodePyTorchOptimizerState(optimizer: Optimizer | OptimizerStateDict): Uint8Array {
  const st = pytorchOptimizerState(optimizer);
  return encodeSafetensors(st.tensors, st.metadata);
}

/**
 * Writes an optimizer's state in PyTorch's layout to a safetensors file (atomically).
 *
 * @example
 * await exportPyTorchOptimizerState(optimizer, 'optimizer.safetensors');
 */
export async function exportPyTorchOptimizerState(optimizer: Optimizer | OptimizerStateDict, path: string): Promise<void> {
  const st = pytorchOptimizerState(optimizer);
  await saveSafetensors(path, st.tensors, st.metadata);
}
