/** Issue 11: IDX pairs that are empty, mismatched or claim more than they hold. */
import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, loadIdxPair, parseIdx, readIdx } from '../../src/data/index.js';
import { idxBytes } from './idx-helpers.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('idx-errors');
const file = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** An IDX header declaring `shape` of uint8, followed by `payload` bytes. */
function header(shape: number[], payload = 0): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * shape.length + payload);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, 8, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return bytes;
}

describe('IDX headers that claim more than the file holds', () => {
  it('are refused before allocating, naming the shape and the bytes present', () => {
    const before = process.memoryUsage().arrayBuffers;
    const e = (() => {
      try {
        parseIdx(header([4294967295, 4294967295, 4294967295], 10), 'big.idx');
      } catch (err) {
        return err as DataError;
      }
      throw new Error('expected a DataError');
    })();
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe('big.idx, byte 26: truncated payload: shape [4294967295, 4294967295, 4294967295] of uint8 needs 79228162458924105385300197375 bytes of data, the file has 10');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect(() => parseIdx(header([60000, 28, 28], 784), 'mnist.idx')).toThrow('mnist.idx, byte 800: truncated payload: shape [60000, 28, 28] of uint8 needs 47040000 bytes of data, the file has 784');
  });
});

describe('loadIdxPair', () => {
  it('a 0-item pair is an error naming both files', async () => {
    const images = file('0-images', idxBytes('uint8', [0, 28, 28], []));
    const labels = file('0-labels', idxBytes('uint8', [0], []));
    await expect(loadIdxPair(images, labels)).rejects.toThrow(`${images}: no samples: the images file holds 0 images (shape [0, 28, 28]) and ${labels} 0 labels`);
  });

  it('images without pixels', async () => {
    const images = file('flat-images', idxBytes('uint8', [2, 0, 28], []));
    const labels = file('two-labels', idxBytes('uint8', [2], [0, 1]));
    await expect(loadIdxPair(images, labels)).rejects.toThrow(`${images}: images of 0x28 pixels have no pixels (shape [2, 0, 28])`);
  });

  it('a count mismatch names both files', async () => {
    const images = file('3-images', idxBytes('uint8', [3, 2, 2], new Uint8Array(12)));
    const labels = file('2-labels', idxBytes('uint8', [2], [0, 1]));
    await expect(loadIdxPair(images, labels)).rejects.toThrow(`${labels}: 2 labels, but ${images} holds 3 images: the two files of a pair must hold the same number of samples`);
  });

  it('numClasses outside what a byte label can be', async () => {
    const images = file('1-image', idxBytes('uint8', [1, 1, 1], [0]));
    const labels = file('1-label', idxBytes('uint8', [1], [0]));
    for (const k of [0, 257, 2.5, 1e10]) {
      await expect(loadIdxPair(images, labels, { numClasses: k })).rejects.toThrow(`${labels}: numClasses must be an integer in [1, 256] (IDX labels are bytes) or 'from-labels', got ${k}`);
    }
  });

  it('readIdx: a directory and a missing file are named in words', async () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    await expect(readIdx(sub)).rejects.toThrow(`${sub}: is a directory, not an IDX file`);
    await expect(readIdx(join(dir, 'missing'))).rejects.toThrow(`${join(dir, 'missing')}: no such file`);
  });
});

describe('a pair given the wrong way round', () => {
  it('names the file whose magic number declares the wrong rank, before reading its sizes (audit: "truncated payload: shape [300, 117769223, …]")', async () => {
    const images = file('swap-images', header([3, 2, 2], 12));
    const labels = file('swap-labels', header([3], 3));
    // Both files of the swapped pair are wrong; the first argument's error is the one reported, every
    // time (the two files are read at once, and CI once saw the other file named).
    for (let attempt = 0; attempt < 20; attempt++) {
      await expect(loadIdxPair(labels, images)).rejects.toThrow(/swap-labels, byte 3: the magic number 0x00000801 declares 1 dimension \(labels: \[N\]\), but 3 \(images: \[N, H, W\]\) are expected here: is it the other file of the pair\?/);
    }
    // A labels file that is really an images file whose sizes the labels' reading misreads:
    const bigImages = file('big-images', header([300, 28, 28], 300 * 784));
    await expect(loadIdxPair(bigImages, bigImages)).rejects.toThrow(/big-images, byte 3: the magic number 0x00000803 declares 3 dimensions \(images: \[N, H, W\]\), but 1 \(labels: \[N\]\) are expected here/);
    const pair = await loadIdxPair(images, labels);
    expect(pair.length).toBe(3);
  });
});
