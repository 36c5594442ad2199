/** Report folder: Markdown and HTML tables, CSV and JSON lines, and the folder writer. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlPage, htmlTable, lineChart, markdownTable, toCsv, toJsonLines, writeReport, type Table } from '../../src/plot/index.js';
import { parseSvg, pngSize } from './svg-check.js';
import { tempDir } from '../helpers/temp-dir.js';

const table: Table = {
  caption: 'Comparison',
  columns: ['configuration', 'error'],
  rows: [['sgd | momentum', '4.10%'], ['<adam>', 'not reached']],
  notes: ['a note'],
};

describe('tables', () => {
  it('Markdown: escaped pipes, right-aligned numbers, caption and notes', () => {
    expect(markdownTable(table)).toBe(
      '**Comparison**\n\n| configuration | error |\n| :-- | --: |\n| sgd \\| momentum | 4.10% |\n| <adam> | not reached |\n\na note\n',
    );
  });

  it('HTML: escaped cells', () => {
    const html = htmlTable(table);
    expect(html).toContain('<td>&lt;adam&gt;</td>');
    expect(html).toContain('<td class="num">not reached</td>');
    expect(html).toContain('<caption>Comparison</caption>');
  });

  it('rows with the wrong number of cells are rejected', () => {
    expect(() => markdownTable({ columns: ['a', 'b'], rows: [['1']] })).toThrow(/row 1 has 1 cells, expected 2/);
  });
});

describe('raw data', () => {
  it('CSV quotes commas, quotes and newlines; empty cells for null; named non-finite numbers', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: 'x,y', b: 'say "hi"', c: null }, { a: 1.5, b: Infinity, c: NaN }])).toBe(
      'a,b,c\n"x,y","say ""hi""",\n1.5,inf,nan\n',
    );
  });

  it('JSON lines: one value per line, non-finite numbers as strings', () => {
    const text = toJsonLines([{ a: 1 }, { a: -Infinity, b: [NaN] }]);
    expect(text).toBe('{"a":1}\n{"a":"-inf","b":["nan"]}\n');
    expect(text.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toHaveLength(2);
  });
});

describe('writeReport', () => {
  it('writes README.md, a self-contained index.html, SVG + PNG figures and the data files', async () => {
    const dir = tempDir('report');
    const spec = lineChart({ title: 'Loss', y: { title: 'loss (nats)' }, panels: [{ x: { title: 'epoch' }, series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 0.5 }] }] }] });
    const written = await writeReport(dir, {
      title: 'A report',
      intro: ['Intro & context.'],
      tables: [table],
      figures: [{ name: 'loss', caption: 'Training loss', description: 'What it shows.', spec }],
      files: { 'data.csv': 'a\n1\n' },
    });
    expect(written.files.sort()).toEqual(['README.md', 'data.csv', 'figures/loss.png', 'figures/loss.svg', 'index.html']);
    for (const f of written.files) expect(existsSync(join(dir, f))).toBe(true);
    parseSvg(readFileSync(join(dir, 'figures/loss.svg'), 'utf8'));
    expect(pngSize(readFileSync(join(dir, 'figures/loss.png'))).width).toBeGreaterThan(100);
    const md = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(md).toContain('# A report');
    expect(md).toContain('![Training loss](figures/loss.png)');
    expect(md).toContain('[data.csv](data.csv)');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('Intro &amp; context.');
    expect(html).toContain('data:image/svg+xml;base64,');
    expect(html).toContain('What it shows.');
    // Self-contained: no script, stylesheet or image loaded from elsewhere.
    expect(html).not.toMatch(/<script|<link|src="(?!data:)/);
    const embedded = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)![1]!;
    parseSvg(Buffer.from(embedded, 'base64').toString('utf8'));
  });

  it('htmlPage escapes the title', () => {
    expect(htmlPage({ title: '<x>', tables: [], figures: [] })).toContain('<title>&lt;x&gt;</title>');
  });
});
