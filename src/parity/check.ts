/**
 * The parity checker: reads a golden file (schema in `../shared/golden/SCHEMA.md`), runs every case
 * of the chosen sections against descent, and reports one line per case.
 */
import { readFileSync } from 'node:fs';
import { SpecError } from '../specs/spec-error.js';
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

/**
 * Parses a golden file. A missing file, invalid JSON or JSON that is not an object is a `SpecError`
 * naming the path (the command line's exit code 2: the file given is wrong).
 *
 * @example
 * const results = checkParity(loadGoldenFile('golden/public.json'), ['ops'], 'golden/public.json');
 */
export function loadGoldenFile(path: string): GoldenFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory, not a golden JSON file' : (err as Error).message;
    throw new SpecError(`parity: cannot read ${path}: ${why}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SpecError(`parity: ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SpecError(`parity: ${path} is not a golden file: expected a JSON object with sections ${SECTION_NAMES.join(', ')}, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  return value as GoldenFile;
}

/**
 * Runs the given sections (all sections present in the file when `sections` is empty). A requested
 * section that the file lacks is itself a failed result. An unknown section name, or a file (or the
 * sections asked for) holding no case at all, is a `SpecError` naming `source` and the sections
 * found: "0 passed, 0 failed" would look like success.
 *
 * @example
 * const results = checkParity(loadGoldenFile(path), [], path);
 * console.log(formatReport(results));
 */
export function checkParity(file: GoldenFile, sections: readonly string[] = [], source = 'the golden file'): CaseResult[] {
  for (const s of sections) {
    if (!(SECTION_NAMES as readonly string[]).includes(s)) {
      throw new SpecError(`parity: unknown section '${s}'; valid sections: ${SECTION_NAMES.join(', ')}`);
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
  if (results.length === 0) {
    const present = SECTION_NAMES.filter((s) => file[s] !== undefined);
    const keys = Object.keys(file);
    const found = present.length > 0
      ? `its sections ${present.map((s) => `'${s}'`).join(', ')} hold no cases`
      : `it has no section ${SECTION_NAMES.join(', ')} (its keys: ${keys.length > 0 ? keys.join(', ') : 'none'})`;
    const asked = sections.length > 0 ? ` in the sections asked for (${sections.join(', ')})` : '';
    throw new SpecError(`parity: ${source} has no cases to check${asked}: ${found}`);
  }
  return results;
}
