/**
 * Reverse-mode differentiation: a topological sort of the graph from the output, then one reverse
 * sweep that calls each node's VJP and sums the gradients reaching each tensor (micrograd's
 * algorithm, on tensors).
 *
 * Sums go in place where nothing else can see the sum (a sum this pass made, a leaf gradient an
 * earlier backward made as a sum), as PyTorch accumulates `.grad` in place: a gradient reaching a
 * tensor by several paths, or accumulated over several backward calls, allocates once.
 */
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import { adoptGradient, ReleasedTensorError, scopeEndedVjp } from '../tensor/scope.js';
import { backend } from '../backend/index.js';
import { withGradMode } from './grad-mode.js';
import type { GradNode } from './node.js';

/**
 * Leaf gradients whose storage no other tensor shares (backward made them as sums): the next
 * backward adds into them in place. A gradient a VJP returned may share its storage (add passes its
 * upstream gradient to both inputs, reshape returns a view), so it is summed into a new one once.
 */
const ownedGradients = new WeakSet<Tensor>();

/** into += g, in place: the `add` kernel, so the same bits as `into.add(g)` (same shape and dtype). */
function addInPlace(into: Tensor, g: Tensor): void {
  const d = into.data;
  backend().binary('add', d, into.shape, g.data, g.shape, d, into.shape);
}

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (default false: it is freed). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for gradients of gradients (default false). */
  createGraph?: boolean;
}

/** Tensors reachable from `root` through nodes, in an order where every tensor follows its inputs. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative DFS: deep graphs (long unrolled loops) must not overflow the call stack.
  const stack: Array<[Tensor, number]> = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [t, next] = top;
    const inputs = t.gradNode?.inputs ?? [];
    if (next < inputs.length) {
      top[1] = next + 1;
      const input = inputs[next]!;
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push([input, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

function seedGradient(root: Tensor, gradOutput: Tensor | undefined, what: string): Tensor {
  if (!root.requiresGrad) {
    throw new Error(`${what}: the tensor ${formatShape(root.shape)} does not require a gradient (no input of it has requiresGrad)`);
  }
  if (gradOutput === undefined) {
    if (root.size !== 1) {
      throw new Error(`${what}: the output has shape ${formatShape(root.shape)}; backward() without a gradOutput needs a scalar (sum or mean it first, or pass gradOutput)`);
    }
    return new Tensor(allocate(root.dtype, 1).fill(1), root.shape);
  }
  if (!sameShape(gradOutput.shape, root.shape)) {
    throw new Error(`${what}: gradOutput has shape ${formatShape(gradOutput.shape)} but the output has shape ${formatShape(root.shape)}`);
  }
  return gradOutput;
}

/** The gradients a reverse sweep kept, and which of them are sums it made (storage no one else sees). */
interface Propagated {
  grads: Map<Tensor, Tensor>;
  sums: ReadonlySet<Tensor>;
}

/**
 * Runs the reverse sweep from `root` and returns the gradient reaching every tensor visited.
 * `keep(t)` says which tensors' gradients the caller wants to keep in the returned map.
 */
function propagate(root: Tensor, seed: Tensor, options: BackwardOptions, keep: (t: Tensor) => boolean): Propagated {
  const order = topologicalOrder(root);
  const pending = new Map<Tensor, Tensor>([[root, seed]]);
  const kept = new Map<Tensor, Tensor>();
  const visitedNodes: GradNode[] = [];
  const recording = options.createGraph ?? false;
  // Sums made in this pass (no other tensor sees them): later gradients are added in place.
  const sums = new Set<Tensor>();
  withGradMode(recording, () => {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      const g = pending.get(t);
      pending.delete(t); // drop intermediates as soon as they are consumed
      if (g === undefined) continue;
      if (keep(t)) kept.set(t, g);
      const node = t.gradNode;
      if (node === null) continue;
      if (node.vjp === null) {
        throw new Error(
          `backward: the graph through '${node.op}' was freed by an earlier backward(); pass {retainGraph: true} to the first backward() to go through it again`,
        );
      }
      if (node.vjp === scopeEndedVjp) {
        throw new ReleasedTensorError(
          `backward: the graph through '${node.op}' was recorded inside a tidy() scope that has ended (its tensors are released); call backward() inside that scope`,
        );
      }
      visitedNodes.push(node);
      const inputGrads = node.vjp(g);
      node.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!input.requiresGrad || gi === null || gi === undefined) return;
        if (!sameShape(gi.shape, input.shape)) {
          throw new Error(`backward: '${node.op}' produced a gradient of shape ${formatShape(gi.shape)} for an input of shape ${formatShape(input.shape)}`);
        }
        // NOTE: an op mixing float32 and float64 computes in float64; the gradient goes back in the
        // input's own dtype (as in PyTorch), so a float32 parameter never gets a float64 .grad.
        const gt = gi.dtype === input.dtype ? gi : gi.to(input.dtype);
        const prev = pending.get(input);
        if (prev === undefined) pending.set(input, gt);
        else if (sums.has(prev)) addInPlace(prev, gt);
        else {
          const sum = prev.add(gt);
          if (!recording) sums.add(sum); // a recorded sum is a graph node: it must stay as it is
          pending.set(input, sum);
        }
      });
    }
  });
  // As in PyTorch, createGraph implies retainGraph unless said otherwise.
  if (!(options.retainGraph ?? options.createGraph ?? false)) for (const node of visitedNodes) node.vjp = null;
  return { grads: kept, sums };
}

/** Accumulates gradients of `root` into `.grad` of every leaf that requires one. */
export function backward(root: Tensor, gradOutput?: Tensor, options: BackwardOptions = {}): void {
  const seed = seedGradient(root, gradOutput, 'backward');
  const { grads, sums } = propagate(root, seed, options, (t) => t.isLeaf && t.requiresGrad);
  withGradMode(options.createGraph ?? false, () => {
    for (const [leaf, g] of grads) {
      const previous = leaf.grad;
      if (options.createGraph) leaf.grad = previous === null ? g : previous.add(g);
      else if (previous === null) {
        leaf.grad = g.detach();
        if (sums.has(g)) ownedGradients.add(leaf.grad);
      } else if (ownedGradients.has(previous) && previous.dtype === g.dtype && sameShape(previous.shape, g.shape)) addInPlace(previous, g);
      else {
        leaf.grad = previous.add(g); // recording is off: a new leaf, no other tensor sees its storage
        ownedGradients.add(leaf.grad);
      }
      adoptGradient(leaf); // inside a scope: the leaf's, not released with the scope
    }
  });
}

export interface GradOptions extends BackwardOptions {
  /** The vector of the vector-Jacobian product, for a non-scalar output. */
  gradOutput?: Tensor;
  /** Return zeros (instead of throwing) for inputs the output does not depend on. */
  allowUnused?: boolean;
}

/**
 * The gradients of `output` with respect to `inputs` (leaves or not), returned rather than
 * accumulated into `.grad`, like `torch.autograd.grad`. With `createGraph: true` the result is
 * itself differentiable.
 */
export function grad(output: Tensor, inputs: readonly Tensor[], options: GradOptions = {}): Tensor[] {
  const seed = seedGradient(output, options.gradOutput, 'grad');
  const wanted = new Set(inputs);
  const { grads } = propagate(output, seed, options, (t) => wanted.has(t));
  return inputs.map((x, i) => {
    const g = grads.get(x);
    if (g !== undefined) return g;
    if (!options.allowUnused) {
      throw new Error(`grad: input ${i} (shape ${formatShape(x.shape)}) is not used to compute the output; pass {allowUnused: true} to get zeros`);
    }
    return new Tensor(allocate(x.dtype, x.size), x.shape);
  });
}
