/**
 * The shapes the optimizers work on. descent's optimizers never import the tensor library: they see
 * parameters structurally, so a `Parameter` from `src/nn`, a hand-made object or a plain vector all fit.
 */

/** A flat buffer of parameter, gradient or state values. Every optimizer works on both dtypes. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Anything an optimizer can update in place: flat `data` (row-major), its gradient (or `null` when
 * no gradient has been computed, in which case the parameter is skipped, as in PyTorch) and its shape.
 *
 * @example
 * const p: ParameterLike = { data: new Float64Array([1, 2]), grad: { data: new Float64Array(2) }, shape: [2] };
 */
export interface ParameterLike {
  /** The values, mutated in place by `step()`. */
  data: FloatArray;
  /** The gradient, or `null` when the parameter took no part in the last backward pass. */
  grad: { data: FloatArray } | null;
  readonly shape: readonly number[];
}

/** A parameter with its name (`model.namedParameters()` gives these). Names key the state dict. */
export type NamedParameter = readonly [string, ParameterLike];

/**
 * A parameter group: its parameters plus hyper-parameters that override the optimizer's defaults
 * for this group only (PyTorch's per-parameter options).
 *
 * @example
 * new SGD([{ params: encoder, learningRate: 1e-4 }, { params: head }], { learningRate: 1e-2, momentum: 0.9 });
 */
export interface ParamGroupInput {
  params: readonly ParameterLike[] | readonly NamedParameter[];
  [option: string]: unknown;
}

/** What an optimizer's constructor accepts: parameters, named parameters, or parameter groups. */
export type ParamsInput = readonly ParameterLike[] | readonly NamedParameter[] | readonly ParamGroupInput[];

/**
 * Re-evaluates the objective: zero the gradients, compute the loss, back-propagate, return the loss.
 * First-order optimizers call it once before stepping; LBFGS, Newton and the lecture's Nesterov
 * need it because they evaluate the gradient at points of their own choosing.
 */
export type Closure = () => number;
