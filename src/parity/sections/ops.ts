import type { CaseResult } from '../report.js';

/** Runs the 'ops' section of a golden file. (Placeholder until the section is implemented.) */
export function runOpsSection(_section: unknown): CaseResult[] {
  return [{ section: 'ops', name: '(section)', ok: false, detail: 'the ops section is not implemented yet' }];
}
