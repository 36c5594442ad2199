/**
 * Hessian-vector products by double backward (Pearlmutter, 1994): with g = ∇L built with
 * `createGraph`, H·v = ∇(g·v). One product costs about two backward passes, and the n×n Hessian is
 * never formed, so curvature can be probed on networks of any size.
 */
import { grad } from '../autograd/backward.js';
import { withGradMode } from '../autograd/grad-mode.js';
import { add, mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { flatSize, trainableTensors, type AnalysisParameters } from './parameters.js';

/** The Hessian of a loss at fixed weights, as a linear map on flat vectors (see {@link hessianOperator}). */
export interface HessianOperator {
  /** n, the number of trainable parameter values (the length of the vectors `apply` takes). */
  readonly size: number;
  /** The loss at the weights the operator was built at. */
  readonly loss: number;
  /** H·v for a flat vector v of length `size` (in parameter order), as float64. */
  apply(v: ArrayLike<number>): Float64Array;
  /** Products computed so far. */
  readonly products: number;
}

/**
 * The Hessian of `lossFn()` with respect to `params`, at their current values, as an operator
 * v ↦ H·v. The loss and its gradient graph are built once (`lossFn` is called once, so a dropout
 * mask is drawn once and every product sees the same function); each `apply` is one more backward
 * pass through that graph. Do not change the weights while using it: it keeps describing the point
 * it was built at.
 *
 * Vectors are flat, in the order of `params` (frozen parameters left out, see {@link flattenParameters}).
 * Products are computed in the parameters' dtype (float32 parameters: float32 rounding).
 *
 * @example
 * const H = hessianOperator(() => mseLoss(model.forward(x), y), model.namedParameters());
 * const hv = H.apply(v);   // Float64Array of length H.size
 */
export function hessianOperator(lossFn: () => Tensor, params: AnalysisParameters): HessianOperator {
  const tensors = trainableTensors(params, 'hessianOperator');
  const size = flatSize(tensors);
  // The forward and first backward must be recorded even when called inside noGrad (e.g. from a training loop).
  const { loss, gradients } = withGradMode(true, () => {
    const out = lossFn();
    if (!(out instanceof Tensor) || out.size !== 1) {
      throw new Error(`hessianOperator: lossFn must return a scalar tensor, got ${out instanceof Tensor ? `shape ${formatShape(out.shape)}` : typeof out}`);
    }
    if (!out.requiresGrad) throw new Error('hessianOperator: the loss does not depend on any of the parameters (it does not require a gradient)');
    return { loss: out, gradients: grad(out, tensors, { createGraph: true, allowUnused: true }) };
  });
  const lossValue = loss.item();
  let products = 0;
  return {
    size,
    loss: lossValue,
    get products() {
      return products;
    },
    apply(v: ArrayLike<number>): Float64Array {
      if (v.length !== size) throw new Error(`hessianOperator: the vector has ${v.length} values, the parameters ${size}`);
      products++;
      const out = new Float64Array(size);
      withGradMode(true, () => {
        // s = Σ_i g_i·v_i; its gradient is H·v. Gradients that do not depend on the weights (a
        // parameter entering the loss linearly) contribute no curvature and are skipped.
        let s: Tensor | null = null;
        let offset = 0;
        for (let i = 0; i < tensors.length; i++) {
          const t = tensors[i]!;
          const g = gradients[i]!;
          if (g.requiresGrad) {
            const data = allocate(t.dtype, t.size);
            for (let j = 0; j < t.size; j++) data[j] = v[offset + j]!;
            const term = sum(mul(g, new Tensor(data, t.shape)));
            s = s === null ? term : add(s, term);
          }
          offset += t.size;
        }
        if (s === null || !s.requiresGrad) return; // the loss is linear in the weights: H = 0
        const hv = grad(s, tensors, { retainGraph: true, allowUnused: true });
        offset = 0;
        for (const h of hv) {
          out.set(h.data, offset);
          offset += h.size;
        }
      });
      return out;
    },
  };
}

/**
 * One Hessian-vector product H·v of `lossFn()` with respect to `params` at their current values
 * (double backward). `v` is one tensor per trainable parameter (same shapes) or a flat vector;
 * the result has the same form. For many products at the same weights, build a
 * {@link hessianOperator} once instead.
 *
 * @example
 * const [hw, hb] = hessianVectorProduct(() => loss(model.forward(x), y), [w, b], [vw, vb]);
 */
export function hessianVectorProduct(lossFn: () => Tensor, params: AnalysisParameters, v: readonly Tensor[]): Tensor[];
export function hessianVectorProduct(lossFn: () => Tensor, params: AnalysisParameters, v: ArrayLike<number>): Float64Array;
export function hessianVectorProduct(lossFn: () => Tensor, params: AnalysisParameters, v: readonly Tensor[] | ArrayLike<number>): Tensor[] | Float64Array {
  const tensors = trainableTensors(params, 'hessianVectorProduct');
  const operator = hessianOperator(lossFn, tensors);
  if (!isTensorList(v)) return operator.apply(v);
  if (v.length !== tensors.length) throw new Error(`hessianVectorProduct: got ${v.length} vector tensors for ${tensors.length} trainable parameters`);
  const flat = new Float64Array(operator.size);
  let offset = 0;
  v.forEach((t, i) => {
    const p = tensors[i]!;
    if (t.size !== p.size) throw new Error(`hessianVectorProduct: vector ${i} has shape ${formatShape(t.shape)}, its parameter ${formatShape(p.shape)}`);
    flat.set(t.data, offset);
    offset += t.size;
  });
  const hv = operator.apply(flat);
  offset = 0;
  return tensors.map((p) => {
    const data = allocate(p.dtype, p.size);
    data.set(hv.subarray(offset, offset + p.size));
    offset += p.size;
    return new Tensor(data, p.shape);
  });
}

function isTensorList(v: readonly Tensor[] | ArrayLike<number>): v is readonly Tensor[] {
  return Array.isArray(v) && (v.length === 0 || v[0] instanceof Tensor);
}
