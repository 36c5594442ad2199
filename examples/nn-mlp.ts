/**
 * Example: a small MLP built from nn modules, trained with full-batch gradient descent (momentum)
 * and cross-entropy on three Gaussian blobs in the plane; then evaluated, saved to JSON text and
 * restored into a freshly initialised model.
 *
 * Run: npx tsx examples/nn-mlp.ts
 */
import { pathToFileURL } from 'node:url';
import { Random, Tensor, argmax, noGrad } from '../src/index.js';
import { crossEntropy } from '../src/losses/index.js';
import { BatchNorm1d, Dropout, Linear, ReLU, Sequential, deserializeStateDict, serializeStateDict } from '../src/nn/index.js';

/** What {@link main} returns. */
export interface MlpExampleResult {
  /** The model's repr. */
  architecture: string;
  parameterCount: number;
  initialLoss: number;
  finalLoss: number;
  /** Accuracy on the training points in eval mode. */
  accuracy: number;
  /** True when the model restored from the saved JSON predicts exactly the same logits. */
  restoredMatches: boolean;
}

/** Three blobs of `perClass` points around the vertices of a triangle; labels 0, 1, 2 (int32). */
function blobs(perClass: number, random: Random): { x: Tensor; y: Tensor } {
  const centres = [[0, 2], [-1.8, -1], [1.8, -1]];
  const x = new Float32Array(3 * perClass * 2);
  const y = new Int32Array(3 * perClass);
  for (let i = 0; i < 3 * perClass; i++) {
    const c = i % 3;
    x[2 * i] = centres[c]![0]! + 0.7 * random.normal();
    x[2 * i + 1] = centres[c]![1]! + 0.7 * random.normal();
    y[i] = c;
  }
  return { x: new Tensor(x, [3 * perClass, 2]), y: new Tensor(y, [3 * perClass]) };
}

function buildModel(random: Random): Sequential {
  return new Sequential(
    new Linear(2, 32, { random }), new BatchNorm1d(32), new ReLU(), new Dropout(0.1, { random }),
    new Linear(32, 32, { random }), new ReLU(),
    new Linear(32, 3, { random }),
  );
}

/**
 * Trains for `steps` full-batch steps and returns the losses, the accuracy and whether a model
 * restored from the saved state predicts the same.
 *
 * @example
 * const { finalLoss, accuracy } = main();
 */
export function main(log: (line: string) => void = () => {}, steps = 150): MlpExampleResult {
  const random = new Random(0);
  const { x, y } = blobs(40, random);
  const model = buildModel(random);
  log(model.toString());
  log(`${model.numParameters()} parameters`);

  // Heavy-ball momentum, inline (see src/optim for the optimizers): v ← μv + g; p ← p − ηv.
  const learningRate = 0.1;
  const momentum = 0.9;
  const velocity = new Map(model.parameters().map((p) => [p, new Float32Array(p.size)]));
  let initialLoss = NaN;
  let finalLoss = NaN;
  for (let step = 0; step < steps; step++) {
    model.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    noGrad(() => {
      for (const p of model.parameters()) {
        const v = velocity.get(p)!;
        const g = p.grad!.data;
        for (let i = 0; i < p.size; i++) {
          v[i] = momentum * v[i]! + g[i]!;
          p.data[i] = p.data[i]! - learningRate * v[i]!;
        }
      }
    });
    if (step === 0) initialLoss = loss.item();
    finalLoss = loss.item();
    if (step % 25 === 0) log(`step ${step}: loss ${finalLoss.toFixed(4)}`);
  }

  model.eval();
  const logits = noGrad(() => model.forward(x));
  const predicted = argmax(logits, 1);
  let correct = 0;
  for (let i = 0; i < y.size; i++) if (predicted.data[i] === y.data[i]) correct++;
  const accuracy = correct / y.size;
  log(`loss ${initialLoss.toFixed(4)} → ${finalLoss.toFixed(4)}, accuracy ${(100 * accuracy).toFixed(1)}%`);

  // Save as JSON text, restore into a model with other initial weights.
  const text = JSON.stringify(serializeStateDict(model.stateDict()));
  const restored = buildModel(new Random(1));
  restored.loadStateDict(deserializeStateDict(JSON.parse(text)));
  restored.eval();
  const again = noGrad(() => restored.forward(x));
  const restoredMatches = again.toFlatArray().every((v, i) => v === logits.data[i]);
  log(`saved ${text.length} characters of JSON; restored model ${restoredMatches ? 'matches' : 'DIFFERS'}`);

  return { architecture: model.toString(), parameterCount: model.numParameters(), initialLoss, finalLoss, accuracy, restoredMatches };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(console.log);
}
