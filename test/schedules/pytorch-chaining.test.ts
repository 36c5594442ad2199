/**
 * MultiplicativeLR, ChainedScheduler and SWALR inside SequentialLR against PyTorch 1.13. Each
 * expected list is `optimizer.param_groups[0]['lr']` before the first step and after each of 20
 * `scheduler.step()` calls, on SGD(lr=0.1), printed by Python with repr (so the comparison is exact).
 */
import { describe, expect, it } from 'vitest';
import {
  chainedScheduler, constantLR, cosineAnnealingLR, exponentialLR, findSchedule, isChainedScheduler, linearLR, multiStepLR,
  multiplicativeLR, oneCycleLR, polynomialLR, sequentialLR, stepLR, swaLR, lambdaLR, scheduleFromPyTorch, type Schedule,
} from '../../src/schedules/index.js';

const first21 = (s: Schedule): number[] => Array.from({ length: 21 }, (_, k) => s.value(k));
const lr = 0.1;

describe('MultiplicativeLR', () => {
  it('a function factor: MultiplicativeLR(opt, lr_lambda=lambda k: 0.95)', () => {
    expect(first21(multiplicativeLR({ learningRate: lr, lrLambda: () => 0.95 }))).toEqual([0.1, 0.095, 0.09025, 0.0857375, 0.08145062499999998, 0.07737809374999999, 0.07350918906249998, 0.06983372960937498, 0.06634204312890622, 0.0630249409724609, 0.05987369392383786, 0.05688000922764597, 0.05403600876626367, 0.05133420832795048, 0.04876749791155295, 0.046329123015975304, 0.04401266686517654, 0.04181203352191771, 0.039721431845821824, 0.037735360253530734, 0.035848592240854196]);
  });

  it("an expression factor: 'lambda k: 1.0 / (1.0 + c * k)' with c = 0.1", () => {
    const s = multiplicativeLR({ learningRate: lr, lrLambda: 'lambda k: 1.0 / (1.0 + c * k)', constants: { c: 0.1 } });
    expect(first21(s)).toEqual([0.1, 0.09090909090909091, 0.07575757575757576, 0.05827505827505827, 0.041625041625041624, 0.02775002775002775, 0.017343767343767344, 0.010202216084569024, 0.005667897824760569, 0.002983104118295036, 0.001491552059147518, 0.0007102628853083419, 0.0003228467660492463, 0.00014036815915184622, 5.8486732979935925e-05, 2.3394693191974372e-05, 8.997958919990142e-06, 3.3325773777741268e-06, 1.1902062063479024e-06, 4.104159332234146e-07, 1.368053110744715e-07]);
    expect(first21(scheduleFromPyTorch('MultiplicativeLR', { lr_lambda: 'lambda k: 1.0 / (1.0 + c * k)', c: 0.1 }, lr))).toEqual(first21(s));
  });

  it('is evaluated with the factor of each step k >= 1 (never λ(0)), in any access order', () => {
    const seen: number[] = [];
    const s = multiplicativeLR({ learningRate: 2, lrLambda: (k) => (seen.push(k), 0.5) });
    expect(s.value(0)).toBe(2);
    expect(seen).toEqual([]);
    expect([s.value(3), s.value(1)]).toEqual([0.25, 1]);
    expect(seen).toEqual([1, 2, 3, 1]);
  });

  it('inside SequentialLR continues from the rate before its milestone (PyTorch: step(0) keeps the lr)', () => {
    // SequentialLR(opt, [LinearLR(start_factor=0.1, total_iters=5), MultiplicativeLR(lambda k: 0.9)], milestones=[3])
    const s = sequentialLR({
      schedules: [linearLR({ learningRate: lr, startFactor: 0.1, totalIters: 5 }), multiplicativeLR({ learningRate: lr, lrLambda: 'lambda k: 0.9' })],
      milestones: [3],
    });
    expect(first21(s)).toEqual([0.010000000000000002, 0.028000000000000004, 0.046000000000000006, 0.046000000000000006, 0.041400000000000006, 0.03726000000000001, 0.03353400000000001, 0.03018060000000001, 0.02716254000000001, 0.024446286000000008, 0.022001657400000006, 0.019801491660000007, 0.017821342494000008, 0.016039208244600006, 0.014435287420140006, 0.012991758678126006, 0.011692582810313405, 0.010523324529282065, 0.009470992076353858, 0.008523892868718472, 0.007671503581846625]);
  });

  it('errors name the option and the step', () => {
    expect(() => multiplicativeLR({ learningRate: lr } as never)).toThrow("MultiplicativeLR: missing required option 'lrLambda'");
    expect(() => multiplicativeLR({ learningRate: lr, lrLambda: 3 as never })).toThrow('MultiplicativeLR: invalid lrLambda: 3 (expected a function or a lambda string)');
    expect(() => multiplicativeLR({ learningRate: lr, lrLambda: 'lambda k: c', constants: { c: NaN } })).toThrow('MultiplicativeLR: invalid constant c: NaN');
    expect(() => multiplicativeLR({ learningRate: lr, lrLambda: (k) => 1 / (k - 2) }).value(3)).toThrow('MultiplicativeLR: lrLambda(2) returned Infinity');
    expect(() => multiplicativeLR({ learningRate: lr, lrLambda: 'lambda k: 0.9', gamma: 1 } as never)).toThrow("MultiplicativeLR: unknown option 'gamma'");
  });
});

describe('ChainedScheduler', () => {
  it('ConstantLR(factor=0.1, total_iters=2) then ExponentialLR(gamma=0.9)', () => {
    const s = chainedScheduler({ schedules: [constantLR({ learningRate: lr, factor: 0.1, totalIters: 2 }), exponentialLR({ learningRate: lr, gamma: 0.9 })] });
    expect(first21(s)).toEqual([0.010000000000000002, 0.009000000000000003, 0.08100000000000003, 0.07290000000000003, 0.06561000000000003, 0.059049000000000025, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002, 0.03138105960900001, 0.028242953648100012, 0.025418658283290013, 0.022876792454961013, 0.020589113209464913, 0.01853020188851842, 0.01667718169966658, 0.015009463529699923, 0.013508517176729932, 0.01215766545905694]);
  });

  it('LinearLR(start_factor=0.25, total_iters=4) then CosineAnnealingLR(T_max=8, eta_min=0.001)', () => {
    const s = chainedScheduler({
      schedules: [linearLR({ learningRate: lr, startFactor: 0.25, totalIters: 4 }), cosineAnnealingLR({ learningRate: lr, tMax: 8, etaMin: 0.001 })],
    });
    expect(first21(s)).toEqual([0.025, 0.04212292500742876, 0.053508007151911716, 0.05653099729702447, 0.050596755448624624, 0.031616898839372985, 0.015526553346051304, 0.0047753282106726925, 0.001, 0.004767963140691307, 0.01549821433126591, 0.03155717009792807, 0.05050000000000005, 0.06944282990207204, 0.08550178566873419, 0.09623203685930878, 0.1000000000000001, 0.0962320368593088, 0.0855017856687342, 0.06944282990207205, 0.050500000000000066]);
  });

  it('StepLR(3, 0.5), MultiplicativeLR(lambda k: 0.97), PolynomialLR(total_iters=15, power=2)', () => {
    const s = chainedScheduler({
      schedules: [
        stepLR({ learningRate: lr, stepSize: 3, gamma: 0.5 }),
        multiplicativeLR({ learningRate: lr, lrLambda: () => 0.97 }),
        polynomialLR({ learningRate: lr, totalIters: 15, power: 2 }),
      ],
    });
    expect(first21(s)).toEqual([0.1, 0.08449777777777778, 0.07067204444444444, 0.029205536000000008, 0.023804540002222232, 0.019082978348888897, 0.007496748044361001, 0.005745655785110259, 0.00426704717916079, 0.0015204621173091307, 0.0010242001762429563, 0.0006358234694116274, 0.00017346059024885946, 7.478078779617496e-05, 1.8134341040572427e-05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
  });

  it('MultiStepLR(milestones=[0, 4, 4, 9], gamma=0.5) then SWALR(swa_lr=0.01, anneal_epochs=6)', () => {
    const s = chainedScheduler({
      schedules: [multiStepLR({ learningRate: lr, milestones: [0, 4, 4, 9], gamma: 0.5 }), swaLR({ learningRate: lr, swaLr: 0.01, annealEpochs: 6 })],
    });
    expect(first21(s)).toEqual([0.05, 0.04732050807568878, 0.04000000000000001, 0.030000000000000006, 0.00875, 0.009665063509461098, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
  });

  it('an absolute schedule (LambdaLR) overwrites what came before it, and is scaled by what follows', () => {
    const lambda = (): Schedule => lambdaLR({ learningRate: lr, lrLambda: 'lambda k: 1.0 / (k + 1)' });
    expect(first21(chainedScheduler({ schedules: [exponentialLR({ learningRate: lr, gamma: 0.9 }), lambda()] }))).toEqual([0.1, 0.05, 0.03333333333333333, 0.025, 0.020000000000000004, 0.016666666666666666, 0.014285714285714285, 0.0125, 0.011111111111111112, 0.010000000000000002, 0.009090909090909092, 0.008333333333333333, 0.007692307692307693, 0.007142857142857143, 0.006666666666666667, 0.00625, 0.0058823529411764705, 0.005555555555555556, 0.005263157894736842, 0.005000000000000001, 0.004761904761904762]);
    expect(first21(chainedScheduler({ schedules: [lambda(), exponentialLR({ learningRate: lr, gamma: 0.9 })] }))).toEqual([0.1, 0.045000000000000005, 0.03, 0.022500000000000003, 0.018000000000000006, 0.015, 0.012857142857142857, 0.011250000000000001, 0.01, 0.009000000000000003, 0.008181818181818182, 0.0075, 0.006923076923076923, 0.0064285714285714285, 0.006, 0.005625000000000001, 0.005294117647058823, 0.005, 0.004736842105263158, 0.004500000000000001, 0.004285714285714286]);
  });

  it('OneCycleLR(max_lr=1, total_steps=30) then ExponentialLR(0.9): momentum from OneCycleLR', () => {
    const s = chainedScheduler({ schedules: [oneCycleLR({ maxLr: 1, totalSteps: 30 }), exponentialLR({ learningRate: lr, gamma: 0.9 })] });
    expect(first21(s)).toEqual([0.040000000000000036, 0.06888404195512421, 0.16252987052741158, 0.3026807572182812, 0.468, 0.6333192427817188, 0.7734701294725885, 0.8671159580448758, 0.9, 0.8949738919058206, 0.8800078425727129, 0.8554361688121264, 0.821807761212404, 0.7798738228300525, 0.7305710885547868, 0.6750009, 0.6144046033510341, 0.5501358197426603, 0.48363020759972253, 0.41637339240027754, 0.34986778025733967]);
    expect(first21({ value: s.momentum! })).toEqual([0.95, 0.9461939766255643, 0.9353553390593273, 0.9191341716182544, 0.8999999999999999, 0.8808658283817454, 0.8646446609406726, 0.8538060233744357, 0.85, 0.8505584586887436, 0.8522213597106929, 0.854951556604879, 0.8586880612842003, 0.8633474064085087, 0.8688255099070633, 0.875, 0.8817329487816802, 0.8888739533021842, 0.8962634953206787, 0.9037365046793212, 0.9111260466978157]);
  });

  it('from a PyTorch description, and in the registry', () => {
    const s = scheduleFromPyTorch('ChainedScheduler', {
      schedulers: [{ scheduler: 'ConstantLR', kwargs: { factor: 0.1, total_iters: 2 } }, { scheduler: 'ExponentialLR', kwargs: { gamma: 0.9 } }],
    }, lr);
    expect(first21(s)).toEqual([0.010000000000000002, 0.009000000000000003, 0.08100000000000003, 0.07290000000000003, 0.06561000000000003, 0.059049000000000025, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002, 0.03138105960900001, 0.028242953648100012, 0.025418658283290013, 0.022876792454961013, 0.020589113209464913, 0.01853020188851842, 0.01667718169966658, 0.015009463529699923, 0.013508517176729932, 0.01215766545905694]);
    expect(findSchedule('ChainedScheduler').name).toBe('chained');
    expect(findSchedule('MultiplicativeLR').name).toBe('multiplicative');
  });

  it('errors: no schedules, different base rates, and inside SequentialLR (PyTorch 1.13 fails there too)', () => {
    expect(() => chainedScheduler({ schedules: [] })).toThrow('ChainedScheduler: invalid schedules (expected a non-empty list of schedules)');
    expect(() => chainedScheduler({} as never)).toThrow("ChainedScheduler: missing required option 'schedules'");
    expect(() => chainedScheduler({ schedules: [exponentialLR({ learningRate: 0.1, gamma: 0.9 }), stepLR({ learningRate: 0.2, stepSize: 2 })] }))
      .toThrow('ChainedScheduler: the schedules start from different learning rates (0.1, 0.2)');
    const chained = chainedScheduler({ schedules: [exponentialLR({ learningRate: lr, gamma: 0.9 })] });
    expect(isChainedScheduler(chained)).toBe(true);
    expect(() => sequentialLR({ schedules: [exponentialLR({ learningRate: lr, gamma: 0.9 }), chained], milestones: [3] }))
      .toThrow("SequentialLR: schedules[1] is a ChainedScheduler, which PyTorch 1.13's SequentialLR cannot hold");
  });
});

describe('SWALR inside SequentialLR (PyTorch 1.13 step counting)', () => {
  // PyTorch's SWALR counts steps with _step_count, already 1 after its construction; SequentialLR only
  // rewinds last_epoch, so at the milestone SWALR computes its step 1 from the rate in force.
  it('SequentialLR([LinearLR(start_factor=0.1, total_iters=5), SWALR(swa_lr=0.02, anneal_epochs=5)], milestones=[5])', () => {
    const s = sequentialLR({
      schedules: [linearLR({ learningRate: lr, startFactor: 0.1, totalIters: 5 }), swaLR({ learningRate: lr, swaLr: 0.02, annealEpochs: 5 })],
      milestones: [5],
    });
    expect(first21(s)).toEqual([0.010000000000000002, 0.028000000000000004, 0.046000000000000006, 0.064, 0.082, 0.07607952682562337, 0.06057952682562337, 0.04142047317437663, 0.02592047317437663, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02]);
  });

  it("a milestone before the warm-up ends, 'linear' annealing over 4 steps", () => {
    const s = sequentialLR({
      schedules: [
        linearLR({ learningRate: lr, startFactor: 0.1, totalIters: 5 }),
        swaLR({ learningRate: lr, swaLr: 0.02, annealEpochs: 4, annealStrategy: 'linear' }),
      ],
      milestones: [3],
    });
    expect(first21(s)).toEqual([0.010000000000000002, 0.028000000000000004, 0.046000000000000006, 0.0395, 0.033, 0.0265, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02]);
  });

  it('three parts: ConstantLR, CosineAnnealingLR(T_max=6), SWALR(swa_lr=0.01, anneal_epochs=3), milestones [4, 9]', () => {
    const s = sequentialLR({
      schedules: [
        constantLR({ learningRate: lr, factor: 0.5, totalIters: 2 }),
        cosineAnnealingLR({ learningRate: lr, tMax: 6 }),
        swaLR({ learningRate: lr, swaLr: 0.01, annealEpochs: 3 }),
      ],
      milestones: [4, 9],
    });
    expect(first21(s)).toEqual([0.05, 0.05, 0.1, 0.1, 0.1, 0.09330127018922195, 0.07500000000000001, 0.05, 0.025000000000000012, 0.02125000000000001, 0.013750000000000005, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
    // random access gives the same values as the sequential walk
    const fresh = scheduleFromPyTorch('SequentialLR', {
      schedulers: [
        { scheduler: 'ConstantLR', kwargs: { factor: 0.5, total_iters: 2 } },
        { scheduler: 'CosineAnnealingLR', kwargs: { T_max: 6 } },
        { scheduler: 'SWALR', kwargs: { swa_lr: 0.01, anneal_epochs: 3 } },
      ],
      milestones: [4, 9],
    }, lr);
    expect([20, 9, 10, 0, 4].map((k) => fresh.value(k))).toEqual([20, 9, 10, 0, 4].map((k) => s.value(k)));
  });

  it('SWALR first (restarted by SequentialLR itself: its steps count from 0), and with anneal_epochs 0 after a milestone', () => {
    const first = sequentialLR({
      schedules: [swaLR({ learningRate: lr, swaLr: 0.02, annealEpochs: 5 }), exponentialLR({ learningRate: lr, gamma: 0.9 })],
      milestones: [8],
    });
    expect(first21(first)).toEqual([0.1, 0.0923606797749979, 0.0723606797749979, 0.0476393202250021, 0.027639320225002102, 0.02, 0.02, 0.02, 0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002, 0.03138105960900001, 0.028242953648100012]);
    const instant = sequentialLR({
      schedules: [exponentialLR({ learningRate: lr, gamma: 0.9 }), swaLR({ learningRate: lr, swaLr: 0.05, annealEpochs: 0 })],
      milestones: [4],
    });
    expect(first21(instant)).toEqual([0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]);
  });
});
