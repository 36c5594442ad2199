/**
 * `npm run bench [-- --json] [-- --only matmul,mlp,train,conv,optimizers,pytorch,gather,gemm]`: every benchmark,
 * descent beside TensorFlow.js (and, for `pytorch`, native PyTorch) measured in the same run on the same
 * inputs. `npm run bench -- queue` (a suite's name alone) is `--only queue`. The queue and train-vs
 * suites run only when named.
 */
import { ratio, type BenchRow } from './report.js';
import { benchMatmul } from './matmul.js';
import { benchMlp } from './mlp.js';

type Suite = () => Promise<BenchRow[]>;

/** Suites that start servers or builds, or take minutes: run only when named. */
const ON_REQUEST = new Set(['queue', 'train-vs', 'page-load']);
/** Flags whose next argument is their value, not a suite's name. */
const VALUE_FLAGS = new Set(['--loads', '--only', '--base', '--rounds', '--epochs', '--batches']);

const SUITES: Record<string, Suite> = {
  matmul: () => benchMatmul(),
  mlp: () => benchMlp(),
  // The WebAssembly backend's rows (bench/wasm.ts), loaded lazily like the optimizer suite.
  wasm: async () => ((await import('./wasm.js')) as { benchWasm: Suite }).benchWasm(),
  // The same comparisons timed in process CPU time (steady on a shared machine; bench/wasm-cpu.ts).
  'wasm-cpu': async () => ((await import('./wasm-cpu.js')) as { benchWasmCpu: Suite }).benchWasmCpu(),
  // The MLP trained on the MNIST digits with Adam, epoch by epoch (bench/train-mlp.ts).
  train: async () => ((await import('./train-mlp.js')) as { benchTrainMlp: Suite }).benchTrainMlp(),
  // Issue 14's protocol beside native PyTorch, one process per run (bench/pytorch-mlp.ts).
  pytorch: async () => ((await import('./pytorch-mlp.js')) as { benchPytorchMlp: Suite }).benchPytorchMlp(),
  // Whole-row gathers: indexSelect against the element-wise gather it replaced and Dataset.batch (bench/gather.ts).
  gather: async () => ((await import('./gather.js')) as { benchGather: Suite }).benchGather(),
  // The wasm GEMM on the MLP's training products, FMA build against plain (bench/gemm.ts).
  gemm: async () => ((await import('./gemm.js')) as { benchGemm: Suite }).benchGemm(),
  // A small conv net's training step (bench/conv.ts).
  conv: async () => ((await import('./conv.js')) as { benchConv: Suite }).benchConv(),
  // The BullMQ/Redis queue of sweeps on many machines (bench/queue.ts): starts its own redis-server.
  queue: async () => ((await import('./queue.js')) as { benchQueue: Suite }).benchQueue(),
  // `descent train` of this checkout against a baseline revision's, built in a temporary worktree (bench/train-vs.ts).
  'train-vs': async () => ((await import('./train-vs.js')) as { benchTrainVs: Suite }).benchTrainVs(),
  // The playground page's longest start-up task in headless Chromium, over several loads (bench/page-load.ts).
  'page-load': async () => ((await import('./page-load.js')) as { benchPageLoad: Suite }).benchPageLoad(),
  optimizers: async () => {
    // The optimizer suite lives beside the optimizers; loaded lazily so the others run without it.
    const mod = (await import('./optimizers.js')) as { benchOptimizers: Suite };
    return mod.benchOptimizers();
  },
};

function format(row: BenchRow): string {
  const r = ratio(row);
  const fmt = (v: number | null): string => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v.toPrecision(3));
  return `| ${row.name} | ${fmt(row.descent)} | ${fmt(row.peer)} | ${row.peerName} | ${row.unit} | ${r === null ? '-' : `${r.toFixed(2)}x`} |`;
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const onlyIndex = argv.indexOf('--only');
  const named = argv.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(argv[i - 1] ?? ''));
  const names = onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? '').split(',') : named.length > 0 ? named : Object.keys(SUITES).filter((n) => !ON_REQUEST.has(n));
  for (const n of names) {
    if (!SUITES[n]) throw new Error(`bench: unknown suite '${n}'; valid: ${Object.keys(SUITES).join(', ')}`);
  }
  if (!json) {
    console.log('| benchmark | descent | peer | peer name | unit | descent advantage |');
    console.log('|---|---|---|---|---|---|');
  }
  for (const n of names) {
    for (const row of await SUITES[n]!()) {
      if (json) {
        console.log(JSON.stringify({ name: row.name, descent: row.descent, peer: row.peer, peerName: row.peerName, unit: row.unit, ratio: ratio(row) }));
      } else {
        console.log(format(row));
      }
    }
  }
}

await main(process.argv.slice(2));
