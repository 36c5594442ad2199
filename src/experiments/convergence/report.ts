/** The convergence lab's report: a figure per experiment and one table of measured vs theoretical rates. */
import type { Figure } from '../../plot/figure.js';
import { lineChart } from '../../plot/line-chart.js';
import { toCsv } from '../../plot/report/csv.js';
import { toJsonLines } from '../../plot/report/jsonl.js';
import type { Report } from '../../plot/report/report-folder.js';
import type { Table } from '../../plot/report/table.js';
import type { ExperimentResult } from './types.js';

const num = (x: number): string => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(5) : x.toExponential(4));

/** The checks of every experiment as one table. */
export function checksTable(results: readonly ExperimentResult[]): Table {
  const rows = results.flatMap((r) => r.checks.map((c) => [
    r.name,
    c.name,
    num(c.measured),
    num(c.theory),
    c.relative ? `±${(c.tolerance * 100).toFixed(0)}%` : `±${c.tolerance}`,
    c.pass ? 'within' : 'OUTSIDE',
    c.basis,
  ]));
  return {
    caption: 'Measured vs theory',
    columns: ['experiment', 'quantity', 'measured', 'theory', 'tolerance', 'result', 'theory from'],
    align: ['left', 'left', 'right', 'right', 'right', 'left', 'left'],
    rows,
    notes: ['Slopes are least-squares fits of log10(f − f*) over the fit window (the dashed line in each figure; dotted: the theory\'s slope from the same starting point). Tolerances are absolute (±0.1) or relative (±%).'],
  };
}

/** One figure per experiment: measured (solid), fitted (dashed), theory (dotted). */
export function convergenceFigures(results: readonly ExperimentResult[]): Figure[] {
  return results.map((r) => ({
    name: r.name,
    caption: r.title,
    description: r.description,
    spec: lineChart({
      title: r.title,
      y: { title: r.y.title, scale: r.y.scale },
      panels: [{ x: { title: r.x.title, scale: r.x.scale }, series: r.curves.map((c) => ({ name: c.name, kind: c.kind, points: c.points })) }],
      colorTitle: 'series',
      kindTitle: 'line',
      width: 620,
      height: 360,
    }),
  }));
}

/**
 * The report folder's contents for the lab's results.
 *
 * @example
 * await writeReport('runs/converge', convergenceReport(EXPERIMENTS.map((e) => e.run())));
 */
export function convergenceReport(results: readonly ExperimentResult[], intro: readonly string[] = []): Report {
  const curves = results.flatMap((r) => r.curves.flatMap((c) => c.points.map((p) => ({ experiment: r.name, series: c.name, kind: c.kind, x: p.x, y: p.y }))));
  const checks = results.flatMap((r) => r.checks.map((c) => ({ experiment: r.name, ...c })));
  return {
    title: 'descent converge — the convergence lab',
    intro: [
      'Problems with a known optimum f*, so log(f(x_k) − f*) can be plotted and its slope fitted and set beside the rate theory predicts. Every run uses descent\'s own optimizers (SGD, momentum, Nesterov) and averagers (Polyak, polynomial decay).',
      ...intro,
    ],
    tables: [checksTable(results)],
    figures: convergenceFigures(results),
    files: {
      'curves.csv': toCsv(['experiment', 'series', 'kind', 'x', 'y'], curves),
      'checks.csv': toCsv(['experiment', 'name', 'measured', 'theory', 'tolerance', 'relative', 'pass', 'basis'], checks),
      'experiments.jsonl': toJsonLines(results),
    },
  };
}
