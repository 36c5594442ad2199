/**
 * Whole-row gathers (issue 14): a batch of rows of the 8,000 × 784 float32 training digits taken by
 * `indexSelect(x, 0, idx)` (one row copy per index), by the element-wise gather indexSelect used
 * before (a full-size int32 index, `Math.floor(p / inner) % n` per element, checked, then
 * `backend().gather` element by element — which on the wasm backend also copied all of x into wasm
 * memory at every call), and by `Dataset.batch`'s row copy (`gatherRows` of src/data/dataset.ts).
 * GB/s of rows delivered (batch × 784 × 4 bytes per call), median of many calls, on the wasm
 * backend (one thread) and on the TypeScript backend.
 *   npx tsx bench/main.ts --only gather
 */
import { backend, getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { gatherRows as datasetRows } from '../src/data/dataset.js';
import { loadMnist } from '../src/data/datasets/mnist.js';
import { checkIndices, indexSelect } from '../src/ops/indexing.js';
import { heldOutSplit } from '../src/specs/dataset-spec.js';
import { TRAIN_DEFAULTS } from '../src/train/run-config.js';
import { allocate } from '../src/tensor/dtype.js';
import { Random } from '../src/tensor/random.js';
import { Tensor } from '../src/tensor/tensor.js';
import { timeMedian, type BenchRow } from './report.js';

/** indexSelect along axis 0 as it was before the row kernels (kept here only to measure against). */
function elementWiseSelect(x: Tensor, idxTensor: Tensor): Tensor {
  const idx = checkIndices(idxTensor, x.shape[0]!, 'indexSelect', 'index');
  const outShape = [idx.length, ...x.shape.slice(1)];
  const inner = x.size / x.shape[0]!;
  const full = new Int32Array(idx.length * inner);
  for (let p = 0; p < full.length; p++) full[p] = idx[Math.floor(p / inner) % idx.length]!;
  const checked = checkIndices(new Tensor(full, outShape), x.shape[0]!, 'gather', 'index'); // gather checked the full index again
  const out = allocate(x.dtype, full.length);
  backend().gather(x.data, x.shape, 0, checked, outShape, out);
  return new Tensor(out, outShape);
}

/** Median milliseconds per call of each of `fns`, timed in alternating rounds of `perRound` calls. */
function interleavedMedians(fns: Array<() => void>, rounds = 31, perRound = 50): number[] {
  const times = fns.map(() => [] as number[]);
  for (let r = -3; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      for (let c = 0; c < perRound; c++) fn();
      if (r >= 0) times[i]!.push((performance.now() - t0) / perRound); // rounds below 0 warm up
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]!);
}

export async function benchGather(): Promise<BenchRow[]> {
  const { train } = heldOutSplit(await loadMnist(), TRAIN_DEFAULTS.testFraction, TRAIN_DEFAULTS.seed);
  const x = train.features;
  const n = x.shape[0]!;
  const random = new Random(3);
  const batchesOf = (b: number): Int32Array[] => Array.from({ length: 64 }, () => Int32Array.from({ length: b }, () => random.int(n)));
  const previous = getBackendName();
  const rows: BenchRow[] = [];
  try {
    for (const name of ['wasm', 'js'] as const) {
      if (name === 'wasm' && !loadWasmBackend({ threads: 1 })) continue;
      setBackend(name);
      for (const b of [32, 128]) {
        const lists = batchesOf(b);
        const tensors = lists.map((l) => new Tensor(l, [b]));
        let k = 0;
        const gbps = (ms: number): number => (b * 784 * 4) / (ms * 1e6);
        // indexSelect and Dataset.batch's rows alternate (a busy machine slows both alike); the
        // element-wise path comes last, its garbage (a full index per call) would slow the others.
        const [rowsMs, datasetMs] = interleavedMedians([
          () => void indexSelect(x, 0, tensors[k++ % 64]!),
          () => void datasetRows(x.data, 784, lists[k++ % 64]!),
        ]);
        const elementMs = timeMedian(() => void elementWiseSelect(x, tensors[k++ % 64]!), name === 'wasm' ? 30 : 100, 5);
        const base = { unit: 'GB/s', higherIsBetter: true, descent: gbps(rowsMs) };
        rows.push({ ...base, name: `indexSelect(x, 0, idx) b${b} of [8000,784] f32 [${name}]`, peer: gbps(elementMs), peerName: 'element-wise gather (before)' });
        rows.push({ ...base, name: `indexSelect(x, 0, idx) b${b} of [8000,784] f32 [${name}]`, peer: gbps(datasetMs), peerName: 'Dataset.batch rows' });
      }
    }
  } finally {
    setBackend(previous);
  }
  return rows;
}
