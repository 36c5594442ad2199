/**
 * The README's quickstart: a tiny MLP fitted to y = sin(2x) on synthetic data by plain gradient
 * descent written by hand (forward, loss, backward, `p -= lr * grad` under noGrad).
 * Run it with `npx tsx examples/quickstart.ts`.
 */
import { pathToFileURL } from 'node:url';
import { Random, randn, zeros, matmul, tanh, sin, mseLoss, noGrad } from '../src/index.js';

export function main(steps = 300, learningRate = 0.1, log: (line: string) => void = console.log): number[] {
  const random = new Random(0);
  const x = randn([64, 1], { random });                                 // 64 samples
  const y = sin(x.mul(2));                                              // targets
  const params = [randn([1, 16], { random }), zeros([16]), randn([16, 1], { random, std: 0.25 }), zeros([1])];
  params.forEach((p) => p.requireGrad());
  const [w1, b1, w2, b2] = params;
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const prediction = matmul(tanh(matmul(x, w1!).add(b1!)), w2!).add(b2!);  // forward
    const loss = mseLoss(prediction, y);
    params.forEach((p) => p.zeroGrad());
    loss.backward();                                                    // gradients
    noGrad(() => params.forEach((p) => p.data.forEach((v, i) => (p.data[i] = v - learningRate * p.grad!.data[i]!))));
    losses.push(loss.item());
    if (step % 50 === 0 || step === steps - 1) log(`step ${step}: loss ${loss.item().toFixed(4)}`);
  }
  return losses;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
