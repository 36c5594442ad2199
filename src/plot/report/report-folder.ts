/**
 * Writes a report folder: `README.md` (tables + figure links), `index.html` (self-contained),
 * `figures/*.svg|png`, and the raw data files the caller hands over (CSV, JSON lines, JSON).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFigure, type Figure, type RenderedFigure } from '../figure.js';
import { htmlPage } from './html.js';
import { markdownTable } from './markdown.js';
import type { Table } from './table.js';

/** Everything a report holds. */
export interface Report {
  title: string;
  /** Paragraphs under the title. */
  intro?: readonly string[];
  tables: readonly Table[];
  figures: readonly Figure[];
  /** Raw data files: name (relative to the folder) → contents. */
  files?: Readonly<Record<string, string>>;
}

/** What was written, relative to the folder. */
export interface WrittenReport {
  dir: string;
  files: string[];
  figures: RenderedFigure[];
}

/**
 * Renders every figure and writes the folder (created if needed). File names are fixed so scripts
 * can rely on them: `README.md`, `index.html`, `figures/<name>.svg`, `figures/<name>.png`, plus
 * `files`.
 *
 * @example
 * await writeReport('runs/compare-1', { title: 'compare', tables: [table], figures: [fig], files: { 'epochs.csv': csv } });
 */
export async function writeReport(dir: string, report: Report): Promise<WrittenReport> {
  const figuresDir = join(dir, 'figures');
  mkdirSync(figuresDir, { recursive: true });
  const rendered: RenderedFigure[] = [];
  for (const f of report.figures) rendered.push(await writeFigure(f, figuresDir, 'figures'));
  const dataFiles = Object.keys(report.files ?? {});
  for (const [name, text] of Object.entries(report.files ?? {})) writeFileSync(join(dir, name), text);

  const md: string[] = [`# ${report.title}`, ''];
  for (const p of report.intro ?? []) md.push(p, '');
  for (const t of report.tables) md.push(markdownTable(t));
  for (const f of rendered) md.push(`## ${f.caption}`, '', ...(f.description ? [f.description, ''] : []), `![${f.caption}](${f.pngFile})`, '', `[SVG](${f.svgFile}) · [PNG](${f.pngFile})`, '');
  if (dataFiles.length) md.push('## Raw data', '', ...dataFiles.map((f) => `- [${f}](${f})`), '');
  writeFileSync(join(dir, 'README.md'), md.join('\n'));

  writeFileSync(join(dir, 'index.html'), htmlPage({
    title: report.title,
    intro: report.intro ?? [],
    tables: report.tables,
    figures: rendered.map((f) => ({ caption: f.caption, ...(f.description ? { description: f.description } : {}), svg: f.svg, links: [{ text: 'SVG', href: f.svgFile }, { text: 'PNG', href: f.pngFile }] })),
    files: dataFiles.map((f) => ({ text: f, href: f })),
  }));
  const files = ['README.md', 'index.html', ...dataFiles, ...rendered.flatMap((f) => [f.svgFile, f.pngFile])];
  return { dir, files, figures: rendered };
}
