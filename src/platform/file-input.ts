/**
 * What descent's file readers accept, on every platform: a path or URL (read from disk in Node,
 * fetched in a browser), or bytes already in memory (an `ArrayBuffer`, a typed array, a `Blob` or
 * `File` from an `<input type="file">`, a `Response` from `fetch`). Platform-neutral helpers only.
 */

/**
 * A file to read: a path or URL string, a `URL`, or the bytes themselves.
 *
 * @example
 * await readCsv('data/iris.csv');                       // Node: a path; browser: fetched
 * await readCsv(new URL('./iris.csv', import.meta.url)); // file: URL in Node, fetched in a browser
 * await readCsv(input.files[0]);                         // a File (Blob) picked in a page
 * await readCsv(await fetch('/iris.csv'));               // a Response
 */
export type FileInput = string | URL | ArrayBuffer | ArrayBufferView | Blob | Response;

/**
 * A name for `input` in error messages: the path or URL, a File's name, a Response's URL, or the
 * kind of buffer.
 *
 * @example
 * describeInput('data/iris.csv'); // 'data/iris.csv'
 * describeInput(new Uint8Array(4)); // '<Uint8Array of 4 bytes>'
 */
export function describeInput(input: FileInput): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (typeof Response === 'function' && input instanceof Response) return input.url || '<Response>';
  if (typeof Blob === 'function' && input instanceof Blob) {
    const name = (input as Blob & { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : `<Blob of ${input.size} bytes>`;
  }
  if (input instanceof ArrayBuffer) return `<ArrayBuffer of ${input.byteLength} bytes>`;
  if (ArrayBuffer.isView(input)) return `<${input.constructor.name} of ${input.byteLength} bytes>`;
  return '<input>';
}

/**
 * The bytes of an in-memory input (a view shares the caller's memory), or null for a path or URL
 * (the platform reads those).
 *
 * @example
 * await bytesInMemory(new Blob(['a,b\n'])); // Uint8Array [97, 44, 98, 10]
 */
export async function bytesInMemory(input: FileInput, caller: string): Promise<Uint8Array | null> {
  if (typeof input === 'string' || input instanceof URL) return null;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  // Duck-typed: a Response or Blob from another realm or a fetch polyfill is not an instance of this
  // realm's classes, and reads the same way.
  const body = input as Partial<Response>;
  if (typeof body.arrayBuffer === 'function') {
    if (body.ok === false) throw new Error(`${caller}: ${describeInput(input)} answered HTTP ${body.status} ${body.statusText ?? ''}`.trimEnd());
    return new Uint8Array(await body.arrayBuffer());
  }
  throw new TypeError(`${caller}: expected a path, a URL, an ArrayBuffer, a typed array, a Blob or a Response, got ${Object.prototype.toString.call(input)}`);
}

/**
 * Fetches `url` and returns its body; a failed request or an HTTP error status throws an error
 * naming the caller and the URL.
 *
 * @example
 * await fetchBytes('https://example.org/iris.csv', 'readCsv');
 */
export async function fetchBytes(url: string | URL, caller: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${caller}: cannot fetch ${String(url)}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`${caller}: fetching ${String(url)} answered HTTP ${response.status} ${response.statusText}`.trimEnd());
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The error thrown in a browser by a function that needs Node's file system (writing files,
 * listing directories, reading the `mnist` package).
 *
 * @example
 * throw nodeOnly('atomicWriteFile'); // "atomicWriteFile works only in Node.js: it needs the file system, which a browser does not have"
 */
export function nodeOnly(caller: string): Error {
  return new Error(`${caller} works only in Node.js: it needs the file system, which a browser does not have`);
}
