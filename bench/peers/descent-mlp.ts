/**
 * descent's side of `npm run bench -- --only pytorch` (bench/pytorch-mlp.ts), one run per process:
 * the protocol's loop (bench/peers/mlp-loop.ts, the same code the Chromium contender runs) on the
 * wasm backend, one thread, on the digits the bench exported (train-x.f32, train-y.i32). Each step
 * runs inside `tidy` (its tensors in wasm memory, freed when it ends), or, with
 * `DESCENT_BENCH_SCOPE=0`, without a scope (JS arrays copied in and out of wasm memory per kernel
 * call). Prints one JSON line: samples/s, samples per CPU-second (process.cpuUsage: fair on a shared
 * machine), whether steps were scoped, and the backend (threads, FMA).
 *   [DESCENT_BENCH_SCOPE=0] npx tsx bench/peers/descent-mlp.ts <dir> <batch|indexSelect> <batch> <samples>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getBackendName, setBackend } from '../../src/backend/index.js';
import { loadWasmBackend } from '../../src/backend/wasm/index.js';
import { timeMlpEpochs } from './mlp-loop.js';

const [dir, loop, batchArg, samplesArg] = process.argv.slice(2);
if (!dir || (loop !== 'batch' && loop !== 'indexSelect')) throw new Error('usage: descent-mlp.ts <dir> <batch|indexSelect> <batch> <samples>');
const scoped = process.env.DESCENT_BENCH_SCOPE !== '0';

const wasm = loadWasmBackend({ threads: 1 });
if (wasm) setBackend('wasm');

/** A raw little-endian file as a typed array (copied: the file's buffer may not be aligned). */
function readRaw<T extends Float32Array | Int32Array>(file: string, Ctor: { new (b: ArrayBuffer): T }): T {
  const bytes = readFileSync(join(dir!, file));
  return new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const timing = timeMlpEpochs({ x: readRaw('train-x.f32', Float32Array), y: readRaw('train-y.i32', Int32Array), loop, batch: Number(batchArg), samples: Number(samplesArg), scoped, cpuSeconds });
console.log(JSON.stringify({ ...timing, scoped, backend: getBackendName(), threads: wasm?.threads ?? 1, fma: wasm?.fma ?? null }));
wasm?.dispose();
