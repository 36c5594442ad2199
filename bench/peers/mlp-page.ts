/**
 * The page side of descent's Chromium contender (bench/peers/descent-mlp-chromium.ts): loads the wasm
 * backend as the playground does (one thread here, as the Node contenders), fetches the digits the
 * bench exported, and runs the shared loop (bench/peers/mlp-loop.ts).
 */
import { getBackendName, loadWasmBackendAsync } from '../../src/index.js';
import { timeMlpEpochs, type MlpLoop } from './mlp-loop.js';

/** What the page reports: samples/s and the kernels it ran on. */
export interface MlpPageResult {
  samplesPerSecond: number;
  backend: string;
  threads: number;
  /** Whether the backend's kernels use fused multiply-add (relaxed SIMD), where it says. */
  fma: boolean | null;
  userAgent: string;
}

declare global {
  interface Window {
    runMlp(loop: MlpLoop, batch: number, samples: number): Promise<MlpPageResult>;
  }
}

async function fetchRaw(name: string): Promise<ArrayBuffer> {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

window.runMlp = async (loop, batch, samples) => {
  const wasm = await loadWasmBackendAsync({ threads: 1 });
  const [x, y] = await Promise.all([fetchRaw('train-x.f32'), fetchRaw('train-y.i32')]);
  const { samplesPerSecond } = timeMlpEpochs({ x: new Float32Array(x), y: new Int32Array(y), loop, batch, samples });
  const fma = (wasm as { fma?: unknown } | null)?.fma;
  return { samplesPerSecond, backend: getBackendName(), threads: wasm?.threads ?? 1, fma: typeof fma === 'boolean' ? fma : null, userAgent: navigator.userAgent };
};
