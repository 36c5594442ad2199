/**
 * The platform seam (src/platform/): the browser side exports what the Node side does with the same
 * types (checked by tsc through the assignment below), reads in-memory inputs and gunzips like Node,
 * and names the function in its Node-only errors. Runs in Node, which has Blob, Response, fetch and
 * DecompressionStream as browsers do.
 */
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as browser from '../../src/platform/browser.js';
import * as node from '../../src/platform/node.js';
import { describeInput } from '../../src/platform/file-input.js';
import { readCsv, readIdx, loadSafetensors, encodeSafetensors, Tensor } from '../../src/index.js';

// Compile-time: every export of node.ts exists in browser.ts with an assignable type.
const sameShape: typeof node = browser;

describe('platform seam', () => {
  it('has the same exports on both sides', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
    expect([node.PLATFORM, sameShape.PLATFORM]).toEqual(['node', 'browser']);
  });

  it('the browser side reads ArrayBuffers, typed arrays, Blobs and Responses; a failed Response names its status', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    for (const input of [bytes.buffer, bytes, new Blob([bytes]), new Response(bytes)]) {
      expect(await browser.readText(input, 'readCsv')).toBe('a,b\n1,2\n');
    }
    await expect(browser.readBytes(new Response('gone', { status: 404, statusText: 'Not Found' }), 'readCsv')).rejects.toThrow('readCsv: <Response> answered HTTP 404 Not Found');
  });

  it('gunzips with DecompressionStream as Node does with zlib, and refuses output beyond maxBytes with the same code', async () => {
    const raw = new Uint8Array(10_000).map((_, i) => (i * 7) % 251);
    const packed = new Uint8Array(gzipSync(raw));
    expect(await browser.gunzip(packed, 1 << 20)).toEqual(raw);
    expect(new Uint8Array(await node.gunzip(packed, 1 << 20))).toEqual(raw);
    await expect(browser.gunzip(packed, 100)).rejects.toMatchObject({ code: 'ERR_BUFFER_TOO_LARGE' });
    await expect(node.gunzip(packed, 100)).rejects.toMatchObject({ code: 'ERR_BUFFER_TOO_LARGE' });
  });

  it('joins and splits paths with "/" as node:path does on POSIX', () => {
    for (const [a, b] of [['run', 'final.safetensors'], ['/tmp/run/', 'x.json'], ['.', 'a/b'], ['a/./b', '../c'], ['/', '..', 'x'], ['..', 'y']]) expect(browser.join(a!, b!)).toBe(node.join(a!, b!));
    for (const p of ['run/final.e2.safetensors', '/a/b/', 'file', '/x']) {
      expect(browser.dirname(p)).toBe(node.dirname(p));
      expect(browser.basename(p)).toBe(node.basename(p));
    }
    expect(browser.basename('run/ckpt.json', '.json')).toBe('ckpt');
    for (const parts of [['/tmp', 'run', '../x'], ['/a', '/b', 'c'], ['/']]) expect(browser.resolve(...parts)).toBe(node.resolve(...parts));
  });

  it('throws Node-only errors that name the function', async () => {
    expect(() => browser.fileSystem('atomicWriteFile')).toThrow('atomicWriteFile works only in Node.js: it needs the file system, which a browser does not have');
    await expect(browser.listDirectory('data', 'loadIdxDataset')).rejects.toThrow(/^loadIdxDataset works only in Node\.js/);
    expect(() => browser.packageDirectory('mnist', 'loadMnist')).toThrow(/^loadMnist works only in Node\.js/);
    expect(() => browser.existsSync('run/ckpt.json')).toThrow(/^loadNewestIntactCheckpoint \(checkpoint files\) works only in Node\.js/);
  });

  it('describes inputs for error messages', () => {
    expect(describeInput('data/iris.csv')).toBe('data/iris.csv');
    expect(describeInput(new URL('file:///data/iris.csv'))).toBe('file:///data/iris.csv');
    expect(describeInput(new Uint8Array(4))).toBe('<Uint8Array of 4 bytes>');
    expect(describeInput(new File(['x'], 'iris.csv'))).toBe('iris.csv');
    expect(describeInput(new Blob(['xy']))).toBe('<Blob of 2 bytes>');
  });
});

describe('file readers take in-memory input in Node too', () => {
  it('readCsv, readIdx and loadSafetensors read a Blob, a Response or bytes; errors name the input', async () => {
    const csv = await readCsv(new File(['x,label\n1,a\n2,b\n'], 'tiny.csv'), { label: 'label' });
    expect([csv.length, csv.source]).toEqual([2, 'tiny.csv']);
    const idx = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]); // uint8, rank 1, [3]
    expect(Array.from((await readIdx(new Response(gzipSync(idx)))).data)).toEqual([7, 8, 9]);
    const weights = encodeSafetensors({ w: new Tensor(new Float32Array([1, 2]), [2]) });
    expect(Array.from((await loadSafetensors(weights)).tensors.w!.data)).toEqual([1, 2]);
    await expect(loadSafetensors(new Uint8Array(3))).rejects.toThrow('<Uint8Array of 3 bytes>');
  });

  it('fetches an http: URL, and says which input it cannot read', async () => {
    const server = createServer((req, res) => (req.url === '/tiny.csv' ? res.end('x,label\n1,a\n') : res.writeHead(404, 'Not Found').end()));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await readCsv(new URL(`${base}/tiny.csv`), { label: 'label' })).length).toBe(1);
      await expect(readCsv(new URL(`${base}/missing.csv`))).rejects.toThrow(`readCsv: fetching ${base}/missing.csv answered HTTP 404 Not Found`);
    } finally {
      server.close();
    }
    await expect(readCsv(42 as never)).rejects.toThrow('readCsv: expected a path, a URL, an ArrayBuffer, a typed array, a Blob or a Response, got [object Number]');
  });

  it('reads a file: URL from disk', async () => {
    const url = new URL('../../package.json', import.meta.url);
    expect(new TextDecoder().decode(await node.readBytes(url, 'test'))).toBe(readFileSync(url, 'utf8'));
  });
});
