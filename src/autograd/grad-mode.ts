import { sharedState } from '../platform/shared-state.js';

/**
 * Whether ops record the graph. Off inside `noGrad`, and during backward unless `createGraph`.
 * Shared with any other copy of the package in this process (ES module and CommonJS builds).
 */
const mode = sharedState('grad-mode', () => ({ enabled: true }));

/** True when ops record their inputs and vector-Jacobian products. */
export function isGradEnabled(): boolean {
  return mode.enabled;
}

/** Runs `fn` without recording the graph (evaluation, optimizer updates), like `torch.no_grad()`. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording switched on or off, restoring the previous mode afterwards. */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const previous = mode.enabled;
  mode.enabled = on;
  try {
    return fn();
  } finally {
    mode.enabled = previous;
  }
}
