/**
 * Example: a training loop whose steps run inside `tidy`. Everything a step makes (activations,
 * intermediate gradients, the loss) is released when the step ends; on the wasm backend those tensors
 * live in wasm memory, so the kernels use them without a copy and a warm step takes no new memory.
 * The parameters' gradients belong to the parameters and survive. The loss leaves the scope as a
 * number; a tensor made inside and used after it throws a `ReleasedTensorError`.
 *
 * The same seeded run with and without scopes gives the same bits.
 *
 * Run: npx tsx examples/scoped-training-loop.ts
 */
import { pathToFileURL } from 'node:url';
import { Adam, DataLoader, Linear, ReLU, ReleasedTensorError, Sequential, crossEntropy, moons, tidy, type Tensor } from '../src/index.js';

/** The losses of `epochs` epochs on the moons data, one per step; each step in a scope when `scoped`. */
export function train(epochs: number, scoped = true): number[] {
  const data = moons({ samples: 256, noise: 0.1, seed: 1 });
  const model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 2));
  const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
  const loader = new DataLoader(data, { batchSize: 32, seed: 1 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y } of loader) {
      const step = (): number => {
        optimizer.zeroGrad();
        const loss = crossEntropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        return loss.item(); // a number: nothing made inside needs to outlive the step
      };
      losses.push(scoped ? tidy(step) : step());
    }
  }
  return losses;
}

/** What reading a tensor after its scope ended says. */
export function releasedMessage(): string {
  let hidden: Tensor | null = null;
  const model = new Linear(2, 2);
  tidy(() => {
    hidden = model.forward(moons({ samples: 4, seed: 2 }).features).relu();
  });
  try {
    hidden!.toArray();
    return 'no error';
  } catch (e) {
    return e instanceof ReleasedTensorError ? e.message : `unexpected: ${String(e)}`;
  }
}

export function main(epochs = 5, log: (line: string) => void = console.log): number[] {
  const losses = train(epochs);
  log(`${losses.length} scoped steps: loss ${losses[0]!.toFixed(4)} → ${losses.at(-1)!.toFixed(4)}`);
  log(`a tensor used after its scope: ${releasedMessage()}`);
  return losses;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
