import type { CaseResult } from '../report.js';

/** Runs the 'optimizers' section of a golden file. (Placeholder until the section is implemented.) */
export function runOptimizersSection(_section: unknown): CaseResult[] {
  return [{ section: 'optimizers', name: '(section)', ok: false, detail: 'the optimizers section is not implemented yet' }];
}
