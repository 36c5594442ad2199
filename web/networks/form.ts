/** The network lab's small form builders: a labelled field, a select, a validated number box. */
import { el, freshId } from '../dom.js';

/** A labelled control (the label's title holds the hint). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || freshId('nw');
  control.id = id;
  return el('span', { class: 'nw-field' }, el('label', { for: id, ...(hint ? { title: hint } : {}) }, label), control);
}
/** A select of `[value, label]` options that calls `onChange` with the chosen value. */
export function select(options: ReadonlyArray<readonly [string, string]>, value: string, onChange: (v: string) => void, id?: string): HTMLSelectElement {
  const s = el('select', id ? { id } : {});
  for (const [v, label] of options) s.append(el('option', { value: v }, label));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}
/** A number box that calls `onChange` only with a value in [min, max]; anything else is marked invalid. */
export function number(value: number, attrs: { min: number; max: number; step?: number | 'any' }, onChange: (v: number) => void, id?: string): HTMLInputElement {
  const input = el('input', { type: 'number', min: attrs.min, max: attrs.max, step: attrs.step ?? 'any', value: String(value), ...(id ? { id } : {}) });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v) || v < attrs.min || v > attrs.max) {
      input.setAttribute('aria-invalid', 'true');
      input.title = `a number in [${attrs.min}, ${attrs.max}]`;
      return;
    }
    input.removeAttribute('aria-invalid');
    onChange(v);
  });
  return input;
}
