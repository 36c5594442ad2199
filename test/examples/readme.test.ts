import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

describe('README example', () => {
  it('is the code of examples/readme.ts (imports from the package name)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /## In code\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has an "In code" TypeScript block').toBeDefined();
    const example = readFileSync(new URL('../../examples/readme.ts', import.meta.url), 'utf8');
    const body = example.replace("'../src/index.js'", "'descent'");
    // The example adds two lines at the end that report the accuracy.
    expect(body.startsWith(block!)).toBe(true);
  });

  it('trains the two-moons classifier to at least 95% training accuracy', async () => {
    const logs: string[] = [];
    const original = console.log;
    console.log = (line: string) => void logs.push(line);
    try {
      const { accuracy } = await import('../../examples/readme.js');
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
    } finally {
      console.log = original;
    }
    expect(logs.join('\n')).toMatch(/training accuracy \d+\.\d%/);
  });
});
