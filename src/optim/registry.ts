/**
 * The registry of optimizers: name, documentation, hyper-parameters (default, range, log scale,
 * doc), paper, and factories for the façade and the pure stepper. The CLI flags, the
 * playground's controls and the conformance test are generated from it, so a new optimizer
 * appears everywhere at once.
 */
import type { HyperParameterSpec, RegistryEntry } from '../registry/spec.js';
import { closestName } from '../registry/validate.js';
import { fusedTransformation, type FusedDefinition, type ParamState } from './fused.js';
import type { OptimizerWithLearningRate } from './optimizer.js';
import { Adadelta, adadeltaDefinition } from './optimizers/adadelta.js';
import { Adagrad, adagradDefinition } from './optimizers/adagrad.js';
import { Adam, adamDefinition } from './optimizers/adam.js';
import { Adamax, adamaxDefinition } from './optimizers/adamax.js';
import { AdamW, adamwDefinition } from './optimizers/adamw.js';
import { ASGD, asgdDefinition } from './optimizers/asgd.js';
import { LBFGS, lbfgs, lbfgsHyperParameters } from './optimizers/lbfgs.js';
import { Lion, lionDefinition } from './optimizers/lion.js';
import { AdamWScheduleFree, adamwScheduleFreeDefinition } from './optimizers/adamw-schedule-free.js';
import { Muon, muonDefinition } from './optimizers/muon.js';
import { SGDScheduleFree, sgdScheduleFreeDefinition } from './optimizers/sgd-schedule-free.js';
import { NAdam, nadamDefinition } from './optimizers/nadam.js';
import { LectureNesterov, lectureNesterov, lectureNesterovDefinition } from './optimizers/nesterov.js';
import { Newton, newton, newtonHyperParameters, type NewtonOptions } from './optimizers/newton.js';
import { QuickProp, quickpropDefinition } from './optimizers/quickprop.js';
import { RAdam, radamDefinition } from './optimizers/radam.js';
import { RMSprop, rmspropDefinition } from './optimizers/rmsprop.js';
import { Rprop, rpropDefinition } from './optimizers/rprop.js';
import { SGD, sgdDefinition } from './optimizers/sgd.js';
import type { StateValue } from './state.js';
import { stepperFromTransformation, type PureStepper } from './stepper.js';
import type { GradientTransformation } from './transform.js';
import type { ParamsInput } from './types.js';

/** Builds the façade: `create(params, options)`. Every group has a (writable) learning rate. */
export type OptimizerFactory = (params: ParamsInput, options?: Record<string, unknown>) => OptimizerWithLearningRate;

/**
 * How an optimizer is driven:
 * - `first-order`: `backward()` then `step()` (a closure is optional);
 * - `closure`: `step(closure)` is required (it evaluates the objective where it chooses);
 * - `second-order`: `step(closure)` plus a `hessian` or `hessianVectorProduct` option.
 */
export type OptimizerKind = 'first-order' | 'closure' | 'second-order';

/** One registry entry. */
export interface OptimizerEntry extends RegistryEntry<OptimizerFactory> {
  kind: OptimizerKind;
  /** True for the `torch.optim` classes that the parity checker compares with PyTorch. */
  pytorch: boolean;
  /** The pure form of one step (for every kind). */
  stepper(options?: Record<string, unknown>): PureStepper<StateValue>;
  /** The Optax-style transformation (first-order optimizers only). */
  transformation?(options?: Record<string, unknown>): GradientTransformation<StateValue>;
  /**
   * What the conformance test expects with the default hyper-parameters on a convex quadratic
   * (κ = 10, from (−4, 2)) and on Rosenbrock (from (−1.2, 1)) within 20 000 steps: `converges`
   * (to within 1e-2 of the minimum), or the documented reason it does not.
   */
  convergence: { quadratic: ConvergenceExpectation; rosenbrock: ConvergenceExpectation };
  /**
   * The learning rate `descent train` and `descent compare` use when none is given, when it should
   * differ from the `learningRate` default (undefined: the default). The defaults stay PyTorch's, for
   * parity, but they suit long runs on large data (Adam's 1e-3) or are placeholders (SGD's 1e-3).
   * `scale` is `small` for a few hundred low-dimensional samples (the synthetic 2-D datasets with the
   * small tanh MLP, a few hundred updates) and `large` otherwise (MNIST's MLP). `options` are the
   * ones the run sets (SGD's rate depends on its momentum).
   *
   * Measured (session 3) on `spirals` with batch 32, 120 epochs, a constant rate and 4 seeds —
   * `descent compare --dataset spirals --optimizers <name> --learning-rates <default>,<recommended>
   * --batch-sizes 32 --epochs 120 --seeds 1-4` — every small-problem rate here reaches 85–100% held-out
   * accuracy (plain SGD and ASGD 70–88%: slower, not stuck; they get there by ~1500 updates) where the
   * defaults stay at 37–60%. On MNIST (`--dataset mnist --batch-sizes 32 --epochs 3`): SGD 0.1 and
   * momentum 0.01 reach 89% and 91% where SGD's 1e-3 is at 22% and Adam's 1e-3 at 94%.
   */
  recommendedLearningRate?(options: Readonly<Record<string, unknown>>, scale: ProblemScale): number | undefined;
}

/** How big a training problem is, for {@link OptimizerEntry.recommendedLearningRate}. */
export type ProblemScale = 'small' | 'large';

/**
 * `converges`, or why not: `slow` (the loss falls but the minimum is out of reach within the
 * budget), `oscillates` (it reaches the minimum's neighbourhood but keeps circling it), or
 * `diverges` (the defaults are unstable on that problem).
 */
export type ConvergenceExpectation = 'converges' | { outcome: 'slow' | 'oscillates' | 'diverges'; reason: string };

type AnyDefinition = FusedDefinition<object, ParamState>;

function fused(
  key: string,
  Class: new (params: ParamsInput, options?: object) => OptimizerWithLearningRate,
  definition: FusedDefinition<never, never>,
  doc: { summary: string; paper: string; pytorch: boolean; convergence: OptimizerEntry['convergence']; recommendedLearningRate?: OptimizerEntry['recommendedLearningRate'] },
): OptimizerEntry {
  const def = definition as unknown as AnyDefinition;
  const transformation = (options: Record<string, unknown> = {}): GradientTransformation<StateValue> =>
    fusedTransformation(def, options) as unknown as GradientTransformation<StateValue>;
  return {
    name: key,
    displayName: def.name,
    summary: doc.summary,
    paper: doc.paper,
    hyperParameters: def.hyperParameters,
    create: (params, options = {}) => new Class(params, options),
    kind: 'first-order',
    pytorch: doc.pytorch,
    transformation,
    stepper: (options = {}) => stepperFromTransformation(transformation(options)),
    convergence: doc.convergence,
    ...(doc.recommendedLearningRate ? { recommendedLearningRate: doc.recommendedLearningRate } : {}),
  };
}

/** The Adam family: 1e-2 on small problems (their 1e-3 needs thousands of updates there), else the default. */
const adamRate = (_options: unknown, scale: ProblemScale): number | undefined => (scale === 'small' ? 1e-2 : undefined);

const converges = { quadratic: 'converges', rosenbrock: 'converges' } as const;

/** Every optimizer, in the order the playground lists them. */
export const OPTIMIZERS: readonly OptimizerEntry[] = [
  fused('sgd', SGD, sgdDefinition as never, {
    summary: 'Stochastic gradient descent with optional (Nesterov) momentum, dampening and L2 weight decay.',
    paper: 'https://www.cs.toronto.edu/~hinton/absps/momentum.pdf',
    pytorch: true,
    convergence: converges,
    // Heavy-ball momentum β multiplies the step by 1/(1 − β) once the velocity builds up: scaling η
    // by (1 − β) gives plain SGD (1 small, 0.1 large) and SGD with momentum 0.9 (0.1, 0.01) the same
    // effective step, so a comparison shows what momentum changes, not a ten times larger step.
    // toPrecision: 1 − 0.9 is 0.09999999999999998 in binary; reports should read 0.1.
    recommendedLearningRate: (o, scale) => Number(((scale === 'small' ? 1 : 0.1) * (1 - (typeof o.momentum === 'number' ? o.momentum : 0))).toPrecision(12)),
  }),
  fused('adam', Adam, adamDefinition as never, {
    summary: 'Adaptive moment estimation: bias-corrected averages of g and g²; AMSGrad optional.',
    paper: 'https://arxiv.org/abs/1412.6980',
    pytorch: true,
    convergence: converges,
    recommendedLearningRate: adamRate,
  }),
  fused('adamw', AdamW, adamwDefinition as never, {
    summary: 'Adam with weight decay decoupled from the gradient statistics.',
    paper: 'https://arxiv.org/abs/1711.05101',
    pytorch: true,
    convergence: converges,
    recommendedLearningRate: adamRate,
  }),
  fused('adamax', Adamax, adamaxDefinition as never, {
    summary: "Adam's variant with the infinity norm of past gradients.",
    paper: 'https://arxiv.org/abs/1412.6980',
    pytorch: true,
    convergence: converges,
    recommendedLearningRate: adamRate,
  }),
  fused('nadam', NAdam, nadamDefinition as never, {
    summary: 'Adam with Nesterov momentum and a momentum-decay schedule.',
    paper: 'https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ',
    pytorch: true,
    convergence: converges,
    recommendedLearningRate: adamRate,
  }),
  fused('radam', RAdam, radamDefinition as never, {
    summary: 'Adam with a rectified adaptive learning rate (no warm-up needed).',
    paper: 'https://arxiv.org/abs/1908.03265',
    pytorch: true,
    convergence: converges,
    recommendedLearningRate: adamRate,
  }),
  fused('rmsprop', RMSprop, rmspropDefinition as never, {
    summary: 'Divide the gradient by a running RMS of recent gradients; centered and momentum variants.',
    paper: 'https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf',
    pytorch: true,
    convergence: {
      quadratic: 'converges',
      rosenbrock: {
        outcome: 'oscillates',
        reason: 'near the minimum each coordinate moves by about η·g/√v ≈ η, so with η = 1e-2 it circles (1, 1) at a distance of a few η instead of settling; decay the learning rate to converge',
      },
    },
  }),
  fused('adagrad', Adagrad, adagradDefinition as never, {
    summary: 'Per-coordinate steps from the sum of all past squared gradients.',
    paper: 'https://jmlr.org/papers/v12/duchi11a.html',
    pytorch: true,
    convergence: {
      quadratic: { outcome: 'slow', reason: 'the step η/√(Σg²) shrinks like 1/√t, so with η = 1e-2 it travels only a few units in 20 000 steps; use η ≈ 0.5 on such problems' },
      rosenbrock: { outcome: 'slow', reason: 'the step η/√(Σg²) shrinks like 1/√t, and the large gradients on the valley walls use up the budget early' },
    },
    recommendedLearningRate: (_o, scale) => (scale === 'small' ? 0.1 : undefined),
  }),
  fused('adadelta', Adadelta, adadeltaDefinition as never, {
    summary: 'Unit-correct steps from running averages of squared gradients and squared updates.',
    paper: 'https://arxiv.org/abs/1212.5701',
    pytorch: true,
    convergence: {
      quadratic: 'converges',
      rosenbrock: { outcome: 'slow', reason: 'its steps start at about √ε ≈ 1e-3 and grow only as the running averages fill, too slowly for the curved valley within the budget' },
    },
  }),
  fused('rprop', Rprop, rpropDefinition as never, {
    summary: 'Sign-based steps with per-coordinate step sizes that grow while the sign holds (full batch).',
    paper: 'https://doi.org/10.1109/ICNN.1993.298623',
    pytorch: true,
    convergence: converges,
  }),
  fused('asgd', ASGD, asgdDefinition as never, {
    summary: 'SGD with a decaying step size and a running (Polyak) average of the iterates.',
    paper: 'https://doi.org/10.1137/0330046',
    pytorch: true,
    convergence: {
      quadratic: 'converges',
      rosenbrock: { outcome: 'diverges', reason: 'η0 = 1e-2 exceeds 2/L for the curvature L ≈ 1000 of Rosenbrock at (−1.2, 1), so the (averaged) SGD steps blow up; learningRate 1e-3 converges' },
    },
    // SGD's small-problem rate (it is SGD with iterate averaging).
    recommendedLearningRate: (_o, scale) => (scale === 'small' ? 1 : undefined),
  }),
  {
    name: 'lbfgs',
    displayName: 'LBFGS',
    summary: 'Limited-memory BFGS quasi-Newton method with optional strong-Wolfe line search; closure-driven.',
    paper: 'https://doi.org/10.1007/BF01589116',
    hyperParameters: lbfgsHyperParameters,
    create: (params, options = {}) => new LBFGS(params, options),
    kind: 'closure',
    pytorch: true,
    stepper: (options = {}) => lbfgs(options) as unknown as PureStepper<StateValue>,
    convergence: converges,
  },
  fused('lion', Lion, lionDefinition as never, {
    summary: 'Sign of an interpolated momentum: every coordinate moves by exactly ±η.',
    paper: 'https://arxiv.org/abs/2302.06675',
    pytorch: false,
    convergence: {
      quadratic: { outcome: 'slow', reason: 'every coordinate moves by exactly η = 1e-4 per step, so the 4 units to the minimum take at least 40 000 steps; learningRate 1e-3 converges (to within ±η)' },
      rosenbrock: { outcome: 'slow', reason: 'every coordinate moves by exactly η = 1e-4 per step, so following the valley takes far more than 20 000 steps' },
    },
    // The Lion paper: 3–10 times smaller than AdamW's rate.
    recommendedLearningRate: (_o, scale) => (scale === 'small' ? 3e-3 : undefined),
  }),
  fused('sgd-schedule-free', SGDScheduleFree, sgdScheduleFreeDefinition as never, {
    summary: 'Schedule-Free SGD: no learning-rate schedule; gradients at an interpolation, evaluation at the running average (train/eval modes).',
    paper: 'https://arxiv.org/abs/2405.15682',
    pytorch: false,
    convergence: {
      quadratic: 'converges',
      rosenbrock: { outcome: 'diverges', reason: 'the reference default η = 1 exceeds 2/L for the curvature L ≈ 1000 of Rosenbrock at (−1.2, 1), so z blows up in a few steps; learningRate 1e-3 converges' },
    },
  }),
  fused('adamw-schedule-free', AdamWScheduleFree, adamwScheduleFreeDefinition as never, {
    summary: 'Schedule-Free AdamW: Adam scaling without a schedule; evaluation at the running average (train/eval modes).',
    paper: 'https://arxiv.org/abs/2405.15682',
    pytorch: false,
    convergence: converges,
    recommendedLearningRate: adamRate,
  }),
  fused('muon', Muon, muonDefinition as never, {
    summary: 'Momentum orthogonalized by Newton–Schulz for matrices, with an auxiliary Adam for the other parameters.',
    paper: 'https://kellerjordan.github.io/posts/muon/',
    pytorch: false,
    convergence: converges,
  }),
  fused('quickprop', QuickProp, quickpropDefinition as never, {
    summary: "Fahlman's per-weight secant step to the minimum of a parabola, with a maximum growth factor.",
    paper: 'http://cs.cmu.edu/~sef/sefQuickprop.htm',
    pytorch: false,
    convergence: converges,
  }),
  {
    name: 'lecture-nesterov',
    displayName: 'LectureNesterov',
    summary: "Nesterov momentum in the lecture's form: the gradient is taken at the look-ahead point W + βΔW.",
    paper: 'https://proceedings.mlr.press/v28/sutskever13.html',
    hyperParameters: lectureNesterovDefinition.hyperParameters,
    create: (params, options = {}) => new LectureNesterov(params, options),
    kind: 'closure',
    pytorch: false,
    stepper: (options = {}) => lectureNesterov(options) as unknown as PureStepper<StateValue>,
    convergence: converges,
  },
  {
    name: 'newton',
    displayName: 'Newton',
    summary: "Newton's method with the exact Hessian; damped or Levenberg–Marquardt; up to a few thousand parameters.",
    paper: 'https://doi.org/10.1007/978-0-387-40065-5',
    hyperParameters: newtonHyperParameters,
    create: (params, options = {}) => new Newton(params, options as NewtonOptions),
    kind: 'second-order',
    pytorch: false,
    stepper: (options = {}) => newton(options as NewtonOptions) as unknown as PureStepper<StateValue>,
    convergence: converges,
  },
];

/**
 * The entry called `name` (the registry key, e.g. `adam`, or the class name, e.g. `Adam`);
 * throws with the closest valid name for a typo.
 *
 * @example
 * const opt = optimizerEntry('adam').create(model.namedParameters(), { learningRate: 1e-3 });
 */
export function optimizerEntry(name: string): OptimizerEntry {
  const entry = OPTIMIZERS.find((e) => e.name === name || e.displayName === name) ?? OPTIMIZERS.find((e) => e.name === name.toLowerCase());
  if (entry) return entry;
  const hint = closestName(name, OPTIMIZERS.map((e) => e.name));
  throw new Error(`unknown optimizer '${name}'${hint ? `; did you mean '${hint}'?` : ''} Valid optimizers: ${OPTIMIZERS.map((e) => e.name).join(', ')}`);
}

/** The façade factory for a class name as PyTorch spells it (`Adam`, `RMSprop`), or undefined. */
export function optimizerByClassName(className: string): OptimizerFactory | undefined {
  return OPTIMIZERS.find((e) => e.displayName === className)?.create;
}

/** The hyper-parameter specs of an optimizer (for CLI flags and sliders). */
export function optimizerHyperParameters(name: string): readonly HyperParameterSpec[] {
  return optimizerEntry(name).hyperParameters;
}
