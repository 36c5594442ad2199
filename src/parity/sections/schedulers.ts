import type { CaseResult } from '../report.js';

/** Runs the 'schedulers' section of a golden file. (Placeholder until the section is implemented.) */
export function runSchedulersSection(_section: unknown): CaseResult[] {
  return [{ section: 'schedulers', name: '(section)', ok: false, detail: 'the schedulers section is not implemented yet' }];
}
