/**
 * Fuzzing the checkpoint loader: mutated JSON (any field replaced, removed, the text cut or changed)
 * and mutated safetensors bytes (flipped, cut, header rewritten), with the checksums recomputed most of
 * the time so the mutation reaches the decoder and the state validation. The loader must answer with
 * a checkpoint or a CheckpointError (never a TypeError, RangeError or other crash), and never touch a
 * file: the folder and a victim file beside it stay byte-identical.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Adam } from '../../src/optim/optimizers/adam.js';
import { ema } from '../../src/averaging/index.js';
import { CheckpointError, checkCheckpointAgainst, evaluationWeights, loadCheckpoint, saveCheckpoint } from '../../src/train/index.js';
import { tinyModel, trained } from './checkpoint-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { snapshot } from '../helpers/folder-snapshot.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length > 400) return out;
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v as Json, p, out);
    }
  }
  return out;
}

function mutate(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  const copy = structuredClone(root);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

const hostile = fc.constantFrom<Json>(
  '../victim.txt', '../../victim.txt', '/tmp/victim.txt', '..', '.', '', 'a\u0000b', 'sub/x', 'C:x', 'last.json',
  -1, 0, 1, 1.5, 2 ** 53, 1e308, -1e308, 'NaN', 'abc', null, true, [], {}, [1, 2, 3], { $array: 'state' }, { $typed: 'nope' },
  { $array: 'state/history' }, { dtype: 'float32', shape: [1e9, 1e9], data: [] }, { algorithm: 'xoshiro128**', s: [0, 0, 0, 1], spare: null },
);
const replacement = fc.oneof(hostile, fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, fc.string({ maxLength: 20 }), fc.integer(), fc.double());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** DESCENT_FUZZ_RUNS=5000 explores further (with a random seed). */
const EXPLORE = Number(process.env.DESCENT_FUZZ_RUNS ?? 0);
const runs = (n: number, seed: number) => (EXPLORE > 0 ? { numRuns: EXPLORE } : { numRuns: n, seed });

async function setup(averaging: boolean) {
  const root = tempDir('fuzz');
  const dir = join(root, 'run');
  mkdirSync(dir);
  writeFileSync(join(root, 'victim.txt'), 'precious');
  const t = await trained(2, averaging ? { averaging: ema({ decay: 0.9 }) } : {});
  await saveCheckpoint(join(dir, 'last'), t.model.stateDict(), t.state, { model: 'tiny' });
  const json = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8')) as { files: Record<'weights' | 'arrays', { name: string; bytes: number; sha256: string }> } & Json;
  const data = {
    weights: new Uint8Array(readFileSync(join(dir, json.files.weights.name))),
    arrays: new Uint8Array(readFileSync(join(dir, json.files.arrays.name))),
  };
  return { root, dir, json, data };
}

/** Loads, then uses the result as the CLI would; any error must be a CheckpointError. */
async function probe(dir: string): Promise<'loaded' | 'refused'> {
  const model = tinyModel();
  try {
    const c = await loadCheckpoint(join(dir, 'last'));
    evaluationWeights(c);
    checkCheckpointAgainst(c, { model, optimizer: new Adam(model.namedParameters()) });
    return 'loaded';
  } catch (err) {
    if (err instanceof CheckpointError) return 'refused';
    throw err;
  }
}

function assertUntouched(root: string, before: Record<string, string>): void {
  expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('precious');
  expect(snapshot(root)).toEqual(before);
}

describe('checkpoint loader fuzz', () => {
  for (const averaging of [false, true]) {
    it(`mutated JSON${averaging ? ' (with averaging state)' : ''}: a checkpoint or a CheckpointError, no file touched`, async () => {
      const s = await setup(averaging);
      const all = paths(s.json);
      const outcomes = { loaded: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(all.length - 1), fc.option(replacement, { freq: 6 })), { minLength: 1, maxLength: 3 }),
          fc.option(fc.tuple(fc.nat(), fc.nat(255)), { freq: 4 }),
          async (edits, textEdit) => {
            let json: Json = s.json;
            for (const [i, r] of edits) {
              const p = all[i]!;
              try {
                json = mutate(json, p, r ?? undefined);
              } catch {
                // The path no longer exists after an earlier edit: skip.
              }
            }
            let text = JSON.stringify(json);
            if (textEdit) {
              const [at, code] = textEdit;
              const k = at % (text.length + 1);
              text = code < 64 ? text.slice(0, k) : `${text.slice(0, k)}${String.fromCharCode(code)}${text.slice(k + 1)}`;
            }
            writeFileSync(join(s.dir, 'last.json'), text);
            const before = snapshot(s.root);
            outcomes[await probe(s.dir)]++;
            assertUntouched(s.root, before);
          },
        ),
        runs(200, averaging ? 11 : 7),
      );
      // Both outcomes occur: the fuzzer reaches past the first checks.
      expect(outcomes.refused).toBeGreaterThan(50);
      expect(outcomes.loaded).toBeGreaterThan(0);
    });
  }

  it('mutated safetensors bytes (checksums mostly recomputed): a checkpoint or a CheckpointError, no file touched', async () => {
    const s = await setup(true);
    const header = (bytes: Uint8Array) => {
      const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      return { n, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Json };
    };
    const headers = { weights: header(s.data.weights), arrays: header(s.data.arrays) };
    const headerPaths = { weights: paths(headers.weights.json), arrays: paths(headers.arrays.json) };
    const outcomes = { loaded: 0, refused: 0 };
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('length' as const), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
      fc.record({ kind: fc.constant('header' as const), at: fc.nat(), value: fc.option(replacement, { freq: 6 }) }),
      fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('weights' as const, 'arrays' as const), mutation, fc.boolean(), fc.nat(9), async (field, m, flipAlso, fixChecksum) => {
        let bytes = s.data[field].slice();
        if (m.kind === 'flip') bytes[m.at % bytes.length]! ^= 1 << m.bit;
        else if (m.kind === 'cut') bytes = bytes.slice(0, m.at % bytes.length);
        else if (m.kind === 'length') new DataView(bytes.buffer).setBigUint64(0, m.value, true);
        else if (m.kind === 'append') bytes = new Uint8Array([...bytes, ...m.bytes]);
        else {
          const h = headers[field];
          const p = headerPaths[field][m.at % headerPaths[field].length]!;
          const text = new TextEncoder().encode(JSON.stringify(mutate(h.json, p, m.value ?? undefined)));
          const out = new Uint8Array(8 + text.length + bytes.length - 8 - h.n);
          new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
          out.set(text, 8);
          out.set(bytes.subarray(8 + h.n), 8 + text.length);
          bytes = out;
        }
        if (flipAlso && bytes.length > 0) bytes[bytes.length - 1]! ^= 0x80;
        const json = structuredClone(s.json);
        // Usually the attacker recomputes the checksum, so the bytes reach the decoder.
        if (fixChecksum > 1) json.files[field] = { name: json.files[field].name, bytes: bytes.length, sha256: sha(bytes) };
        writeFileSync(join(s.dir, json.files[field].name), bytes);
        writeFileSync(join(s.dir, 'last.json'), JSON.stringify(json));
        const before = snapshot(s.root);
        outcomes[await probe(s.dir)]++;
        assertUntouched(s.root, before);
        writeFileSync(join(s.dir, json.files[field].name), s.data[field]);
      }),
      runs(300, 5),
    );
    expect(outcomes.refused).toBeGreaterThan(100);
    writeFileSync(join(s.dir, 'last.json'), JSON.stringify(s.json));
    await expect(loadCheckpoint(join(s.dir, 'last'))).resolves.toBeTruthy();
  });

  it('saving over any crafted JSON deletes nothing it names', async () => {
    const s = await setup(false);
    const t = await trained(1);
    let updates = 100;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('weights', 'arrays'), fc.constantFrom('../victim.txt', '../run/../victim.txt', join(s.root, 'victim.txt'), '..'), async (field, name) => {
        const json = structuredClone(s.json);
        json.files[field as 'weights' | 'arrays'].name = name;
        writeFileSync(join(s.dir, 'last.json'), JSON.stringify(json));
        await saveCheckpoint(join(s.dir, 'last'), t.model.stateDict(), { ...t.state, updates: updates++ }, {});
        expect(readFileSync(join(s.root, 'victim.txt'), 'utf8')).toBe('precious');
      }),
      { numRuns: 20, seed: 3 },
    );
    rmSync(s.root, { recursive: true });
  });
});
