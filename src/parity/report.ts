/** One line of the parity report. */
export interface CaseResult {
  section: string;
  name: string;
  ok: boolean;
  /** Why it failed, or a short summary of the worst deviation when it passed. */
  detail: string;
}

/** Formats results one per line and closes with the plain `N passed, N failed` summary line. */
export function formatReport(results: readonly CaseResult[]): string {
  const lines = results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.section}/${r.name}${r.detail ? `  ${r.detail}` : ''}`);
  const passed = results.filter((r) => r.ok).length;
  lines.push(`${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}

/** Runs one case, turning a thrown error into a failed result so one bad case never hides the rest. */
export function runCase(section: string, name: string, body: () => string): CaseResult {
  try {
    return { section, name, ok: true, detail: body() };
  } catch (err) {
    if (err instanceof ParityMismatch) return { section, name, ok: false, detail: err.message };
    return { section, name, ok: false, detail: `error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Thrown by a case body when values disagree beyond tolerance. */
export class ParityMismatch extends Error {
  override name = 'ParityMismatch';
}
