/**
 * A backend that counts calls of chosen kernels and otherwise is the current backend: to check that
 * an op takes its single-kernel path (and how often), not only that its numbers are right.
 */
import { backend, registerBackend, setBackend, type Backend } from '../../src/backend/index.js';

/** The kernels a test can count: the backend's methods. */
type Kernel = { [K in keyof Backend]-?: NonNullable<Backend[K]> extends (...args: never[]) => unknown ? K : never }[keyof Backend];

/**
 * Registers and selects a backend named `counting` that wraps the current one, and returns the
 * live call count of each kernel in `kernels`. Restore a backend afterwards (`setBackend('js')`).
 */
export function countingBackend<K extends Kernel>(kernels: readonly K[]): Record<K, number> {
  const inner = backend();
  const counts = Object.fromEntries(kernels.map((k) => [k, 0])) as Record<K, number>;
  const counted: Backend = { ...inner, name: 'counting' };
  for (const k of kernels) {
    const kernel = inner[k] as ((...args: unknown[]) => unknown) | undefined;
    // A kernel the backend lacks stays absent: ops test for it and take their other path.
    if (kernel === undefined) continue;
    (counted as unknown as Record<K, (...args: unknown[]) => unknown>)[k] = (...args: unknown[]) => {
      counts[k]++;
      return kernel.apply(inner, args);
    };
  }
  registerBackend(counted);
  setBackend('counting');
  return counts;
}
