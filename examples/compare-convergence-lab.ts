/**
 * Example: two experiments of the convergence lab from the library — gradient descent against
 * heavy-ball and Nesterov momentum on an ill-conditioned quadratic, and SGD with a 1/k step against
 * a constant one — printing each fitted rate beside the theory's.
 *
 * Run: npx tsx examples/compare-convergence-lab.ts
 */
import { pathToFileURL } from 'node:url';
import { momentumExperiment, sgdStepDecayExperiment, type Check } from '../src/experiments/index.js';

export function main(log: (line: string) => void = console.log): Check[] {
  const checks = [momentumExperiment({ quick: true }), sgdStepDecayExperiment({ quick: true })].flatMap((r) => r.checks);
  for (const c of checks) {
    log(`${c.pass ? 'within ' : 'OUTSIDE'}  ${c.name}: measured ${c.measured.toPrecision(4)}, theory ${c.theory.toPrecision(4)} (${c.basis})`);
  }
  return checks;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
