/**
 * Finding a Python that can `import torch` (Debian's python3-torch installs for /usr/bin/python3,
 * which a pyenv `python3` on the PATH may shadow), and running the PyTorch side of the interchange
 * tests (test/fixtures/pytorch_interop.py) in it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../fixtures/pytorch_interop.py', import.meta.url));

function findPython(): { python: string | null; reason: string } {
  // DESCENT_PYTHON, when set, is the only candidate (set it to a missing path to skip these tests).
  const chosen = process.env['DESCENT_PYTHON'];
  const candidates = chosen !== undefined && chosen !== '' ? [chosen] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    // Finds torch without importing it (an import takes seconds); the jobs import it once.
    const probe = "import importlib.util as u, importlib.metadata as m; assert u.find_spec('torch') and u.find_spec('numpy'); print(m.version('torch'))";
    const r = spawnSync(python, ['-c', probe], { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) return { python, reason: `torch ${r.stdout.trim()} via ${python}` };
  }
  return { python: null, reason: `no Python with torch among ${candidates.join(', ')} (apt-get install python3-torch, or set DESCENT_PYTHON to one that has it)` };
}

/** The interpreter to use, or null; `reason` says which torch, or why none was found. */
export const TORCH = findPython();

/** Runs one job of pytorch_interop.py; returns its JSON result, or throws with Python's stderr. */
export function runTorchJob<T>(job: Record<string, unknown>): T {
  if (TORCH.python === null) throw new Error(TORCH.reason);
  const r = spawnSync(TORCH.python, [SCRIPT, JSON.stringify(job)], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`pytorch_interop.py ${String(job['task'])} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}
