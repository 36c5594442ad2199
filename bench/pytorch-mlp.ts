/**
 * descent beside native PyTorch, issue 14's protocol: the MLP 784-256-128-10 (ReLU, cross-entropy,
 * Adam 1e-3) on the 8,000 training digits of `descent train`'s split of the `mnist` package, a fresh
 * permutation every epoch, three epochs with epochs 2–3 timed, batch 1/8/32/128 (2,000 samples per
 * epoch at batch 1 and 8, all 8,000 above), samples/s. Each run is its own process
 * (bench/peers/descent-mlp.ts, bench/peers/torch_mlp.py), the contenders interleaved round by round,
 * and each figure the median of the rounds. Two descent loops, both on the wasm backend on one
 * thread: `Dataset.batch(indices)`, and the loop a PyTorch user writes, `x.indexSelect(0, idx)`;
 * PyTorch on one thread takes `x[idx]`.
 *
 * PyTorch runs where `DESCENT_BENCH_PYTHON` (default /usr/bin/python3, Debian's python3-torch) imports
 * torch; otherwise its rows say so and have no peer figure. It reads the digits this suite exports to
 * a temporary directory (raw float32 / int32; no network). The BLAS it loads is its own business: with
 * Debian's reference libblas3 its products are slow; BENCHMARKS.md says how to run it on OpenBLAS.
 * The user loop runs a third time in Debian's headless Chromium (bench/peers/descent-mlp-chromium.ts;
 * wasm backend, one thread) where /usr/bin/chromium exists, unless `--no-chromium`. Row names say which
 * kernels each descent run reported (bench/wasm-label.ts: `wasm FMA` or `wasm plain`).
 *   npx tsx bench/main.ts --only pytorch [--batches 1,8,32,128] [--rounds 3] [--no-chromium]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '../src/data/datasets/mnist.js';
import { heldOutSplit } from '../src/specs/dataset-spec.js';
import { TRAIN_DEFAULTS } from '../src/train/run-config.js';
import type { BenchRow } from './report.js';
import { wasmLabel } from './wasm-label.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = process.env.DESCENT_BENCH_PYTHON ?? '/usr/bin/python3';
const LOOPS = { batch: 'Dataset.batch', indexSelect: 'user loop, indexSelect' } as const;
/** Debian's Chromium, for the contender in the browser (bench/peers/descent-mlp-chromium.ts). */
const CHROMIUM = '/usr/bin/chromium';

/** Samples per epoch at `batch` (issue 14: 2,000 at batch 1 and 8, where a step is dear). */
const samplesFor = (batch: number, n: number): number => (batch <= 8 ? Math.min(2000, n) : n);

/** `--name 1,2,3` from the command line, or `fallback`. */
function listArg(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? '').split(',').map(Number) : fallback;
}

/** Runs a child and returns its last stdout line parsed as JSON (throws with its stderr on failure). */
function runJson(command: string, args: string[]): Record<string, unknown> {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`bench pytorch: ${command} ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}`);
  return JSON.parse(last) as Record<string, unknown>;
}

/** Why PyTorch cannot run here, or null when `PYTHON` imports torch. */
function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0 ? null : `${PYTHON} cannot import torch and numpy (${(r.stderr ?? '').trim().split('\n').pop()})`;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchPytorchMlp(): Promise<BenchRow[]> {
  const batches = listArg('--batches', [1, 8, 32, 128]);
  const [rounds] = listArg('--rounds', [3]) as [number];
  const dir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
  try {
    const { train } = heldOutSplit(await loadMnist(), TRAIN_DEFAULTS.testFraction, TRAIN_DEFAULTS.seed);
    const raw = (a: Float32Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(join(dir, 'train-x.f32'), raw(train.features.data as Float32Array));
    writeFileSync(join(dir, 'train-y.i32'), raw(train.labels.data as Int32Array));

    const missing = torchMissing();
    if (missing) console.error(`bench pytorch: no PyTorch peer (${missing}); set DESCENT_BENCH_PYTHON to a Python with torch, see BENCHMARKS.md`);
    // The user loop again in headless Chromium, unless --no-chromium (or Chromium is absent).
    const browser = !process.argv.includes('--no-chromium') && existsSync(CHROMIUM);
    if (!browser) console.error(`bench pytorch: no Chromium row (${existsSync(CHROMIUM) ? '--no-chromium' : `${CHROMIUM} is absent: apt-get install chromium`})`);
    const figures = new Map<string, number[]>();
    const add = (key: string, v: number): void => void (figures.get(key) ?? figures.set(key, []).get(key)!).push(v);
    // The kernels each contender ran on ('wasm FMA', 'wasm plain'), from its own report: row names say it.
    const kernels = new Map<string, Set<string>>();
    const ranOn = (key: string, r: Record<string, unknown>): void => void (kernels.get(key) ?? kernels.set(key, new Set()).get(key)!).add(wasmLabel(r));
    const labelOf = (key: string): string => [...(kernels.get(key) ?? [])].join(' / ');
    let torchInfo: Record<string, unknown> | null = null;
    for (let round = 0; round < rounds; round++) {
      for (const batch of batches) {
        const samples = String(samplesFor(batch, train.length));
        for (const loop of Object.keys(LOOPS)) {
          const r = runJson(process.execPath, ['--import', 'tsx', join(HERE, 'peers/descent-mlp.ts'), dir, loop, String(batch), samples]);
          add(`${loop} ${batch}`, r.samplesPerSecond as number);
          ranOn(loop, r);
        }
        if (browser) {
          const r = runJson(process.execPath, ['--import', 'tsx', join(HERE, 'peers/descent-mlp-chromium.ts'), dir, 'indexSelect', String(batch), samples]);
          add(`chromium ${batch}`, r.samplesPerSecond as number);
          ranOn('chromium', r);
        }
        if (!missing) {
          torchInfo = runJson(PYTHON, [join(HERE, 'peers/torch_mlp.py'), dir, String(batch), samples, '1']);
          add(`torch ${batch}`, torchInfo.samplesPerSecond as number);
        }
      }
    }
    const peerName = torchInfo
      ? `pytorch ${String(torchInfo.torch)} 1 thread, ${(torchInfo.blas as string[]).some((p) => p.includes('openblas')) ? 'OpenBLAS' : 'reference BLAS'}`
      : 'pytorch (not found)';
    // Every run's figure on stderr (stdout stays the table or the JSON lines): the spread behind each median.
    for (const [key, runs] of figures) console.error(`bench pytorch: ${key}: ${runs.map((v) => v.toFixed(0)).join(', ')} samples/s`);
    if (torchInfo) console.error(`bench pytorch: PyTorch ${String(torchInfo.torch)}, BLAS ${(torchInfo.blas as string[]).join(', ')}; medians of ${rounds} interleaved runs`);
    const rows: BenchRow[] = [];
    for (const batch of batches) {
      for (const [loop, label] of Object.entries(LOOPS)) {
        rows.push({
          name: `mlp 784-256-128-10 Adam, 8,000 MNIST, b${batch} [${label}, ${labelOf(loop)}]`,
          descent: median(figures.get(`${loop} ${batch}`)!),
          peer: missing ? null : median(figures.get(`torch ${batch}`)!),
          peerName,
          unit: 'samples/s',
          higherIsBetter: true,
        });
      }
      if (browser) {
        rows.push({
          name: `mlp 784-256-128-10 Adam, 8,000 MNIST, b${batch} [user loop, indexSelect, in Chromium, ${labelOf('chromium')}]`,
          descent: median(figures.get(`chromium ${batch}`)!),
          peer: missing ? null : median(figures.get(`torch ${batch}`)!),
          peerName,
          unit: 'samples/s',
          higherIsBetter: true,
        });
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
