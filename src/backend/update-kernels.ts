/**
 * The optimizer update kernels a backend may run in place of the TypeScript loops of
 * src/optim/optimizers/<name>.ts: the one table of them. Each row names, in order, the kernel's
 * state arrays, its f64 scalars (booleans as 0/1) and its loop variants; everything else follows
 * from the table:
 *
 * - the types of `UpdateKernels.update` (backend.ts): {@link UpdateArrays}, {@link UpdateScalars},
 *   {@link UpdateVariant};
 * - the codes both sides use: a kernel's code is its position in the table, a variant's its position
 *   in the row (no list of codes is kept by hand);
 * - the wasm dispatcher, assembly/update-dispatch.generated.ts, which scripts/build-wasm.mjs writes
 *   from this table (scripts/assembly-updates.ts): it loads each scalar from the offset its position
 *   gives and calls the AssemblyScript function of the row's name.
 *
 * So a new update kernel is its AssemblyScript body and one row here. The body is
 * `export function <name>(variant, p, g, ...arrays, n, ...scalars)` in some file of assembly/, its
 * parameters named as the row names them (the generator refuses other names or another order), with
 * `variant` only when the row has several. The scalars are what the TypeScript loop computes once per
 * parameter; the comments give their meaning.
 */

/** The shape of one row of {@link UPDATE_KERNELS}. */
export interface UpdateKernelRow {
  /** The optimizer the kernel stands in for (src/optim/optimizers/<name>.ts), and its wasm function. */
  readonly name: string;
  /** State arrays shaped like the parameter, in the kernel's order (at most three). */
  readonly arrays: readonly string[];
  /** The f64 scalars, in the kernel's order. */
  readonly scalars: readonly string[];
  /** The kernel's loops, from the fastest special case to the general one (the last). */
  readonly variants: readonly string[];
}

/** The update kernels; see the module comment. */
export const UPDATE_KERNELS = [
  // Adam / AdamW. bc1 = 1 − β1^t, bc2Sqrt = √(1 − β2^t); negLr = −η; sign −1 when maximizing;
  // l2 the coupled (Adam) weight decay, decay λ the decoupled (AdamW) one, 0 when unused.
  // Variants: plain (no amsgrad, maximize or decay), decoupled (AdamW without amsgrad or maximize), general.
  { name: 'adam', arrays: ['m', 'v', 'vMax'], scalars: ['beta1', 'beta2', 'bc1', 'bc2Sqrt', 'eps', 'negLr', 'sign', 'l2', 'decay'], variants: ['plain', 'decoupled', 'general'] },
  // SGD. first: the first step (the buffer starts at g); variants: no momentum, heavy-ball or Nesterov
  // momentum past the first step without decay or maximize, general.
  { name: 'sgd', arrays: ['b'], scalars: ['learningRate', 'momentum', 'dampening', 'sign', 'weightDecay', 'first', 'nesterov'], variants: ['plain', 'heavyBall', 'nesterov', 'general'] },
  // RMSprop; gAvg (centered) and b (momentum) null when unused. Variants: not centered, no momentum,
  // decay or maximize; general.
  { name: 'rmsprop', arrays: ['v', 'gAvg', 'b'], scalars: ['alpha', 'eps', 'learningRate', 'sign', 'weightDecay', 'momentum'], variants: ['plain', 'general'] },
  // Adagrad: negClr = −η/(1 + (t − 1)·lrDecay).
  { name: 'adagrad', arrays: ['sum'], scalars: ['negClr', 'eps', 'sign', 'l2'], variants: ['general'] },
  // Adamax: negClr = −η/(1 − β1^t).
  { name: 'adamax', arrays: ['m', 'u'], scalars: ['beta1', 'beta2', 'eps', 'negClr', 'sign', 'l2'], variants: ['general'] },
  // NAdam: bc2 = 1 − β2^t, cg and cm the gradient's and momentum's coefficients; shrink = −η·λ decoupled decay.
  { name: 'nadam', arrays: ['m', 'v'], scalars: ['beta1', 'beta2', 'bc2', 'eps', 'cg', 'cm', 'sign', 'l2', 'shrink'], variants: ['general'] },
  // RAdam: bc1 = 1 − β1^t, sqrtBc2 = √(1 − β2^t), rect the rectification, rectified (0/1) once ρ_t > 5.
  { name: 'radam', arrays: ['m', 'v'], scalars: ['beta1', 'beta2', 'bc1', 'learningRate', 'sqrtBc2', 'eps', 'rect', 'rectified', 'sign', 'l2', 'shrink'], variants: ['general'] },
  // Lion: decay = η·λ.
  { name: 'lion', arrays: ['m'], scalars: ['beta1', 'beta2', 'learningRate', 'decay', 'sign'], variants: ['general'] },
  // Adadelta: negLr = −η.
  { name: 'adadelta', arrays: ['v', 'u'], scalars: ['rho', 'eps', 'negLr', 'sign', 'l2'], variants: ['general'] },
  // ASGD: shrink = 1 − λ·η_t, negEta = −η_t, mu = μ_t.
  { name: 'asgd', arrays: ['ax'], scalars: ['shrink', 'negEta', 'mu', 'sign', 'l2'], variants: ['general'] },
  // Rprop: the step-size factors η−, η+ and bounds.
  { name: 'rprop', arrays: ['prev', 'stepSize'], scalars: ['etaMinus', 'etaPlus', 'lo', 'hi', 'sign'], variants: ['general'] },
] as const satisfies readonly UpdateKernelRow[];

type Row = (typeof UPDATE_KERNELS)[number];
type RowOf<K extends UpdateKernelName> = Extract<Row, { readonly name: K }>;

/** An update kernel's name: `'adam'`, `'sgd'`, … */
export type UpdateKernelName = Row['name'];

/** The loops of kernel `K` (`'plain' | 'decoupled' | 'general'` for Adam; `'general'` for a one-loop kernel). */
export type UpdateVariant<K extends UpdateKernelName> = RowOf<K>['variants'][number];

/** The arrays of one update of kernel `K`: the parameter `p` (updated in place), its gradient `g`, and the state arrays by name (null when unused). */
export type UpdateArrays<K extends UpdateKernelName> = {
  [A in 'p' | 'g' | RowOf<K>['arrays'][number]]: A extends 'p' | 'g' ? Float32Array : Float32Array | null;
};

/** The scalars of one update of kernel `K` by name (booleans as 0/1). */
export type UpdateScalars<K extends UpdateKernelName> = { [S in RowOf<K>['scalars'][number]]: number };

/** The most state arrays of one kernel (the wasm dispatcher has this many array arguments). */
export const MAX_UPDATE_STATE_ARRAYS = 3;

/** A kernel's code (its position in the table) and row. */
export interface UpdateKernelEntry {
  readonly code: number;
  readonly row: UpdateKernelRow;
}

const ENTRIES = new Map<string, UpdateKernelEntry>(UPDATE_KERNELS.map((row, code) => [row.name, { code, row }]));

/**
 * The code and row of kernel `kind`.
 *
 * @example
 * updateKernel('sgd').code;  // 1
 */
export function updateKernel(kind: UpdateKernelName): UpdateKernelEntry {
  const entry = ENTRIES.get(kind);
  if (entry === undefined) throw new Error(`update kernels: no kernel '${kind}'; known: ${[...ENTRIES.keys()].join(', ')}`);
  return entry;
}

/**
 * The code of `variant` among the loops of `row` (its position).
 *
 * @example
 * variantCode(updateKernel('adam').row, 'general');  // 2
 */
export function variantCode(row: UpdateKernelRow, variant: string): number {
  const code = row.variants.indexOf(variant);
  if (code < 0) throw new Error(`update kernels: ${row.name} has no variant '${variant}'; known: ${row.variants.join(', ')}`);
  return code;
}
