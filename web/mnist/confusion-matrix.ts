/**
 * The confusion matrix of the held-out digits as a table: row = the true digit, column = the
 * network's answer, each cell the count, shaded by its share of the row (the diagonal in green
 * holds the correct answers; red off the diagonal shows which digits are mistaken for which).
 */
import { el } from '../dom.js';

const CLASSES = 10;

/** Fills `table` with the 10×10 counts `confusion[true * 10 + predicted]`. */
export function renderConfusion(table: HTMLTableElement, confusion: ArrayLike<number>): void {
  const head = el('tr', {}, el('th', { scope: 'col', class: 'corner' }, 'true ╲ predicted'), ...Array.from({ length: CLASSES }, (_, p) => el('th', { scope: 'col' }, String(p))));
  const rows = Array.from({ length: CLASSES }, (_, t) => {
    let total = 0;
    for (let p = 0; p < CLASSES; p++) total += confusion[t * CLASSES + p]!;
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, String(t)),
      ...Array.from({ length: CLASSES }, (_, p) => {
        const n = confusion[t * CLASSES + p]!;
        const share = total > 0 ? n / total : 0;
        const alpha = n === 0 ? 0 : 0.12 + 0.88 * (p === t ? share : Math.min(1, 4 * share));
        const colour = p === t ? `rgba(0, 158, 115, ${alpha.toFixed(3)})` : `rgba(213, 94, 0, ${alpha.toFixed(3)})`;
        return el('td', { class: 'num', 'data-count': n, style: `background:${colour}`, title: `true ${t}, predicted ${p}: ${n}` }, n === 0 ? '' : String(n));
      }),
    );
  });
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}
