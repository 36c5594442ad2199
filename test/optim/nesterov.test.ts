import { describe, expect, it } from 'vitest';
import { rosenbrock } from '../../src/functions/index.js';
import { LectureNesterov, SGD, lectureNesterovStepper, type FloatArray } from '../../src/optim/index.js';
import { param } from './helpers.js';

describe("the lecture's Nesterov momentum", () => {
  it('follows SGD(nesterov) after the change of variables Φ = W + βΔW, b = −ΔW/η', () => {
    const f = rosenbrock();
    const [eta, beta] = [1e-3, 0.9];
    const w = param([-1.2, 1]);
    const lecture = new LectureNesterov([['xy', w]], { learningRate: eta, momentum: beta });
    const p = param([-1.2, 1]);
    const torchStyle = new SGD([['xy', p]], { learningRate: eta, momentum: beta, nesterov: true });

    const lectureEvaluatedAt: number[][] = [];
    const sgdEvaluatedAt: number[][] = [];
    for (let t = 0; t < 200; t++) {
      lecture.step(() => {
        lectureEvaluatedAt.push(Array.from(w.data));
        w.grad = { data: f.gradient(w.data) };
        return f.value(w.data);
      });
      sgdEvaluatedAt.push(Array.from(p.data));
      p.grad = { data: f.gradient(p.data) };
      torchStyle.step();

      // Φ_{t+1} = W_{t+1} + β·ΔW_{t+1} is SGD's parameter; −ΔW/η is its momentum buffer.
      const dW = lecture.stateOf('xy')!.dW;
      const b = torchStyle.stateOf('xy')!.b;
      for (let i = 0; i < 2; i++) {
        expect(w.data[i]! + beta * dW[i]!).toBeCloseTo(p.data[i]!, 12);
        expect(-dW[i]! / eta).toBeCloseTo(b[i]!, 9);
      }
    }
    // Both evaluate the gradient at the same points: the look-ahead points are SGD's iterates.
    lectureEvaluatedAt.forEach((pt, t) => {
      expect(pt[0]).toBeCloseTo(sgdEvaluatedAt[t]![0]!, 12);
      expect(pt[1]).toBeCloseTo(sgdEvaluatedAt[t]![1]!, 12);
    });
    expect(f.value(w.data)).toBeLessThan(f.value([-1.2, 1]));
  });

  it('has a pure stepper that matches the façade bit for bit', () => {
    const f = rosenbrock();
    const w = param([-1.2, 1]);
    const opt = new LectureNesterov([w], { learningRate: 1e-3 });
    const st = lectureNesterovStepper({ learningRate: 1e-3 });
    let params: FloatArray[] = [Float64Array.of(-1.2, 1)];
    let state = st.init(params);
    for (let t = 0; t < 20; t++) {
      opt.step(() => {
        w.grad = { data: f.gradient(w.data) };
        return f.value(w.data);
      });
      ({ params, state } = st.step(params, state, (ps) => ({ loss: f.value(ps[0]!), grads: [f.gradient(ps[0]!)] })));
    }
    expect(Array.from(params[0]!)).toEqual(Array.from(w.data));
  });
});
