/**
 * Descriptions of hyper-parameters, shared by every optimizer and schedule. The CLI flags, the
 * playground's sliders and the conformance tests are generated from these, so a new optimizer
 * appears everywhere at once.
 */

/** One hyper-parameter: its name (camelCase, the same everywhere), default, valid range and doc. */
export type HyperParameterSpec =
  | NumberSpec
  | { kind: 'boolean'; name: string; default: boolean; doc: string }
  | { kind: 'choice'; name: string; default: string; choices: readonly string[]; doc: string }
  | { kind: 'pair'; name: string; default: readonly [number, number]; min?: number; max?: number; doc: string };

/** A real or integer hyper-parameter with its range (bounds inclusive unless marked exclusive). */
export interface NumberSpec {
  kind: 'number' | 'integer';
  name: string;
  /** `null` means "no default: the caller must give it" (or a derived default described in `doc`). */
  default: number | null;
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Sliders and sweeps use a log scale when the value spans decades (learning rates, eps). */
  logScale?: boolean;
  doc: string;
}

/** A named entry of a registry: an optimizer or a schedule with its documentation and factory. */
export interface RegistryEntry<Factory> {
  /** The registry key, lower-case as typed on the command line (`adam`, `sgd`, `cosine`). */
  name: string;
  /** The class or function name in the library (`Adam`, `cosineAnnealingLR`). */
  displayName: string;
  summary: string;
  /** Link to the paper or reference that defines the algorithm. */
  paper?: string;
  hyperParameters: readonly HyperParameterSpec[];
  create: Factory;
}
