import type { CaseResult } from '../report.js';

/** Runs the 'averaging' section of a golden file. (Placeholder until the section is implemented.) */
export function runAveragingSection(_section: unknown): CaseResult[] {
  return [{ section: 'averaging', name: '(section)', ok: false, detail: 'the averaging section is not implemented yet' }];
}
