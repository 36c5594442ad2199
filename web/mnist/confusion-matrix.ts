/**
 * The confusion matrix of the held-out digits as a table: row = the true digit, column = the
 * network's answer, each cell the count, shaded by its share of the row (the diagonal in green
 * holds the correct answers; red off the diagonal shows which digits are mistaken for which).
 */
import { el } from '../dom.js';

const CLASSES = 10;

/** The background of a cell holding `n` of a row's `total` digits. */
function shade(n: number, total: number, diagonal: boolean): string {
  const share = total > 0 ? n / total : 0;
  const alpha = n === 0 ? 0 : 0.12 + 0.88 * (diagonal ? share : Math.min(1, 4 * share));
  return diagonal ? `rgba(0, 158, 115, ${alpha.toFixed(3)})` : `rgba(213, 94, 0, ${alpha.toFixed(3)})`;
}

/**
 * Fills `table` with the 10×10 counts `confusion[true * 10 + predicted]`: built once, then only the
 * cells' numbers and shades change (a few times a second while training, so no new elements).
 */
export function renderConfusion(table: HTMLTableElement, confusion: ArrayLike<number>): void {
  let cells = Array.from(table.querySelectorAll<HTMLTableCellElement>('td'));
  if (cells.length !== CLASSES * CLASSES) {
    const head = el('tr', {}, el('th', { scope: 'col', class: 'corner' }, 'true ╲ predicted'), ...Array.from({ length: CLASSES }, (_, p) => el('th', { scope: 'col' }, String(p))));
    const rows = Array.from({ length: CLASSES }, (_, t) => el('tr', {}, el('th', { scope: 'row' }, String(t)), ...Array.from({ length: CLASSES }, () => el('td', { class: 'num' }))));
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
    cells = Array.from(table.querySelectorAll<HTMLTableCellElement>('td'));
  }
  for (let t = 0; t < CLASSES; t++) {
    let total = 0;
    for (let p = 0; p < CLASSES; p++) total += confusion[t * CLASSES + p]!;
    for (let p = 0; p < CLASSES; p++) {
      const n = confusion[t * CLASSES + p]!;
      const cell = cells[t * CLASSES + p]!;
      cell.dataset.count = String(n);
      cell.textContent = n === 0 ? '' : String(n);
      cell.style.background = shade(n, total, p === t);
      cell.title = `true ${t}, predicted ${p}: ${n}`;
    }
  }
}
