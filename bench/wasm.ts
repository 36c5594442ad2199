/**
 * The WebAssembly backend's rows: the matmul and MLP benchmarks run again with `setBackend('wasm')`
 * on one thread and on two (matmul split across a worker thread), beside TensorFlow.js cpu and wasm
 * measured in the same run on the same inputs.
 * `npx tsx bench/main.ts --only wasm`
 */
import { getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { benchMatmul } from './matmul.js';
import { benchMlp } from './mlp.js';
import type { BenchRow } from './report.js';

export async function benchWasm(): Promise<BenchRow[]> {
  const previous = getBackendName();
  const rows: BenchRow[] = [];
  try {
    for (const threads of [1, 2]) {
      const b = loadWasmBackend({ threads });
      if (!b) throw new Error('bench: this runtime has no WebAssembly SIMD');
      if (b.threads !== threads) continue; // no worker threads here
      setBackend('wasm');
      const label = threads === 1 ? '[wasm]' : `[wasm ${threads} threads]`;
      const mine = [...(await benchMatmul()), ...(await benchMlp(128)), ...(threads === 1 ? await benchMlp(32) : [])];
      rows.push(...mine.map((row) => ({ ...row, name: `${row.name} ${label}` })));
    }
  } finally {
    loadWasmBackend(); // back to the default threads
    setBackend(previous);
  }
  return rows;
}
