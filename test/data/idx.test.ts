import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError, decodeIdx, loadIdxDataset, loadIdxPair, parseIdx, readIdx } from '../../src/data/index.js';
import { idxBytes } from './idx-helpers.js';
import { dataError } from '../helpers/thrown.js';
import { tempDir } from '../helpers/temp-dir.js';

/** n images of 4x3 pixels where pixel p of image i is (17 i + p) mod 256, and labels i mod 10. */
function writeSplit(dir: string, prefix: string, n: number, options: { gzip?: boolean; name?: (kind: string) => string } = {}): void {
  const pixels = Uint8Array.from({ length: n * 12 }, (_, k) => (17 * Math.floor(k / 12) + (k % 12)) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  const images = idxBytes('uint8', [n, 4, 3], pixels);
  const labelBytes = idxBytes('uint8', [n], labels);
  const name = options.name ?? ((kind: string) => `${prefix}-${kind}-idx${kind === 'images' ? 3 : 1}-ubyte`);
  const gz = options.gzip ? '.gz' : '';
  writeFileSync(join(dir, name('images') + gz), options.gzip ? gzipSync(images) : images);
  writeFileSync(join(dir, name('labels') + gz), options.gzip ? gzipSync(labelBytes) : labelBytes);
}

describe('parseIdx', () => {
  it('decodes every element type, big-endian', () => {
    expect(parseIdx(idxBytes('uint8', [2, 2], [1, 2, 3, 255]))).toEqual({ type: 'uint8', shape: [2, 2], data: Uint8Array.from([1, 2, 3, 255]) });
    expect(Array.from(parseIdx(idxBytes('int8', [2], [-5, 7])).data)).toEqual([-5, 7]);
    expect(Array.from(parseIdx(idxBytes('int16', [2], [-300, 300])).data)).toEqual([-300, 300]);
    expect(Array.from(parseIdx(idxBytes('int32', [1], [-70000])).data)).toEqual([-70000]);
    expect(Array.from(parseIdx(idxBytes('float32', [2], [0.5, -2])).data)).toEqual([0.5, -2]);
    expect(Array.from(parseIdx(idxBytes('float64', [1], [Math.PI])).data)).toEqual([Math.PI]);
    expect(parseIdx(idxBytes('uint8', [0, 28, 28], [])).shape).toEqual([0, 28, 28]);
  });

  it('a wrong magic number says so', () => {
    const bytes = idxBytes('uint8', [2], [1, 2]);
    bytes[1] = 8;
    expect(dataError(() => parseIdx(bytes, 'f.idx')).message).toBe('f.idx, byte 0: wrong magic number 0x00080801: an IDX file starts with two zero bytes');
    expect(dataError(() => parseIdx(gzipSync(idxBytes('uint8', [1], [1])))).message).toMatch(/the file is gzipped/);
    const typed = idxBytes('uint8', [1], [1]);
    typed[2] = 0x0a;
    expect(dataError(() => parseIdx(typed)).message).toMatch(/unknown element type 0x0a/);
    expect(dataError(() => parseIdx(new Uint8Array([0, 0]))).message).toMatch(/too short for an IDX file \(2 bytes/);
  });

  it('a truncated header or payload says so, before allocating', () => {
    expect(dataError(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]))).message).toMatch(/truncated header: 3 dimensions need 16 header bytes, the file has 8/);
    const full = idxBytes('uint8', [10, 28, 28], new Uint8Array(7840));
    expect(dataError(() => parseIdx(full.subarray(0, 1000), 'img')).message).toBe(
      'img, byte 1000: truncated payload: shape [10, 28, 28] of uint8 needs 7840 bytes of data, the file has 984',
    );
    // A header claiming 2^32-1 x 2^32-1 x 2^32-1 floats with 4 bytes present: an error, not a giant allocation.
    const huge = new Uint8Array([0, 0, 0x0e, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3, 4]);
    expect(dataError(() => parseIdx(huge)).message).toMatch(/truncated payload: shape \[4294967295, 4294967295, 4294967295\] of float64/);
    const long = new Uint8Array([...idxBytes('uint8', [2], [1, 2]), 9, 9]);
    expect(dataError(() => parseIdx(long)).message).toMatch(/2 unexpected bytes after the uint8 data of shape \[2\]/);
  });
});

describe('decodeIdx / readIdx', () => {
  it('gunzips transparently (detected by the magic number)', async () => {
    const raw = idxBytes('int16', [3], [1, -2, 3]);
    expect(Array.from((await decodeIdx(gzipSync(raw))).data)).toEqual([1, -2, 3]);
    expect(Array.from((await decodeIdx(raw)).data)).toEqual([1, -2, 3]);
  });

  it('a corrupt gzip stream or one over maxBytes is a DataError', async () => {
    const gz = gzipSync(idxBytes('uint8', [1000], new Uint8Array(1000)));
    await expect(decodeIdx(gz.subarray(0, gz.length - 10), { source: 'x.gz' })).rejects.toThrow(/x\.gz: not a valid gzip stream/);
    const corrupt = Uint8Array.from(gz);
    corrupt[12] = (corrupt[12]! ^ 0xff) & 0xff;
    await expect(decodeIdx(corrupt)).rejects.toBeInstanceOf(DataError);
    await expect(decodeIdx(gz, { maxBytes: 100 })).rejects.toThrow(/decompresses to more than 100 bytes/);
  });

  it('readIdx names the path in errors', async () => {
    const dir = tempDir('idx');
    const path = join(dir, 'bad-idx1-ubyte');
    writeFileSync(path, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5, 1]));
    await expect(readIdx(path)).rejects.toThrow(`${path}, byte 9: truncated payload`);
  });
});

describe('loadIdxDataset', () => {
  it('finds the standard MNIST file names, gzipped or not, and loads both splits', async () => {
    const dir = tempDir('idx');
    writeSplit(dir, 'train', 12, { gzip: true });
    writeSplit(dir, 't10k', 5);
    const train = await loadIdxDataset(dir);
    expect(train.features.shape).toEqual([12, 12]);
    expect(train.numClasses).toBe(10);
    expect(Array.from(train.labels.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(train.features.data[12 + 1]).toBe(Math.fround(18 / 255));
    const test = await loadIdxDataset(dir, { split: 'test', layout: 'image', normalize: false });
    expect(test.features.shape).toEqual([5, 1, 4, 3]);
    expect(test.features.data[12]).toBe(17);
  });

  it('accepts the dotted variant and prefixed names', async () => {
    const dir = tempDir('idx');
    writeSplit(dir, 'train', 3, { name: (k) => `train-${k}.idx${k === 'images' ? 3 : 1}-ubyte` });
    writeSplit(dir, 'test', 2, { name: (k) => `emnist-digits-test-${k}-idx${k === 'images' ? 3 : 1}-ubyte` });
    expect((await loadIdxDataset(dir)).length).toBe(3);
    expect((await loadIdxDataset(dir, { split: 'test' })).length).toBe(2);
  });

  it('missing files list what was looked for', async () => {
    const dir = tempDir('idx');
    await expect(loadIdxDataset(dir)).rejects.toThrow(/no train images file: looked for train-images-idx3-ubyte, train-images-idx3-ubyte.gz/);
  });

  it('labels out of range and count mismatches are reported', async () => {
    const dir = tempDir('idx');
    const images = join(dir, 'img');
    const labels = join(dir, 'lab');
    writeFileSync(images, idxBytes('uint8', [3, 2, 2], new Uint8Array(12)));
    writeFileSync(labels, idxBytes('uint8', [3], [1, 12, 0]));
    await expect(loadIdxPair(images, labels)).rejects.toThrow(`${labels}, byte 9: label 12 of sample 1 is out of range 0..9`);
    expect((await loadIdxPair(images, labels, { numClasses: 13 })).numClasses).toBe(13);
    // 'from-labels': the largest label + 1 (EMNIST letters are labelled 1 to 26: 27 classes).
    expect((await loadIdxPair(images, labels, { numClasses: 'from-labels' })).numClasses).toBe(13);
    writeFileSync(labels, idxBytes('uint8', [2], [1, 2]));
    await expect(loadIdxPair(images, labels)).rejects.toThrow(`${labels}: 2 labels, but ${images} holds 3 images: the two files of a pair must hold the same number of samples`);
    writeFileSync(labels, idxBytes('int32', [3], [1, 2, 3]));
    await expect(loadIdxPair(images, labels)).rejects.toThrow(/expected uint8 labels of shape \[N\], found int32/);
  });
});
