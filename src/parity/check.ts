/**
 * The parity checker: reads a golden file (schema in `../shared/golden/SCHEMA.md`), runs every case
 * of the chosen sections against descent, and reports one line per case.
 */
import { readFileSync } from 'node:fs';
import { SECTION_NAMES, type GoldenFile, type SectionName } from './golden.js';
import type { CaseResult } from './report.js';
import { runOpsSection } from './sections/ops.js';
import { runOptimizersSection } from './sections/optimizers.js';
import { runSchedulersSection } from './sections/schedulers.js';
import { runAveragingSection } from './sections/averaging.js';

const RUNNERS: Record<SectionName, (section: unknown) => CaseResult[]> = {
  ops: runOpsSection,
  optimizers: runOptimizersSection,
  schedulers: runSchedulersSection,
  averaging: runAveragingSection,
};

/** Parses a golden file; a missing file or invalid JSON is reported with the path. */
export function loadGoldenFile(path: string): GoldenFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`parity: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as GoldenFile;
  } catch (err) {
    throw new Error(`parity: ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Runs the given sections (all sections present in the file when `sections` is empty).
 * A requested section that the file lacks is itself a failed result.
 */
export function checkParity(file: GoldenFile, sections: readonly string[] = []): CaseResult[] {
  for (const s of sections) {
    if (!(SECTION_NAMES as readonly string[]).includes(s)) {
      throw new Error(`parity: unknown section '${s}'; valid sections: ${SECTION_NAMES.join(', ')}`);
    }
  }
  const chosen = sections.length > 0 ? (sections as SectionName[]) : SECTION_NAMES.filter((s) => file[s] !== undefined);
  const results: CaseResult[] = [];
  for (const name of chosen) {
    const section = file[name];
    if (section === undefined) {
      results.push({ section: name, name: '(section)', ok: false, detail: `the file has no '${name}' section` });
      continue;
    }
    results.push(...RUNNERS[name](section));
  }
  return results;
}
