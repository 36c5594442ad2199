/**
 * Process-wide state shared by every copy of this version of descent loaded in one JavaScript realm.
 *
 * Why: Node may load the package twice — its ES module build (`import`) and its CommonJS build
 * (`require`, e.g. from a CommonJS dependency) — and each copy has its own module-level variables.
 * State a user sets through one copy (the active backend, `manualSeed`, `noGrad`) must hold for the
 * other, so it lives on `globalThis` under a registered symbol. The key carries the version: two
 * different versions never share objects whose shape may differ.
 */
import { VERSION } from '../version.js';

/**
 * The object stored under `Symbol.for('descent@<version>.<name>')` on `globalThis`, created by `init`
 * by whichever copy asks first. Mutate its properties; never replace it.
 *
 * @example
 * const mode = sharedState('grad-mode', () => ({ enabled: true }));
 * mode.enabled = false; // seen by the ES module and the CommonJS copy alike
 */
export function sharedState<T extends object>(name: string, init: () => T): T {
  const key = Symbol.for(`descent@${VERSION}.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  return (slots[key] ??= init());
}
