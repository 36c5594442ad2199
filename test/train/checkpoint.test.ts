import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSafetensors } from '../../src/io/safetensors.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { Adam } from '../../src/optim/optimizers/adam.js';
import { SGD } from '../../src/optim/optimizers/sgd.js';
import {
  CheckpointError, checkCheckpointAgainst, cleanRunFolder, evaluationWeights, loadCheckpoint, loadNewestIntactCheckpoint, saveCheckpoint,
} from '../../src/train/index.js';
import { tinyModel, trained } from './checkpoint-helpers.js';
import { editJson } from '../helpers/edit-json.js';
import { tempDir } from '../helpers/temp-dir.js';

async function rejection(p: Promise<unknown>): Promise<CheckpointError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CheckpointError);
    return err as CheckpointError;
  }
  throw new Error('expected the promise to reject');
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

describe('checkpoint format 2', () => {
  it('records name, byte length and SHA-256 of both data files, and round-trips weights and state', async () => {
    const dir = tempDir('ckpt');
    const { model, state } = await trained(2);
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, { note: 'x' });
    const json = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8'));
    expect(json.version).toBe(2);
    expect(json.evaluate).toBe('raw');
    for (const field of ['weights', 'arrays'] as const) {
      const f = json.files[field];
      const bytes = readFileSync(join(dir, f.name));
      expect(f.bytes).toBe(bytes.length);
      expect(f.sha256).toBe(await sha256(bytes));
    }
    const loaded = await loadCheckpoint(join(dir, 'last'), { expect: { model, optimizer: new Adam(model.namedParameters(), { learningRate: 0.01 }) } });
    expect(loaded.version).toBe(2);
    expect(loaded.config).toEqual({ note: 'x' });
    expect(loaded.state).toEqual(state);
    for (const [name, t] of Object.entries(model.stateDict())) expect(Array.from(loaded.weights[name]!.data)).toEqual(Array.from(t.data));
  });

  /** Rewrites a checkpoint JSON in the layout of format version 1 (file names, no checksums). */
  const asVersion1 = (j: Record<string, any>): void => {
    j.version = 1;
    j.weights = j.files.weights.name;
    j.arrays = j.files.arrays.name;
    delete j.files;
    delete j.evaluate;
  };

  it('still loads a version-1 checkpoint (no checksums)', async () => {
    const dir = tempDir('ckpt-v1');
    const { model, state } = await trained(2);
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, {});
    editJson(join(dir, 'last.json'), (j) => {
      asVersion1(j);
    });
    const loaded = await loadCheckpoint(join(dir, 'last'));
    expect(loaded.version).toBe(1);
    expect(loaded.evaluate).toBe('raw');
    expect(loaded.state.epoch).toBe(2);
    expect((await rejection(loadCheckpoint(join(dir, 'nothing')))).code).toBe('missing');
  });

  it('reads the averaging state of a version-1 checkpoint (written inline, as JSON.stringify wrote a Float64Array)', async () => {
    const { ema } = await import('../../src/averaging/index.js');
    const dir = tempDir('ckpt-v1-avg');
    const { model, state } = await trained(1, { averaging: ema({ decay: 0.9 }) });
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, {});
    editJson(join(dir, 'last.json'), (j) => {
      asVersion1(j);
      j.state.averaging.averaged = JSON.parse(JSON.stringify(state.averaging!.averaged));
    });
    expect(readFileSync(join(dir, 'last.json'), 'utf8')).toMatch(/"averaged":\{"0\.weight":\{"0":/);
    const loaded = await loadCheckpoint(join(dir, 'last'));
    expect(loaded.evaluate).toBe('averaged');
    for (const [name, values] of Object.entries(state.averaging!.averaged)) expect(loaded.state.averaging!.averaged[name]).toEqual(values);
  });
});

describe('only the run folder’s own files', () => {
  const bad = ['../victim.txt', '../../victim.txt', '/tmp/victim.txt', 'sub/x.safetensors', 'a\\b', '..', '.', '', 'x\u0000y', 'C:victim'];
  for (const version of [1, 2] as const) {
    for (const field of ['weights', 'arrays'] as const) {
      it(`refuses a version-${version} '${field}' that is not a plain name, touching no file outside`, async () => {
        const root = tempDir('traversal');
        const dir = join(root, 'run');
        mkdirSync(dir);
        const victim = join(root, 'victim.txt');
        writeFileSync(victim, 'precious');
        const { model, state } = await trained(1);
        let updates = state.updates;
        for (const name of bad) {
          await saveCheckpoint(join(dir, 'last'), model.stateDict(), { ...state, updates: ++updates }, {});
          editJson(join(dir, 'last.json'), (j) => {
            if (version === 1) {
              j.version = 1;
              j.weights = j.files.weights.name;
              j.arrays = j.files.arrays.name;
              delete j.files;
              j[field] = name;
            } else {
              j.files[field].name = name;
            }
          });
          const err = await rejection(loadCheckpoint(join(dir, 'last')));
          expect(err.field, name).toBe(field);
          // Saving over the crafted JSON must not delete what it names either.
          await saveCheckpoint(join(dir, 'last'), model.stateDict(), { ...state, updates: ++updates }, {});
          expect(readFileSync(victim, 'utf8')).toBe('precious');
        }
        expect(readdirSync(root).sort()).toEqual(['run', 'victim.txt']);
      });
    }
  }

  it('refuses a data file that is a symbolic link', async () => {
    const root = tempDir('symlink');
    const { model, state } = await trained(1);
    await saveCheckpoint(join(root, 'last'), model.stateDict(), state, {});
    const json = JSON.parse(readFileSync(join(root, 'last.json'), 'utf8'));
    cpSync(join(root, json.files.weights.name), join(root, 'elsewhere.bin'));
    symlinkSync(join(root, 'elsewhere.bin'), join(root, 'link.safetensors'));
    editJson(join(root, 'last.json'), (j) => { j.files.weights.name = 'link.safetensors'; });
    const err = await rejection(loadCheckpoint(join(root, 'last')));
    expect(err.message).toMatch(/not a regular file/);
  });

  it('refuses a data file that is a directory or a FIFO (without blocking on it)', async () => {
    const root = tempDir('special');
    const { model, state } = await trained(1);
    await saveCheckpoint(join(root, 'last'), model.stateDict(), state, {});
    mkdirSync(join(root, 'adir'));
    editJson(join(root, 'last.json'), (j) => { j.files.weights.name = 'adir'; });
    expect((await rejection(loadCheckpoint(join(root, 'last')))).message).toMatch(/adir: weights: is not a regular file/);
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('mkfifo', [join(root, 'fifo')]);
    } catch {
      return; // no mkfifo here
    }
    editJson(join(root, 'last.json'), (j) => { j.files.weights.name = 'fifo'; });
    expect((await rejection(loadCheckpoint(join(root, 'last')))).message).toMatch(/fifo: weights: is not a regular file/);
  });

  it('deletes superseded files only if this process wrote them', async () => {
    const root = tempDir('supersede');
    const { model, state } = await trained(2);
    mkdirSync(join(root, 'a'), { recursive: true });
    await saveCheckpoint(join(root, 'a', 'last'), model.stateDict(), state, {});
    // A copy of the folder: the same names, but files this process did not write at these paths.
    cpSync(join(root, 'a'), join(root, 'b'), { recursive: true });
    const foreign = readdirSync(join(root, 'b')).filter((f) => f.endsWith('.safetensors'));
    await saveCheckpoint(join(root, 'b', 'last'), model.stateDict(), { ...state, updates: state.updates + 1 }, {});
    for (const f of foreign) expect(existsSync(join(root, 'b', f)), f).toBe(true);
    // Its own files are removed when superseded.
    const own = readdirSync(join(root, 'b')).filter((f) => f.endsWith('.safetensors') && !foreign.includes(f));
    expect(own).toHaveLength(2);
    await saveCheckpoint(join(root, 'b', 'last'), model.stateDict(), { ...state, updates: state.updates + 2 }, {});
    for (const f of own) expect(existsSync(join(root, 'b', f)), f).toBe(false);
    for (const f of foreign) expect(existsSync(join(root, 'b', f)), f).toBe(true);
    // In the original folder (written here), superseding removes the old pair.
    await saveCheckpoint(join(root, 'a', 'last'), model.stateDict(), { ...state, updates: state.updates + 1 }, {});
    expect(readdirSync(join(root, 'a')).filter((f) => f.endsWith('.safetensors'))).toHaveLength(2);
  });

  it('never overwrites a file the current JSON names (same epoch and updates saved twice)', async () => {
    const dir = tempDir('same');
    const { model, state } = await trained(1);
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, {});
    const first = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8'));
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, {});
    const second = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8'));
    expect(second.files.weights.name).not.toBe(first.files.weights.name);
    expect((await loadCheckpoint(join(dir, 'last'))).state.epoch).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.safetensors'))).toHaveLength(2);
  });
});

describe('checkpoints verify themselves', () => {
  async function saved(tag: string) {
    const dir = tempDir(tag);
    const t = await trained(2);
    await saveCheckpoint(join(dir, 'last'), t.model.stateDict(), t.state, {});
    const json = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8'));
    return { dir, ...t, json, weightsPath: join(dir, json.files.weights.name), arraysPath: join(dir, json.files.arrays.name) };
  }

  it('a flipped data byte is a checksum error naming the file', async () => {
    const s = await saved('flip');
    for (const [path, field] of [[s.weightsPath, 'weights'], [s.arraysPath, 'arrays']] as const) {
      const bytes = readFileSync(path);
      const original = Buffer.from(bytes);
      bytes[bytes.length - 3] ^= 0x01;
      writeFileSync(path, bytes);
      const err = await rejection(loadCheckpoint(join(s.dir, 'last')));
      expect(err.field).toBe(field);
      expect(err.path).toBe(path);
      expect(err.message).toMatch(/SHA-256 mismatch/);
      writeFileSync(path, original);
    }
    await expect(loadCheckpoint(join(s.dir, 'last'))).resolves.toBeTruthy();
  });

  it('truncation is an error saying so', async () => {
    const s = await saved('trunc');
    truncateSync(s.weightsPath, 100);
    const err = await rejection(loadCheckpoint(join(s.dir, 'last')));
    expect(err.message).toMatch(/has 100 bytes, the checkpoint records \d+ \(truncated\)/);
  });

  it('a missing data file is an error naming the field', async () => {
    const s = await saved('missing');
    const { rmSync } = await import('node:fs');
    rmSync(s.arraysPath);
    const err = await rejection(loadCheckpoint(join(s.dir, 'last')));
    expect(err.field).toBe('arrays');
    expect(err.message).toMatch(/does not exist/);
  });

  it('a header that says I32 for F32 data (checksum recomputed) fails the dtype check against the model', async () => {
    const s = await saved('dtype');
    const weights = Object.fromEntries(Object.entries(s.model.stateDict()).map(([k, t]) => [k, k === '0.weight' ? new Tensor(new Int32Array(t.data.buffer.slice(0)), t.shape) : t]));
    const bytes = encodeSafetensors(weights, { format: 'pt' });
    writeFileSync(s.weightsPath, bytes);
    editJson(join(s.dir, 'last.json'), (j) => { j.files.weights.bytes = bytes.length; });
    const hash = await sha256(bytes);
    editJson(join(s.dir, 'last.json'), (j) => { j.files.weights.sha256 = hash; });
    const err = await rejection(loadCheckpoint(join(s.dir, 'last'), { expect: { model: s.model } }));
    expect(err.field).toBe('weights.0.weight');
    expect(err.message).toMatch(/dtype int32, expected float32/);
  });

  it('a shape mismatch against the model names the tensor, the found and the expected shape', async () => {
    const s = await saved('shape');
    const err = await rejection(loadCheckpoint(join(s.dir, 'last'), { expect: { model: tinyModel(1, 16) } }));
    expect(err.field).toBe('weights.0.weight');
    expect(err.message).toMatch(/shape \[8,2\], expected \[16,2\]/);
    expect(err.code).toBe('mismatch');
    // Resume does not fall back past a checkpoint that is intact but does not fit the model.
    const again = await rejection(loadNewestIntactCheckpoint(s.dir, ['last'], { expect: { model: tinyModel(1, 16) } }));
    expect(again.code).toBe('mismatch');
    expect(again.field).toBe('weights.0.weight');
  });

  it('optimizer state is checked against the optimizer', async () => {
    const s = await saved('optim');
    const sgd = new SGD(s.model.namedParameters(), { learningRate: 0.1 });
    const err = await rejection(loadCheckpoint(join(s.dir, 'last'), { expect: { optimizer: sgd } }));
    expect(err.field).toBe('state.optimizer.optimizer');
    expect(err.message).toMatch(/Adam, expected SGD/);
    const loaded = await loadCheckpoint(join(s.dir, 'last'));
    const bent = structuredClone(loaded.state);
    const entry = (bent.optimizer as { state: Record<string, Record<string, { shape: number[] }>> }).state['0.weight']!;
    entry.m!.shape = [2, 8];
    expect(() => checkCheckpointAgainst({ ...loaded, state: bent }, { model: s.model, optimizer: new Adam(s.model.namedParameters()) }))
      .toThrow(/state\.optimizer\.state\.0\.weight\.m: shape \[2,8\], expected \[8,2\]/);
  });

  it('non-finite weights are an error naming the tensor', async () => {
    const dir = tempDir('nan');
    const { model, state } = await trained(1);
    const weights = model.stateDict();
    weights['2.bias']!.data[1] = NaN;
    await saveCheckpoint(join(dir, 'last'), weights, state, {});
    const err = await rejection(loadCheckpoint(join(dir, 'last')));
    expect(err.field).toBe('weights.2.bias');
    expect(err.message).toMatch(/element 1 is NaN/);
  });

  const stateCases: Array<[string, (s: Record<string, any>) => void, string, RegExp]> = [
    ['"epoch": "abc"', (s) => { s.epoch = 'abc'; }, 'state.epoch', /expected an integer >= 0, got "abc"/],
    ['a fractional epoch', (s) => { s.epoch = 1.5; }, 'state.epoch', /integer/],
    ['a negative update count', (s) => { s.updates = -1; }, 'state.updates', /integer >= 0/],
    ['a history shorter than the epoch', (s) => { s.epoch = 3; }, 'state.history', /has 2 records but the state is at epoch 3/],
    ['a history row with a string epoch', (s) => { s.history[1].epoch = '2'; }, 'state.history[1].epoch', /expected 2/],
    ['a loader batch size of 0', (s) => { s.loader.batchSize = 0; }, 'state.loader.batchSize', /integer >= 1/],
    ['an all-zero generator', (s) => { s.globalRandom.s = [0, 0, 0, 0]; }, 'state.globalRandom.s', /all zero/],
    ['an unknown state field', (s) => { s.extra = 1; }, 'state.extra', /unknown field/],
    ['a state that is a list', (s) => { s.history = {}; }, 'state.history', /expected a list/],
    ['a missing array reference', (s) => { s.history = { $array: 'nope' }; }, 'state.history', /refers to array "nope"/],
    ['a loader mid-epoch without a partial epoch', (s) => { s.loader.batch = 1; }, 'state.loader.batch', /mid-epoch/],
    ['early stopping best after the epoch', (s) => { s.earlyStopping.bestEpoch = 9; }, 'state.earlyStopping.bestEpoch', /after the state's epoch/],
  ];
  for (const [what, edit, field, message] of stateCases) {
    it(`${what} is an error naming ${field}`, async () => {
      const s = await saved('state');
      editJson(join(s.dir, 'last.json'), (j) => edit(j.state));
      const err = await rejection(loadCheckpoint(join(s.dir, 'last')));
      expect(err.field).toBe(field);
      expect(err.message).toMatch(message);
    });
  }

  it('bad JSON, a foreign JSON and an unknown version are CheckpointErrors', async () => {
    const dir = tempDir('json');
    writeFileSync(join(dir, 'a.json'), '{"format": "descent-che');
    expect((await rejection(loadCheckpoint(join(dir, 'a')))).message).toMatch(/is not valid JSON/);
    writeFileSync(join(dir, 'b.json'), '{"hello": 1}');
    expect((await rejection(loadCheckpoint(join(dir, 'b')))).message).toMatch(/not a descent checkpoint/);
    writeFileSync(join(dir, 'c.json'), '{"format": "descent-checkpoint", "version": 7}');
    expect((await rejection(loadCheckpoint(join(dir, 'c')))).field).toBe('version');
    expect((await rejection(loadCheckpoint(join(dir, 'none')))).message).toMatch(/does not exist/);
  });
});

describe('loadNewestIntactCheckpoint', () => {
  it('takes the intact checkpoint with the highest (epoch, updates) and lists the skipped ones', async () => {
    const dir = tempDir('newest');
    const one = await trained(1);
    const two = await trained(2);
    await saveCheckpoint(join(dir, 'best'), one.model.stateDict(), one.state, {});
    await saveCheckpoint(join(dir, 'last'), two.model.stateDict(), two.state, {});
    expect((await loadNewestIntactCheckpoint(dir)).name).toBe('last');
    const json = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8'));
    truncateSync(join(dir, json.files.weights.name), 10);
    const found = await loadNewestIntactCheckpoint(dir);
    expect(found.name).toBe('best');
    expect(found.checkpoint.state.epoch).toBe(1);
    expect(found.skipped).toHaveLength(1);
    expect(found.skipped[0]!.name).toBe('last');
    expect(found.skipped[0]!.reason).toMatch(/truncated/);
  });

  it('is a CheckpointError when none is intact, naming the reasons', async () => {
    const dir = tempDir('none');
    const missing = await rejection(loadNewestIntactCheckpoint(dir));
    expect(missing.message).toMatch(/no intact checkpoint: none of last.json, best.json, final.json exists/);
    expect(missing.code).toBe('missing');
    writeFileSync(join(dir, 'last.json'), 'garbage');
    const invalid = await rejection(loadNewestIntactCheckpoint(dir));
    expect(invalid.code).toBe('invalid');
    expect(invalid.message).toMatch(/last\.json: is not valid JSON/);
  });
});

describe('cleanRunFolder', () => {
  it('removes stale temp files and unreferenced checkpoint data files, nothing else', async () => {
    const dir = tempDir('clean');
    const { model, state } = await trained(1);
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, {});
    const referenced = readdirSync(dir).filter((f) => f.endsWith('.safetensors'));
    const junk = ['.last.json.999999.abc1.tmp', 'last.e7.u99.safetensors', 'last.e7.u99.state.safetensors', 'best.e3.safetensors', 'best.e3.state.safetensors', 'final.e2.u4.1.safetensors'];
    // Kept: other names, and temp files of live processes (this one; pid 1 always runs).
    const keep = ['notes.txt', 'run.jsonl', 'config.json', 'model.e3.safetensors', 'last.e3.safetensors.bak', `.last.json.${process.pid}.zz.tmp`, '.best.json.1.abc.tmp'];
    for (const f of [...junk, ...keep]) writeFileSync(join(dir, f), 'x');
    mkdirSync(join(dir, 'last.e9.u1.safetensors'));
    const result = await cleanRunFolder(dir);
    expect(result.removed.sort()).toEqual([...junk].sort());
    expect(readdirSync(dir).sort()).toEqual([...referenced, ...keep, 'last.e9.u1.safetensors', 'last.json'].sort());
    await expect(loadCheckpoint(join(dir, 'last'))).resolves.toBeTruthy();
  });

  it('keeps the data files of a checkpoint whose JSON cannot be read', async () => {
    const dir = tempDir('clean-bad');
    writeFileSync(join(dir, 'best.json'), '{torn');
    writeFileSync(join(dir, 'best.e1.u2.safetensors'), 'x');
    const result = await cleanRunFolder(dir);
    expect(result).toEqual({ removed: [], kept: ['best.e1.u2.safetensors'] });
  });
});

describe('evaluationWeights', () => {
  it('gives the raw weights without averaging, the averaged ones (in the weight dtype) with it', async () => {
    const { ema } = await import('../../src/averaging/index.js');
    const dir = tempDir('evalw');
    const { model, state } = await trained(2, { averaging: ema({ decay: 0.9 }) });
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), state, {});
    const json = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8'));
    expect(json.evaluate).toBe('averaged');
    // The averaged weights live in the arrays file, not inline in the JSON.
    expect(readFileSync(join(dir, 'last.json')).length).toBeLessThan(20_000);
    const loaded = await loadCheckpoint(join(dir, 'last'), { expect: { model } });
    const w = evaluationWeights(loaded);
    for (const [name, values] of Object.entries(state.averaging!.averaged)) {
      expect(w[name]!.dtype).toBe('float32');
      expect(Array.from(w[name]!.data)).toEqual(Array.from(Float32Array.from(values)));
      expect(Array.from(w[name]!.data)).not.toEqual(Array.from(loaded.weights[name]!.data));
    }
    expect(evaluationWeights({ ...loaded, evaluate: 'raw' })).toBe(loaded.weights);
  });
});

describe('the state’s binary arrays', () => {
  it('keys that contain "/" do not collide with nested keys', async () => {
    const dir = tempDir('keys');
    const { model, state } = await trained(1);
    const a = Array.from({ length: 20 }, (_, i) => i);
    const b = Array.from({ length: 20 }, (_, i) => -i);
    await saveCheckpoint(join(dir, 'last'), model.stateDict(), { ...state, extraState: { x: { y: a }, 'x/y': b } }, {});
    const loaded = await loadCheckpoint(join(dir, 'last'));
    expect(loaded.state.extraState).toEqual({ x: { y: a }, 'x/y': b });
  });
});
