/**
 * The table of update kernels (src/backend/update-kernels.ts): codes are positions, the generated
 * wasm dispatcher (assembly/update-dispatch.generated.ts) is what the table gives and is the only
 * place the variant codes are declared, and the generator refuses a kernel body whose parameters are
 * not the row's names in the row's order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_UPDATE_STATE_ARRAYS, UPDATE_KERNELS, updateKernel, variantCode, type UpdateKernelName, type UpdateKernelRow } from '../../src/backend/update-kernels.js';
import { assemblyUpdatesSource, expectedParameters, UPDATE_DISPATCH_FILE } from '../../scripts/assembly-updates.js';

const root = new URL('../../', import.meta.url);
const sources: Record<string, string> = Object.fromEntries(
  readdirSync(new URL('assembly/', root))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, readFileSync(new URL(`assembly/${f}`, root), 'utf8')]),
);

describe('the table of update kernels', () => {
  it('a kernel\'s code is its position, a variant\'s its position in the row', () => {
    UPDATE_KERNELS.forEach((row, i) => {
      expect(updateKernel(row.name).code).toBe(i);
      row.variants.forEach((v, j) => expect(variantCode(row, v)).toBe(j));
    });
    expect(updateKernel('sgd').code).toBe(1);
    expect(variantCode(updateKernel('sgd').row, 'nesterov')).toBe(2);
    expect(() => variantCode(updateKernel('adagrad').row, 'plain')).toThrow(/adagrad has no variant 'plain'/);
    expect(() => updateKernel('adamw' as UpdateKernelName)).toThrow(/no kernel 'adamw'/);
  });

  it('names are unique and every row fits updatePacked (at most three state arrays, a last variant)', () => {
    expect(new Set(UPDATE_KERNELS.map((k) => k.name)).size).toBe(UPDATE_KERNELS.length);
    for (const row of UPDATE_KERNELS) {
      expect(row.arrays.length, row.name).toBeLessThanOrEqual(MAX_UPDATE_STATE_ARRAYS);
      expect(new Set([...row.arrays, ...row.scalars, 'p', 'g', 'n', 'variant']).size, row.name).toBe(row.arrays.length + row.scalars.length + 4);
      expect(row.variants.at(-1), row.name).toBe('general');
    }
  });
});

describe('the generated wasm dispatcher', () => {
  it(`assembly/${UPDATE_DISPATCH_FILE} is what scripts/build-wasm.mjs generates from the table`, () => {
    const committed = readFileSync(new URL(`assembly/${UPDATE_DISPATCH_FILE}`, root), 'utf8');
    const generated = assemblyUpdatesSource(UPDATE_KERNELS, sources);
    expect(committed, `run \`npm run build:wasm\` and commit assembly/${UPDATE_DISPATCH_FILE}`).toBe(generated);
    expect(generated).toContain('export const SGD_HEAVY_BALL: i32 = 1;');
    expect(generated).toContain('        f(s, 8)); // decay');
    expect(readFileSync(new URL('assembly/index.ts', root), 'utf8')).toContain(`export { updatePacked } from './${UPDATE_DISPATCH_FILE.replace(/\.ts$/, '')}'`);
  });

  it('no other AssemblyScript file declares a variant code', () => {
    const names = [...assemblyUpdatesSource(UPDATE_KERNELS, sources).matchAll(/export const (\w+):/g)].map((m) => m[1]!);
    expect(names).toContain('ADAM_DECOUPLED');
    const declares = new RegExp(`\\b(?:const|let|var)\\s+(?:${names.join('|')})\\b`);
    for (const file of Object.keys(sources).filter((f) => f !== UPDATE_DISPATCH_FILE)) expect(declares.test(sources[file]!), `assembly/${file}`).toBe(false);
  });

  it('refuses a kernel body whose parameters are not the row\'s names in order, or a missing body', () => {
    const row = UPDATE_KERNELS.find((k) => k.name === 'lion')!;
    expect(expectedParameters(row)).toEqual(['p', 'g', 'm', 'n', 'beta1', 'beta2', 'learningRate', 'decay', 'sign']);
    const file = Object.keys(sources).find((f) => sources[f]!.includes('export function lion('))!;
    const swapped = { ...sources, [file]: sources[file]!.replace('beta1: f64, beta2: f64, learningRate: f64', 'beta2: f64, beta1: f64, learningRate: f64') };
    expect(swapped[file]).not.toBe(sources[file]);
    expect(() => assemblyUpdatesSource(UPDATE_KERNELS, swapped)).toThrow(/lion in assembly\/.* takes \(p, g, m, n, beta2, beta1,/);
    const extra: UpdateKernelRow = { name: 'sophia', arrays: ['m', 'h'], scalars: ['rho'], variants: ['general'] };
    expect(() => assemblyUpdatesSource([...UPDATE_KERNELS, extra], sources)).toThrow(/no file of assembly\/ exports the kernel body `sophia`/);
    const wide: UpdateKernelRow = { ...row, arrays: ['a', 'b', 'c', 'd'] };
    expect(() => assemblyUpdatesSource([wide], sources)).toThrow(/4 state arrays/);
  });
});
