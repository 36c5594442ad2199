/**
 * The playground page: descent's own optimizers, K-means, SGD and an MNIST network, bundled for the browser from the
 * library's source (only through its public entry point) and drawn on canvases.
 */
import { startBatchPanel } from './batch-panel.js';
import { startKMeansPanel } from './kmeans-panel.js';
import { startNetworksPanel } from './networks/panel.js';
import { startMnistPanel } from './mnist/panel.js';
import { startSurfacesPanel } from './surfaces/panel.js';
import { VERSION, loadWasmBackendAsync, setBackend } from '../src/index.js';

/** The kernels the page runs on, for the version line and the tests. */
export interface PlaygroundBackend {
  name: 'wasm' | 'js';
  threads: number;
  /** Why the page stayed on the TypeScript kernels, if it did. */
  note?: string;
}

declare global {
  interface Window {
    descentPlaygroundBackend?: PlaygroundBackend;
  }
}

/**
 * Loads the WebAssembly kernels without blocking the page — on every core where the page is
 * cross-origin isolated (the playground server sends COOP/COEP), else on one thread — and falls back
 * to the TypeScript kernels where WebAssembly SIMD is missing.
 */
async function chooseKernels(): Promise<PlaygroundBackend> {
  try {
    const wasm = await loadWasmBackendAsync(); // also makes 'wasm' the active backend
    if (!wasm) return { name: 'js', threads: 1, note: 'no WebAssembly SIMD' };
    return { name: 'wasm', threads: wasm.threads };
  } catch (err) {
    setBackend('js');
    return { name: 'js', threads: 1, note: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs each start function in a task of its own, in order, so the browser may render and handle input between them. */
function startEach(starts: readonly (() => void)[]): void {
  const [first, ...rest] = starts;
  if (!first) return;
  setTimeout(() => {
    first();
    startEach(rest);
  }, 0);
}

function start(): void {
  const version = document.getElementById('version')!;
  version.textContent = `descent ${VERSION}`;
  startSurfacesPanel();
  // The other panels compute for a moment, on the kernels chosen here; let the map paint first.
  // Choosing starts in a task of its own: its synchronous part (decoding and validating the FMA
  // module) took 10–50 ms under load, on top of the Surfaces panel's start in the first task.
  void new Promise((resolve) => setTimeout(resolve, 0)).then(chooseKernels).then((chosen) => {
    window.descentPlaygroundBackend = chosen;
    version.textContent = `descent ${VERSION} · ${chosen.name}${chosen.threads > 1 ? ` × ${chosen.threads} threads` : ''}`;
    version.title = chosen.note ?? (chosen.name === 'wasm' ? 'WebAssembly SIMD kernels' : 'TypeScript kernels');
    // One task per panel: their first renders together made one main-thread task over 100 ms (issue 15).
    startEach([startKMeansPanel, startBatchPanel, startNetworksPanel, startMnistPanel]); // MNIST loads its digits and worker only when shown
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
