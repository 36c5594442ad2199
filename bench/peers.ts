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

/**
 * TensorFlow.js 4.22's wasm backend has no `Conv2DBackpropFilter` kernel, so `tf.conv2d` cannot be
 * trained on it (`Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'`). This registers
 * one built from the backend's own kernels, the usual identity for a stride-1 convolution's filter
 * gradient: dW[a, b, i, o] = Σ_{n,y,x} x_pad[n, y + a, x + b, i] · dy[n, y, x, o], which is a
 * forward convolution (XNNPACK, tfjs-wasm's fastest path) of x viewed as [i, H, W, n] with dy viewed
 * as a [Ho, Wo, n, o] filter — three transposes and one Conv2D, all in tfjs-wasm. Stride 1, dilation
 * 1 and NHWC only (what bench/conv.ts needs); anything else throws.
 */
export function registerWasmConv2dFilterGradient(tf: Tf): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  type Info = TF.TensorInfo;
  type Kernel = (args: { inputs: Record<string, Info>; backend: unknown; attrs: Record<string, unknown> }) => Info;
  const run = (name: string, inputs: Record<string, Info>, backend: unknown, attrs: Record<string, unknown>): Info =>
    (tf.getKernel(name, 'wasm')!.kernelFunc as unknown as Kernel)({ inputs, backend, attrs });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: Info; dy: Info };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
        strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat: string; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number];
      };
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      if (sh !== 1 || sw !== 1 || dataFormat !== 'NHWC') throw new Error('bench: the Conv2DBackpropFilter stand-in handles stride 1, NHWC only');
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, 1, 1, pad, dimRoundingMode);
      const { top, bottom, left, right } = info.padInfo;
      const xT = run('Transpose', { x }, backend, { perm: [3, 1, 2, 0] }); // [i, H, W, n]
      const dyT = run('Transpose', { x: dy }, backend, { perm: [1, 2, 0, 3] }); // [Ho, Wo, n, o]
      const explicit = [[0, 0], [top, bottom], [left, right], [0, 0]];
      const dw = run('Conv2D', { x: xT, filter: dyT }, backend, { strides: 1, pad: explicit, dataFormat: 'NHWC', dilations: 1, dimRoundingMode: undefined }); // [i, kh, kw, o]
      const out = run('Transpose', { x: dw }, backend, { perm: [1, 2, 0, 3] }); // [kh, kw, i, o]
      const b = backend as { disposeData(id: unknown): void };
      for (const t of [xT, dyT, dw]) b.disposeData(t.dataId);
      return out;
    },
  });
}
