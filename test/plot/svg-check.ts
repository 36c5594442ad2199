/** Helpers for figure tests: SVG well-formedness (parsed by resvg's strict XML parser) and PNG headers. */
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

/** Parses the SVG with resvg (throws on malformed XML) and returns its size in SVG units. */
export function parseSvg(svg: string): { width: number; height: number } {
  const tree = new Resvg(svg);
  return { width: tree.width, height: tree.height };
}

/** The PNG signature and the IHDR width/height, or throws. */
export function pngSize(data: Uint8Array): { width: number; height: number } {
  const magic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  magic.forEach((b, i) => {
    if (data[i] !== b) throw new Error(`not a PNG: byte ${i} is ${data[i]}`);
  });
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (String.fromCharCode(...data.subarray(12, 16)) !== 'IHDR') throw new Error('PNG without IHDR chunk first');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes) into its pixels. */
export function decodePng(data: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const { width, height } = pngSize(data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data[24] !== 8 || data[25] !== 6 || data[28] !== 0) throw new Error('decodePng: only 8-bit RGBA non-interlaced PNGs');
  const chunks: Uint8Array[] = [];
  for (let at = 8; at < data.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...data.subarray(at + 4, at + 8));
    if (type === 'IDAT') chunks.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (predictor === undefined) throw new Error(`decodePng: unknown filter ${filter}`);
      rgba[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}
