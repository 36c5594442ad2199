/**
 * Every learning-rate schedule with its documentation and hyper-parameters. The CLI, the playground
 * and the conformance tests read this list, so a new schedule appears everywhere at once.
 */
import type { HyperParameterSpec, RegistryEntry } from '../registry/spec.js';
import { closestName } from '../registry/validate.js';
import { constantLR, constantLRHyperParameters } from './constant-lr.js';
import { constantSchedule, constantScheduleHyperParameters } from './constant.js';
import { cosineAnnealingLR, cosineAnnealingLRHyperParameters } from './cosine-annealing-lr.js';
import { cosineAnnealingWarmRestarts, cosineAnnealingWarmRestartsHyperParameters } from './cosine-annealing-warm-restarts.js';
import { cyclicLR, cyclicLRHyperParameters } from './cyclic-lr.js';
import { exponentialLR, exponentialLRHyperParameters } from './exponential-lr.js';
import { inverseTimeDecay, inverseTimeDecayHyperParameters } from './inverse-time-decay.js';
import { lambdaLR, lambdaLRHyperParameters } from './lambda-lr.js';
import { multiplicativeLR, multiplicativeLRHyperParameters } from './multiplicative-lr.js';
import { chainedScheduler } from './chained.js';
import { linearLR, linearLRHyperParameters } from './linear-lr.js';
import { multiStepLR, multiStepLRHyperParameters } from './multi-step-lr.js';
import { oneCycleLR, oneCycleLRHyperParameters } from './one-cycle-lr.js';
import { polynomialLR, polynomialLRHyperParameters } from './polynomial-lr.js';
import { reduceLROnPlateau, reduceLROnPlateauHyperParameters, type PlateauScheduler } from './reduce-lr-on-plateau.js';
import type { Schedule } from './schedule.js';
import { sequentialLR } from './sequential.js';
import { stepLR, stepLRHyperParameters } from './step-lr.js';
import { swaLR, swaLRHyperParameters } from './swalr.js';
import { warmup, warmupHyperParameters } from './warmup.js';

/** An option that is not a single number, flag or choice (a list, a function, sub-schedules). */
export interface StructuredOption {
  name: string;
  required: boolean;
  doc: string;
}

interface EntryExtras {
  /** Options outside `hyperParameters` (lists, functions, schedules), validated by the factory. */
  structuredOptions: readonly StructuredOption[];
}

/** A registry entry for a schedule of the step. */
export type StepScheduleEntry = RegistryEntry<(options: Record<string, unknown>) => Schedule> & EntryExtras & { kind: 'step' };
/** A registry entry for a schedule driven by a metric (ReduceLROnPlateau). */
export type MetricScheduleEntry = RegistryEntry<(options: Record<string, unknown>) => PlateauScheduler> & EntryExtras & { kind: 'metric' };
/** Any schedule registry entry; `kind` tells whether it is a function of the step or of a metric. */
export type ScheduleRegistryEntry = StepScheduleEntry | MetricScheduleEntry;

const PYTORCH_DOCS = 'https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.';

function step(
  name: string,
  displayName: string,
  summary: string,
  paper: string,
  hyperParameters: readonly HyperParameterSpec[],
  create: (options: never) => Schedule,
  structuredOptions: readonly StructuredOption[] = [],
): StepScheduleEntry {
  return { kind: 'step', name, displayName, summary, paper, hyperParameters, structuredOptions, create: create as (o: Record<string, unknown>) => Schedule };
}

/**
 * Every schedule: name (as typed on the command line), display name (the factory), one-line summary,
 * reference, hyper-parameters and factory. The factories validate their options with precise messages.
 *
 * @example
 * ```ts
 * const entry = findSchedule('cosine');
 * const schedule = entry.kind === 'step' ? entry.create({ learningRate: 0.1, tMax: 50 }) : undefined;
 * ```
 */
export const scheduleRegistry: readonly ScheduleRegistryEntry[] = [
  step('constant', 'constantSchedule', 'η_k = η', 'https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html', constantScheduleHyperParameters, constantSchedule),
  step('inverse-time', 'inverseTimeDecay', 'η_k = η₀ / (1 + γk)^p: the Robbins–Monro 1/k decay', 'https://doi.org/10.1214/aoms/1177729586', inverseTimeDecayHyperParameters, inverseTimeDecay),
  step('step', 'stepLR', 'η_k = η₀ · γ^⌊k/s⌋ (PyTorch StepLR)', `${PYTORCH_DOCS}StepLR.html`, stepLRHyperParameters, stepLR),
  step('multi-step', 'multiStepLR', 'η_k = η₀ · γ^(milestones ≤ k) (PyTorch MultiStepLR)', `${PYTORCH_DOCS}MultiStepLR.html`, multiStepLRHyperParameters, multiStepLR,
    [{ name: 'milestones', required: true, doc: 'steps at which the rate is multiplied by γ' }]),
  step('exponential', 'exponentialLR', 'η_k = η₀ · γ^k (PyTorch ExponentialLR)', `${PYTORCH_DOCS}ExponentialLR.html`, exponentialLRHyperParameters, exponentialLR),
  step('cosine', 'cosineAnnealingLR', 'η_min + (η₀ − η_min)(1 + cos(πk/T_max))/2 (PyTorch CosineAnnealingLR)', 'https://arxiv.org/abs/1608.03983', cosineAnnealingLRHyperParameters, cosineAnnealingLR),
  step('cosine-restarts', 'cosineAnnealingWarmRestarts', 'cosine cycles of length T₀·tMult^i, each restarting at η₀ (SGDR)', 'https://arxiv.org/abs/1608.03983', cosineAnnealingWarmRestartsHyperParameters, cosineAnnealingWarmRestarts),
  step('linear', 'linearLR', 'multiplier ramps linearly from startFactor to endFactor (PyTorch LinearLR)', `${PYTORCH_DOCS}LinearLR.html`, linearLRHyperParameters, linearLR),
  step('constant-factor', 'constantLR', 'η₀·factor until totalIters, then η₀ (PyTorch ConstantLR)', `${PYTORCH_DOCS}ConstantLR.html`, constantLRHyperParameters, constantLR),
  step('polynomial', 'polynomialLR', 'η_k = η₀ (1 − min(k,T)/T)^p (PyTorch PolynomialLR)', `${PYTORCH_DOCS}PolynomialLR.html`, polynomialLRHyperParameters, polynomialLR),
  step('one-cycle', 'oneCycleLR', '1cycle: up to maxLr then far below, momentum cycled inversely', 'https://arxiv.org/abs/1708.07120', oneCycleLRHyperParameters, oneCycleLR),
  step('cyclic', 'cyclicLR', 'triangular cycles between baseLr and maxLr, momentum cycled inversely', 'https://arxiv.org/abs/1506.01186', cyclicLRHyperParameters, cyclicLR,
    [{ name: 'scaleFn', required: false, doc: 'custom amplitude scaling x → [0, 1] (overrides mode)' }]),
  step('lambda', 'lambdaLR', 'η_k = η₀ · λ(k) for a given λ (PyTorch LambdaLR)', `${PYTORCH_DOCS}LambdaLR.html`, lambdaLRHyperParameters, lambdaLR,
    [{ name: 'lrLambda', required: true, doc: "λ: a function, or lambda text like 'lambda k: 1.0 / (1.0 + c * k)'" },
     { name: 'constants', required: false, doc: 'named constants for the lambda text' }]),
  step('multiplicative', 'multiplicativeLR', 'η_k = η_{k−1} · λ(k) for a given λ (PyTorch MultiplicativeLR)', `${PYTORCH_DOCS}MultiplicativeLR.html`, multiplicativeLRHyperParameters, multiplicativeLR,
    [{ name: 'lrLambda', required: true, doc: "λ: a function, or lambda text like 'lambda k: 0.95'" },
     { name: 'constants', required: false, doc: 'named constants for the lambda text' }]),
  step('chained', 'chainedScheduler', 'schedules stepped together, each acting on the rate the previous left (PyTorch ChainedScheduler)', `${PYTORCH_DOCS}ChainedScheduler.html`, [], chainedScheduler,
    [{ name: 'schedules', required: true, doc: 'the schedules, stepped in order' }]),
  step('sequential', 'sequentialLR', 'schedules one after another, each restarted at its milestone (PyTorch SequentialLR)', `${PYTORCH_DOCS}SequentialLR.html`, [], sequentialLR,
    [{ name: 'schedules', required: true, doc: 'the schedules in order' }, { name: 'milestones', required: true, doc: 'steps where the next one takes over' }]),
  step('warmup', 'warmup', 'linear warm-up from startFactor·η* to η*, then the given schedule', 'https://arxiv.org/abs/1706.02677', warmupHyperParameters,
    ((o: Record<string, unknown>) => {
      const { schedule, ...rest } = o;
      return warmup(schedule as Schedule, rest as never);
    }) as never,
    [{ name: 'schedule', required: true, doc: 'the schedule after the warm-up' }]),
  step('swa', 'swaLR', 'anneal from η₀ to a constant SWA rate over annealEpochs (PyTorch SWALR)', 'https://arxiv.org/abs/1803.05407', swaLRHyperParameters, swaLR),
  {
    kind: 'metric',
    name: 'plateau',
    displayName: 'reduceLROnPlateau',
    summary: 'multiply the rate by factor when a metric stops improving (PyTorch ReduceLROnPlateau)',
    paper: `${PYTORCH_DOCS}ReduceLROnPlateau.html`,
    hyperParameters: reduceLROnPlateauHyperParameters,
    structuredOptions: [],
    create: (o) => reduceLROnPlateau(o as never),
  },
];

/**
 * The registry entry called `name` (the registry name, or the display name / PyTorch class name,
 * case-insensitive). An unknown name is an Error suggesting the closest one.
 *
 * @example
 * ```ts
 * findSchedule('StepLR').name; // 'step'
 * findSchedule('cosin');       // Error: unknown schedule 'cosin'; did you mean 'cosine'? ...
 * ```
 */
export function findSchedule(name: string): ScheduleRegistryEntry {
  const key = name.toLowerCase();
  const found = scheduleRegistry.find((e) => e.name === key || e.displayName.toLowerCase() === key);
  if (found) return found;
  const names = scheduleRegistry.map((e) => e.name);
  const hint = closestName(name, names);
  throw new Error(`unknown schedule '${name}'${hint ? `; did you mean '${hint}'?` : '.'} Valid schedules: ${names.join(', ')}`);
}
