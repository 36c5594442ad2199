import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, tensor } from '../../src/index.js';
import { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors } from '../../src/io/index.js';
import { dataError } from '../helpers/thrown.js';
import { tempDir } from '../helpers/temp-dir.js';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const le64 = (n: number): number[] => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255, 0, 0, 0, 0];
const f32le = (...xs: number[]): number[] => Array.from(new Uint8Array(new Float32Array(xs).buffer));

/** A file from a header string (padded by the caller or not) and data bytes. */
function file(header: string, data: ArrayLike<number> = []): Uint8Array {
  const h = new TextEncoder().encode(header);
  return Uint8Array.from([...le64(h.length), ...h, ...Array.from(data)]);
}

describe('safetensors: writing matches the reference implementation byte for byte', () => {
  // The expected bytes are those of the serialisation tests of huggingface/safetensors (Rust crate).
  it('one F32 tensor, header already a multiple of 8', () => {
    const out = encodeSafetensors({ 'attn.0': new Tensor(new Float32Array([0, 1, 2, 3, 4, 5]), [1, 2, 3]) });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(header.length).toBe(64);
    expect(Array.from(out)).toEqual([...le64(64), ...ascii(header), ...f32le(0, 1, 2, 3, 4, 5)]);
  });

  it('pads the header with spaces to 8-byte alignment', () => {
    const out = encodeSafetensors({ attn0: new Tensor(new Float32Array([0, 1, 2, 3, 4, 5]), [1, 1, 2, 3]) });
    const header = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ';
    expect(header.length).toBe(72);
    expect(Array.from(out)).toEqual([...le64(72), ...ascii(header), ...f32le(0, 1, 2, 3, 4, 5)]);
  });

  it('empty files, with and without __metadata__', () => {
    expect(Array.from(encodeSafetensors({}))).toEqual([...le64(8), ...ascii('{}      ')]);
    expect(Array.from(encodeSafetensors({}, { framework: 'pt' }))).toEqual([...le64(40), ...ascii('{"__metadata__":{"framework":"pt"}}     ')]);
  });

  it('orders tensors F64, F32, I32 and by name, so each starts aligned', () => {
    const out = encodeSafetensors({
      b: tensor([1, 2], { dtype: 'int32' }),
      z: tensor([3], { dtype: 'float32' }),
      a: tensor([4], { dtype: 'float32' }),
      w: tensor([5], { dtype: 'float64' }),
    });
    const n = Number(new DataView(out.buffer).getBigUint64(0, true));
    const text = new TextDecoder().decode(out.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe(
      '{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
        '"z":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},"b":{"dtype":"I32","shape":[2],"data_offsets":[16,24]}}',
    );
    expect((8 + n) % 8).toBe(0);
  });
});

describe('safetensors files', () => {
  it('a written file has the documented layout, and reads back exactly', async () => {
    const dir = tempDir('st');
    const path = join(dir, 'model.safetensors');
    const tensors = {
      'fc1.weight': new Tensor(Float32Array.from({ length: 12 }, (_, i) => i / 7 - 0.5), [3, 4]),
      'fc1.bias': new Tensor(new Float32Array([0.25, -1e-30, 3e38]), [3]),
      'bn.running_var': new Tensor(new Float64Array([Math.PI, -0, Number.MIN_VALUE]), [3]),
      'bn.num_batches_tracked': new Tensor(new Int32Array([42]), []),
      empty: new Tensor(new Float32Array(0), [0, 5]),
    };
    await saveSafetensors(path, tensors, { format: 'pt', note: 'ünïcode ✓' });
    const bytes = new Uint8Array(readFileSync(path));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // 8-byte little-endian header length; header JSON padded with spaces; data aligned to 8.
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(headerText).toMatch(/^\{.*\} *$/);
    const header = JSON.parse(headerText) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> & { __metadata__: Record<string, string> };
    expect(header.__metadata__).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    expect(header['bn.running_var']).toEqual({ dtype: 'F64', shape: [3], data_offsets: [0, 24] });
    expect(header['fc1.weight']!.dtype).toBe('F32');
    expect(header['bn.num_batches_tracked']).toEqual({ dtype: 'I32', shape: [], data_offsets: [84, 88] });
    expect(bytes.length).toBe(8 + n + 88);
    // Raw little-endian element bytes at the offsets.
    const [b, e] = header['fc1.bias']!.data_offsets;
    const raw = bytes.slice(8 + n + b, 8 + n + e);
    expect(Array.from(new Float32Array(raw.buffer))).toEqual(Array.from(tensors['fc1.bias'].data));
    expect(view.getFloat32(8 + n + b + 4, true)).toBe(Math.fround(-1e-30));
    expect(view.getInt32(8 + n + 84, true)).toBe(42);
    expect(view.getFloat64(8 + n + 0, true)).toBe(Math.PI);

    const back = await loadSafetensors(path);
    expect(back.metadata).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) {
      const r = back.tensors[name]!;
      expect(r.dtype).toBe(t.dtype);
      expect(r.shape).toEqual(t.shape);
      expect(r.data.every((v, i) => Object.is(v, t.data[i]))).toBe(true);
    }
  });

  it('reads files from other writers: unsorted offsets, no padding, F16/BF16/I64 converted', () => {
    const f16 = [0x3c00, 0xc000, 0x7c00, 0x0001]; // 1, -2, inf, smallest subnormal
    const bf16 = [0x3f80, 0xc0a0]; // 1, -5
    const data = new Uint8Array(8 + 4 + 8);
    const dv = new DataView(data.buffer);
    f16.forEach((v, i) => dv.setUint16(2 * i, v, true));
    bf16.forEach((v, i) => dv.setUint16(8 + 2 * i, v, true));
    dv.setBigInt64(12, -7n, true);
    const header = '{"c":{"dtype":"I64","shape":[1],"data_offsets":[12,20]},"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}';
    const { tensors, metadata } = decodeSafetensors(file(header, data));
    expect(metadata).toBeNull();
    expect(Array.from(tensors.a!.data)).toEqual([1, -2, Infinity, 2 ** -24]);
    expect(tensors.a!.dtype).toBe('float32');
    expect(Array.from(tensors.b!.data)).toEqual([1, -5]);
    expect(Array.from(tensors.c!.data)).toEqual([-7]);
    expect(tensors.c!.dtype).toBe('int32');
    expect(decodeSafetensors(file('{"__metadata__":null}   ')).metadata).toBeNull();
  });

  it('rejects names and metadata the format cannot hold', () => {
    expect(() => encodeSafetensors({ __metadata__: tensor([1]) })).toThrow(/reserved/);
    expect(() => encodeSafetensors({}, { epoch: 3 as unknown as string })).toThrow(/metadata values must be strings; "epoch" is number/);
  });
});

describe('safetensors: truncated, corrupted or mismatched input is a clear DataError', () => {
  const good = encodeSafetensors({ w: new Tensor(new Float32Array([1, 2, 3, 4]), [2, 2]), b: new Tensor(new Float32Array([5]), [1]) });
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(5), /5 bytes is too short: a safetensors file starts with an 8-byte header length/],
    ['header length beyond the file', good.subarray(0, 40), /header length \d+ exceeds the 32 bytes after the length field: truncated/],
    ['header length over 100 MB', Uint8Array.from([0, 0, 0, 0x10, 0, 0, 0, 0, 1, 2]), /header length 268435456 exceeds the 100 MB limit/],
    ['header length over 2^32', Uint8Array.from([8, 0, 0, 0, 1, 0, 0, 0, ...ascii('{}      ')]), /header length 4294967304 exceeds the 100 MB limit/],
    ['truncated data', good.subarray(0, good.length - 3), /truncated: tensor "\w" needs data bytes \[\d+, \d+\) but only \d+ follow the header/],
    ['trailing bytes', Uint8Array.from([...good, 0, 0, 0, 0]), /the tensors cover 20 data bytes but the file has 24 after the header/],
    ['invalid UTF-8', Uint8Array.from([...le64(8), ...ascii('{"'), 0xff, ...ascii('":1}  ')].slice(0, 16)), /the header is not valid UTF-8/],
    ['not JSON', file('{"a": }'), /the header is not valid JSON/],
    ['not an object', file('[]      '), /does not start with "\{"/],
    ['unknown dtype', file('{"x":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}', f32le(1)), /tensor "x": unknown dtype "F33"/],
    ['bad shape', file('{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', f32le(1)), /shape must be an array of non-negative integers/],
    ['fractional shape', file('{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', f32le(1)), /shape must be an array of non-negative integers/],
    ['offsets reversed', file('{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', f32le(1)), /data_offsets must be \[begin, end\] with 0 ≤ begin ≤ end/],
    ['shape vs offsets', file('{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', f32le(1)), /tensor "x": shape \[2\] of F32 needs 8 bytes but data_offsets span 4/],
    ['huge shape claim', file('{"x":{"dtype":"F64","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}', new Uint8Array(8)), /needs 6\.\d+e\+29 bytes but data_offsets span 8/],
    ['gap', file('{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(8)), /gap in the data: tensor "x" starts at byte 4, but the bytes before it end at 0/],
    ['overlap', file('{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', new Uint8Array(8)), /tensors overlap: "y" starts at byte 4/],
    ['unsupported dtype', file('{"x":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}', [1, 2]), /dtype U8, which descent does not load/],
    ['I64 outside int32', file('{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', [0, 0, 0, 0, 1, 0, 0, 0]), /I64 value 4294967296 at element 0 does not fit in int32/],
    ['bad metadata', file('{"__metadata__":{"a":1}}'), /"__metadata__" must map strings to strings/],
    ['entry not an object', file('{"x":[0,4]}'), /tensor "x": expected \{dtype, shape, data_offsets\}/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      const e = dataError(() => decodeSafetensors(bytes, 'ckpt.safetensors'));
      expect(e.message.startsWith('ckpt.safetensors: ')).toBe(true);
      expect(e.message).toMatch(message);
    });
  }

  it('loadSafetensors names the path', async () => {
    const dir = tempDir('st');
    const path = join(dir, 'broken.safetensors');
    writeFileSync(path, good.subarray(0, good.length - 1));
    await expect(loadSafetensors(path)).rejects.toThrow(`${path}: truncated`);
  });
});
