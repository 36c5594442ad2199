/**
 * The WebAssembly backend's rows: the matmul and MLP benchmarks run again with `setBackend('wasm')`,
 * beside TensorFlow.js cpu and wasm measured in the same run on the same inputs.
 * `npx tsx bench/main.ts --only wasm`
 */
import { getBackendName, setBackend } from '../src/backend/index.js';
import { loadWasmBackend } from '../src/backend/wasm/index.js';
import { benchMatmul } from './matmul.js';
import { benchMlp } from './mlp.js';
import type { BenchRow } from './report.js';

export async function benchWasm(): Promise<BenchRow[]> {
  if (!loadWasmBackend()) throw new Error('bench: this runtime has no WebAssembly SIMD');
  const previous = getBackendName();
  setBackend('wasm');
  try {
    const rows = [...(await benchMatmul()), ...(await benchMlp(128)), ...(await benchMlp(32))];
    return rows.map((row) => ({ ...row, name: `${row.name} [wasm]` }));
  } finally {
    setBackend(previous);
  }
}
