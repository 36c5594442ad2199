/**
 * Figures and report folders: Vega-Lite specifications rendered to SVG by Vega on the server, PNG
 * through resvg, and reports as Markdown, self-contained HTML, CSV and JSON lines.
 */
export { spansDecades, resolveScale, type AxisScale } from './axis-scale.js';
export { lineChart, type AxisOptions, type LineChartOptions, type Panel, type Series, type SeriesPoint } from './line-chart.js';
export { renderSvg } from './render-svg.js';
export { renderPng, type PngImage, type PngOptions } from './render-png.js';
export { findFont, type FontChoice } from './fonts.js';
export { writeFigure, type Figure, type RenderedFigure } from './figure.js';
export { type Table, type Align } from './report/table.js';
export { markdownTable } from './report/markdown.js';
export { htmlPage, htmlTable, escapeHtml, type HtmlFigure, type HtmlPage } from './report/html.js';
export { toCsv, type CsvValue } from './report/csv.js';
export { toJsonLines } from './report/jsonl.js';
export { writeReport, type Report, type WrittenReport } from './report/report-folder.js';
