/** Runs the loader allocation properties in this process (started with a small heap by loader-memory.test.ts). */
import { csvAllocationProperty, idxAllocationProperty, idxPairAllocationProperty } from './loader-memory-properties.js';

const runs = Number(process.argv[2] ?? 100);
try {
  await csvAllocationProperty(runs);
  await idxAllocationProperty(runs);
  await idxPairAllocationProperty(Math.ceil(runs / 3));
  console.log('ok');
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
