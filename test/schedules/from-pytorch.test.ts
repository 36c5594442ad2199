import { describe, expect, it } from 'vitest';
import { camelCaseName, plateauFromPyTorch, scheduleFromPyTorch } from '../../src/schedules/index.js';

describe('scheduleFromPyTorch', () => {
  it('maps snake_case kwargs to camelCase options', () => {
    expect(['T_max', 'T_0', 'T_mult', 'eta_min', 'step_size_up', 'max_lr', 'threshold_mode', 'swa_lr'].map(camelCaseName)).toEqual([
      'tMax', 't0', 'tMult', 'etaMin', 'stepSizeUp', 'maxLr', 'thresholdMode', 'swaLr',
    ]);
    const s = scheduleFromPyTorch('torch.optim.lr_scheduler.StepLR', { step_size: 2, gamma: 0.5, last_epoch: -1, verbose: false }, 1);
    expect([s.value(0), s.value(2), s.value(4)]).toEqual([1, 0.5, 0.25]);
    expect(scheduleFromPyTorch('swa_utils.SWALR', { swa_lr: 0.5, anneal_epochs: 0 }, 1).value(3)).toBe(0.5);
    expect(plateauFromPyTorch({ mode: 'max', min_lr: 0.01, threshold_mode: 'abs' }).options).toMatchObject({ mode: 'max', minLr: 0.01, thresholdMode: 'abs' });
  });

  it('reports what it cannot port', () => {
    expect(() => scheduleFromPyTorch('ChainedScheduler', {}, 0.1)).toThrow('ChainedScheduler: schedulers must be a list of {scheduler, kwargs}');
    expect(() => scheduleFromPyTorch('LRScheduler', {}, 0.1)).toThrow("scheduleFromPyTorch: unsupported scheduler 'LRScheduler'");
    expect(() => scheduleFromPyTorch('StepLR', { step_size: 2, last_epoch: 5 }, 0.1)).toThrow('StepLR: last_epoch 5 (resuming) is not supported');
    expect(() => scheduleFromPyTorch('CyclicLR', { base_lr: 0.1, max_lr: 1, scale_fn: 'f' }, 0.1)).toThrow('CyclicLR: a Python scale_fn cannot be ported');
    expect(() => scheduleFromPyTorch('StepLR', { step_size: 2, gama: 0.5 }, 0.1)).toThrow("StepLR: unknown option 'gama'; did you mean 'gamma'?");
    expect(() => scheduleFromPyTorch('SequentialLR', { schedulers: [{ scheduler: 'StepLR' }], milestones: [] }, 0.1)).toThrow(
      'SequentialLR: schedulers[0] must be {scheduler: name, kwargs: {...}}',
    );
  });
});
