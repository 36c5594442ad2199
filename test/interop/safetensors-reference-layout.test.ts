/**
 * Exported weights are laid out exactly as the reference safetensors writer (huggingface/safetensors,
 * safetensors/src/tensor.rs, used by `safetensors.torch.save_file`) lays out the same state dict:
 * 8-byte little-endian header length; compact JSON with `__metadata__` first; tensors sorted by dtype,
 * descending in the reference's enum order (… I32 < U32 < F32 < F64 < I64 < U64), then by name;
 * offsets from the end of the header; the header padded with spaces to a multiple of 8. No Python
 * needed: the expected bytes are built by hand here.
 */
import { describe, it, expect } from 'vitest';
import {
  BatchNorm1d, Linear, Sequential, Tensor, decodePyTorchWeights, decodeSafetensors, encodePyTorchWeights, encodeSafetensors, tensor,
} from '../../src/index.js';

const le64 = (n: number): number[] => Array.from(new Uint8Array(new BigUint64Array([BigInt(n)]).buffer));
const i64 = (...xs: number[]): number[] => Array.from(new Uint8Array(new BigInt64Array(xs.map(BigInt)).buffer));
const f32 = (...xs: number[]): number[] => Array.from(new Uint8Array(new Float32Array(xs).buffer));
const f64 = (...xs: number[]): number[] => Array.from(new Uint8Array(new Float64Array(xs).buffer));
const ascii = (s: string): number[] => Array.from(new TextEncoder().encode(s));

function smallModel(): Sequential {
  const model = new Sequential(new Linear(1, 2), new BatchNorm1d(2));
  model.loadStateDict({
    '0.weight': tensor([[0.5], [-1]]), '0.bias': tensor([0.25, 2]),
    '1.weight': tensor([1, 3]), '1.bias': tensor([0, -0.5]),
    '1.running_mean': tensor([0.1, 0.2]), '1.running_var': tensor([1.5, 4]),
    '1.num_batches_tracked': new Tensor(new Int32Array([7]), []),
  });
  return model;
}

describe('exported weights: the reference writer\'s byte layout', () => {
  it('a Linear + BatchNorm1d state dict, byte for byte', () => {
    const bytes = encodePyTorchWeights(smallModel());
    const t = (name: string, dtype: string, shape: number[], begin: number, end: number): string =>
      `"${name}":{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${begin},${end}]}`;
    const json = '{"__metadata__":{"format":"pt"},' + [
      t('1.num_batches_tracked', 'I64', [], 0, 8), // I64 sorts before every float dtype
      t('0.bias', 'F32', [2], 8, 16),
      t('0.weight', 'F32', [2, 1], 16, 24),
      t('1.bias', 'F32', [2], 24, 32),
      t('1.running_mean', 'F32', [2], 32, 40),
      t('1.running_var', 'F32', [2], 40, 48),
      t('1.weight', 'F32', [2], 48, 56),
    ].join(',') + '}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    expect((8 + padded.length) % 8).toBe(0);
    const expected = [
      ...le64(padded.length), ...ascii(padded),
      ...i64(7), ...f32(0.25, 2), ...f32(0.5, -1), ...f32(0, -0.5), ...f32(0.1, 0.2), ...f32(1.5, 4), ...f32(1, 3),
    ];
    expect(Array.from(bytes)).toEqual(expected);
  });

  it('orders I64, F64, F32, I32 (the reference\'s descending dtype order), each aligned', () => {
    const bytes = encodeSafetensors({
      a: new Tensor(new Int32Array([1]), [1]), b: tensor([2]), c: tensor([3], { dtype: 'float64' }),
    }, undefined, { int64: false });
    const withI64 = encodeSafetensors({ n: new Tensor(new Int32Array([-3, 2 ** 31 - 1]), [2]), c: tensor([3], { dtype: 'float64' }), b: tensor([2]) }, undefined, { int64: true });
    const header = (b: Uint8Array): string => {
      const n = Number(new DataView(b.buffer).getBigUint64(0, true));
      return new TextDecoder().decode(b.subarray(8, 8 + n)).trimEnd();
    };
    expect(header(bytes)).toBe('{"c":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"a":{"dtype":"I32","shape":[1],"data_offsets":[12,16]}}');
    expect(header(withI64)).toBe('{"n":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"c":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},"b":{"dtype":"F32","shape":[1],"data_offsets":[24,28]}}');
    const back = decodeSafetensors(withI64).tensors;
    expect(back['n']!.dtype).toBe('int32');
    expect(Array.from(back['n']!.data)).toEqual([-3, 2 ** 31 - 1]);
  });

  it('reads a file laid out as PyTorch writes it (no metadata, int64 counter, F64 weights) into a float32 model', () => {
    const json = '{"0.weight":{"dtype":"F64","shape":[2,1],"data_offsets":[0,16]},"0.bias":{"dtype":"F64","shape":[2],"data_offsets":[16,32]},' +
      '"1.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[32,40]},"1.weight":{"dtype":"F32","shape":[2],"data_offsets":[40,48]},' +
      '"1.bias":{"dtype":"F32","shape":[2],"data_offsets":[48,56]},"1.running_mean":{"dtype":"F32","shape":[2],"data_offsets":[56,64]},' +
      '"1.running_var":{"dtype":"F32","shape":[2],"data_offsets":[64,72]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    const file = Uint8Array.from([
      ...le64(padded.length), ...ascii(padded),
      ...f64(0.5, -1), ...f64(0.25, 2), ...i64(7), ...f32(1, 3), ...f32(0, -0.5), ...f32(0.1, 0.2), ...f32(1.5, 4),
    ]);
    const model = new Sequential(new Linear(1, 2), new BatchNorm1d(2));
    expect(decodePyTorchWeights(model, file, 'torch.safetensors')).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(Array.from(encodePyTorchWeights(model))).toEqual(Array.from(encodePyTorchWeights(smallModel())));
  });

  it('an int64 counter beyond int32 is an error naming the tensor', () => {
    const json = '{"n":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    const file = Uint8Array.from([...le64(padded.length), ...ascii(padded), ...i64(2 ** 40)]);
    expect(() => decodeSafetensors(file, 'big.safetensors')).toThrow(/tensor "n": I64 value 1099511627776 at element 0 does not fit in int32/);
  });
});
