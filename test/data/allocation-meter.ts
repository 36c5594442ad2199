/**
 * Counting the bytes of typed arrays a call allocates: while `fn` runs, the global typed-array
 * constructors are replaced by subclasses that add each new array's byteLength to a counter (views
 * over an existing buffer cost nothing). Code under test resolves `Float32Array` & co. through the
 * global scope, so `new`, `.from`, `.slice` and `.map` are all counted. The sum over the whole call
 * bounds its peak typed-array memory from above.
 */
const KINDS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'] as const;

type Constructor = new (...args: unknown[]) => ArrayBufferView;
const globals = globalThis as unknown as Record<string, Constructor>;

let meter: { bytes: number } | null = null;

function install(): () => void {
  const originals = KINDS.map((kind) => globals[kind]!);
  KINDS.forEach((kind, i) => {
    const Original = originals[i]!;
    const Counted = class extends Original {
      constructor(...args: unknown[]) {
        super(...args);
        const first = args[0];
        const view = first instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && first instanceof SharedArrayBuffer);
        if (!view && meter) meter.bytes += this.byteLength;
      }
    };
    Object.defineProperty(Counted, 'name', { value: kind });
    globals[kind] = Counted as unknown as Constructor;
  });
  return () => KINDS.forEach((kind, i) => (globals[kind] = originals[i]!));
}

/** Runs `fn`; returns what it returned (or threw) and the typed-array bytes it allocated. */
export async function measureAllocations<T>(fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown; bytes: number }> {
  if (meter) throw new Error('measureAllocations does not nest');
  const counter = { bytes: 0 };
  meter = counter;
  const uninstall = install();
  try {
    return { value: await fn(), bytes: counter.bytes };
  } catch (error) {
    return { error, bytes: counter.bytes };
  } finally {
    uninstall();
    meter = null;
  }
}
