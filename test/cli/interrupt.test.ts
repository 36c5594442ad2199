/**
 * Ctrl-C is seen after the current update, not at the end of the epoch: a stop request set from
 * the event loop (as a signal handler does) while an epoch runs stops training mid-epoch.
 */
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../../src/data/data-loader.js';
import { moons } from '../../src/data/datasets/moons.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Adam } from '../../src/optim/index.js';
import { buildModel } from '../../src/specs/model-spec.js';
import { Random } from '../../src/tensor/random.js';
import { fit } from '../../src/train/fit.js';
import { StopRequest } from '../../src/cli/train/interrupt.js';
import { dispatchSignal } from '../../src/cli/signals.js';

describe('stop requests during an epoch', () => {
  it('a flag set by a timer during a long epoch stops fit after the current update, with a mid-epoch state', async () => {
    // 3000 updates of one sample: an epoch far longer than the 30 ms after which the flag is set.
    const data = moons({ samples: 3000, seed: 1 });
    const { model } = buildModel('mlp:2-16-2', new Random(1));
    let requested = false;
    setTimeout(() => (requested = true), 30);
    const started = performance.now();
    const result = await fit(model, {
      loss: (out, y) => crossEntropy(out, y),
      optimizer: new Adam(model.namedParameters(), { learningRate: 0.01 }),
      data: new DataLoader(data, { batchSize: 1, seed: 1 }),
      epochs: 1,
      shouldStop: () => requested,
    });
    expect(result.stopReason).toBe('interrupted');
    expect(result.state.epoch).toBe(0);
    expect(result.state.partialEpoch?.batch).toBeGreaterThan(0);
    expect(result.state.partialEpoch!.batch).toBeLessThan(3000);
    // Seen within one turn of the event loop (50 ms) of being set, not at the epoch's end.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('StopRequest: the first signal asks to stop and says how to quit at once; exit code 128 + signal number', () => {
    const chunks: string[] = [];
    const stop = new StopRequest('descent train --resume runs/a', { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream);
    expect(stop.requested).toBe(false);
    expect(stop.exitCode).toBe(0);
    dispatchSignal('SIGTERM');
    expect(stop.requested).toBe(true);
    expect(stop.exitCode).toBe(143);
    expect(chunks.join('')).toBe('descent train: SIGTERM received: finishing this update and saving a checkpoint (press Ctrl-C again to quit at once)\n');
    stop.close();
  });
});
