import { Adam, DataLoader, Linear, ReLU, Sequential, argmax, crossEntropy, moons, noGrad } from '../src/index.js';

const data = moons({ samples: 512, noise: 0.1, seed: 1 });         // 2-D points, 2 classes
const model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 2));
const optimizer = new Adam(model.namedParameters(), { learningRate: 0.01 });
const loader = new DataLoader(data, { batchSize: 32, seed: 1 });    // reshuffled every epoch

for (let epoch = 1; epoch <= 20; epoch++) {
  for (const { x, y } of loader) {
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);   // mean divergence over the batch
    loss.backward();                                  // backpropagation
    optimizer.step();                                 // one Adam update
  }
}
const predicted = noGrad(() => argmax(model.forward(data.features), 1));
export const accuracy = predicted.data.filter((c, i) => c === data.labels.data[i]).length / data.length;
console.log(`training accuracy ${(accuracy * 100).toFixed(1)}%`);
