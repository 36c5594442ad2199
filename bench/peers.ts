/**
 * TensorFlow.js, the peer every benchmark compares with, loaded on demand (it is a devDependency).
 * Its "you are running in Node" banner is silenced: it goes to stdout and would break `--json`.
 */
import type * as TF from '@tensorflow/tfjs-core';

export type Tf = typeof TF;

let loaded: Tf | null = null;

/** tfjs-core with its cpu and wasm backends registered; `backendName` selects one. */
export async function loadTf(backendName: 'cpu' | 'wasm'): Promise<Tf> {
  if (!loaded) {
    const originalWarn = console.warn;
    const originalLog = console.log;
    console.warn = () => {};
    console.log = () => {};
    try {
      // The union package registers the gradient of every kernel (tfjs-core alone registers none)
      // and the cpu backend; it shares one tfjs-core instance with the wasm backend.
      loaded = (await import('@tensorflow/tfjs')) as unknown as Tf;
      await import('@tensorflow/tfjs-backend-cpu');
      await import('@tensorflow/tfjs-backend-wasm');
      // Production mode skips debug checks (fair to the peer) and silences its stdout banner.
      loaded.enableProdMode();
    } finally {
      console.warn = originalWarn;
      console.log = originalLog;
    }
  }
  const tf = loaded;
  const originalLog = console.log;
  console.log = () => {};
  try {
    await tf.setBackend(backendName);
    await tf.ready();
  } finally {
    console.log = originalLog;
  }
  if (tf.getBackend() !== backendName) throw new Error(`bench: TensorFlow.js backend '${backendName}' did not initialise`);
  return tf;
}
