/**
 * How a benchmark row names the kernels descent ran on, from what a run reports about its backend
 * (bench/peers/descent-mlp.ts and the Chromium page print `backend`, `threads`, `fma`): 'wasm FMA' or
 * 'wasm plain' (with ', N threads' beyond one), 'js', or the backend's name. FMA and plain builds
 * differ in speed (bench/gemm.ts) and in the last bits of results, so a figure says which it is.
 *
 * @example
 * wasmLabel({ backend: 'wasm', threads: 1, fma: true });  // 'wasm FMA'
 * wasmLabel({ backend: 'wasm', threads: 2, fma: false }); // 'wasm plain, 2 threads'
 */
export function wasmLabel(report: { backend?: unknown; threads?: unknown; fma?: unknown }): string {
  if (report.backend !== 'wasm') return typeof report.backend === 'string' ? report.backend : 'unknown backend';
  const build = report.fma === true ? 'FMA' : report.fma === false ? 'plain' : 'FMA unknown';
  const threads = typeof report.threads === 'number' && report.threads > 1 ? `, ${report.threads} threads` : '';
  return `wasm ${build}${threads}`;
}
