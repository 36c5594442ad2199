/**
 * A self-contained HTML report: tables and figures in one file, the figures embedded as SVG data
 * URIs (no external file, script or font; each SVG stays isolated, so ids inside them cannot clash).
 */
import { checkTable, columnAlign, type Table } from './table.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A figure as the page shows it. */
export interface HtmlFigure {
  caption: string;
  /** A paragraph above the figure. */
  description?: string;
  svg: string;
  /** Links under the figure (e.g. to the SVG and PNG files). */
  links?: readonly { text: string; href: string }[];
}

/** What {@link htmlPage} lays out, top to bottom. */
export interface HtmlPage {
  title: string;
  /** Paragraphs under the title (plain text). */
  intro?: readonly string[];
  tables: readonly Table[];
  figures: readonly HtmlFigure[];
  /** Files listed at the end (raw data), relative links. */
  files?: readonly { text: string; href: string }[];
}

/** An HTML table. */
export function htmlTable(table: Table): string {
  checkTable(table);
  const align = (i: number): string => (columnAlign(table, i) === 'right' ? ' class="num"' : '');
  const head = table.columns.map((c, i) => `<th${align(i)}>${escapeHtml(c)}</th>`).join('');
  const body = table.rows.map((r) => `<tr>${r.map((c, i) => `<td${align(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const caption = table.caption ? `<caption>${escapeHtml(table.caption)}</caption>` : '';
  const notes = (table.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
  return `<div class="table"><table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>\n${notes}`;
}

/**
 * The whole page as one HTML document.
 *
 * @example
 * writeFileSync('index.html', htmlPage({ title: 'compare', tables: [table], figures: [{ caption: 'loss', svg }] }));
 */
export function htmlPage(page: HtmlPage): string {
  const figures = page.figures.map((f) => {
    const src = `data:image/svg+xml;base64,${Buffer.from(f.svg, 'utf8').toString('base64')}`;
    const links = (f.links ?? []).map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>`).join(' · ');
    const about = f.description ? `<p>${escapeHtml(f.description)}</p>` : '';
    return `<h2>${escapeHtml(f.caption)}</h2>${about}<figure><img src="${src}" alt="${escapeHtml(f.caption)}">${links ? `<figcaption>${links}</figcaption>` : ''}</figure>`;
  });
  const files = page.files?.length
    ? `<h2>Raw data</h2><ul>${page.files.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>
body { font-family: system-ui, -apple-system, "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1500px; padding: 0 1rem; color: #222; }
.table { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; }
th { background: #f5f5f5; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { color: #555; font-size: 0.88rem; margin: 0.2rem 0; }
figure { margin: 2rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9rem; }
.links { margin-left: 0.5rem; }
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${(page.intro ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${page.tables.map(htmlTable).join('\n')}
${figures.join('\n')}
${files}
</body>
</html>
`;
}
