/**
 * The controls of one optimizer on the map, generated from the registry's hyper-parameter specs:
 * a slider (log-scaled where the spec says so) plus a number box for each number, a checkbox for
 * each flag, a select for each choice, two boxes for each pair.
 */
import { optimizerEntry } from '../../src/index.js';
import { el, freshId } from '../dom.js';
import { formatInputNumber } from '../format.js';
import { choiceLabel, paramLabel, visibleSpecs, type OptionValue, type Spec } from './optimizer-defaults.js';
import type { Instance } from './url-state.js';

type NumberSpec = Extract<Spec, { kind: 'number' | 'integer' }>;

/** Slider range [lo, hi] in slider units (log10 of the value for log-scaled specs). */
function sliderRange(spec: NumberSpec): { lo: number; hi: number; step: number; log: boolean } {
  const def = spec.default ?? (spec.logScale ? 1e-3 : 1);
  if (spec.logScale) {
    const lo = Math.max(Math.log10(def) - 4, spec.min !== undefined && spec.min > 0 ? Math.log10(spec.min) : -Infinity);
    const hi = Math.min(Math.max(Math.log10(def) + 3, 0), spec.max !== undefined ? Math.log10(spec.max) : Infinity);
    return { lo: Math.floor(lo), hi: Math.ceil(hi), step: 0.01, log: true };
  }
  const lo = spec.min ?? 0;
  const hi = spec.max ?? (def > 0 ? Math.max(1, def * 4) : 1);
  return { lo, hi, step: spec.kind === 'integer' ? 1 : (hi - lo) / 200, log: false };
}

/** What a card reports when the user changes something. */
export interface CardCallbacks {
  onChange(): void;
  onRemove(): void;
}

/**
 * The card of `instance` (mutated in place as the user edits), titled with its colour and its
 * variant label ("SGD, momentum 0.9").
 */
export function optimizerCard(instance: Instance, colour: string, title: string, callbacks: CardCallbacks): HTMLElement {
  const entry = optimizerEntry(instance.name);
  const card = el('fieldset', { class: 'optimizer-card', 'data-optimizer': instance.name, style: `--series: ${colour}` });
  const legendNode = el('legend', { class: 'card-title' }, el('span', { class: 'swatch', style: `background:${colour};border-color:${colour}`, 'aria-hidden': 'true' }), ' ', el('span', { class: 'card-title-text' }, title));
  const remove = el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${title}`, title: `Remove ${title}` }, '×');
  remove.addEventListener('click', callbacks.onRemove);
  card.append(legendNode, remove, el('p', { class: 'summary' }, entry.summary));
  for (const spec of visibleSpecs(instance.name)) card.append(control(spec, instance, callbacks.onChange));
  card.append(el('p', { class: 'card-error', role: 'alert', hidden: true }));
  return card;
}

/** Shows (or clears, with null) a validation error on a card. */
export function setCardError(card: HTMLElement, message: string | null): void {
  const p = card.querySelector<HTMLElement>('.card-error');
  if (!p) return;
  p.textContent = message ?? '';
  p.hidden = message === null;
}

function control(spec: Spec, instance: Instance, onChange: () => void): HTMLElement {
  const id = freshId(`opt-${instance.name}-${spec.name}`);
  const row = el('div', { class: 'param', title: `${spec.name}: ${spec.doc}` });
  const label = el('label', { for: id }, paramLabel(spec.name));
  row.append(label);
  const set = (v: OptionValue) => {
    instance.options[spec.name] = v;
    onChange();
  };
  switch (spec.kind) {
    case 'boolean': {
      const box = el('input', { id, type: 'checkbox', checked: instance.options[spec.name] === true });
      box.addEventListener('change', () => set(box.checked));
      row.append(box);
      break;
    }
    case 'choice': {
      const select = el('select', { id });
      for (const c of spec.choices) select.append(el('option', { value: c, selected: instance.options[spec.name] === c }, choiceLabel(c)));
      select.addEventListener('change', () => set(select.value));
      row.append(select);
      break;
    }
    case 'pair': {
      const value = (instance.options[spec.name] as readonly [number, number] | undefined) ?? spec.default;
      const a = el('input', { id, type: 'number', step: 'any', value: formatInputNumber(value[0]), 'aria-label': `${paramLabel(spec.name)} (first)` });
      const b = el('input', { type: 'number', step: 'any', value: formatInputNumber(value[1]), 'aria-label': `${paramLabel(spec.name)} (second)` });
      const update = () => set([Number(a.value), Number(b.value)]);
      a.addEventListener('change', update);
      b.addEventListener('change', update);
      row.append(a, b);
      break;
    }
    default: {
      const range = sliderRange(spec);
      const current = instance.options[spec.name];
      const value = typeof current === 'number' ? current : spec.default;
      const toSlider = (v: number) => (range.log ? Math.log10(v) : v);
      const fromSlider = (s: number) => (range.log ? +(10 ** s).toPrecision(3) : spec.kind === 'integer' ? Math.round(s) : +s.toPrecision(4));
      const slider = el('input', {
        type: 'range', min: range.lo, max: range.hi, step: range.step,
        value: value === null || value === undefined ? range.lo : toSlider(value),
        'aria-label': `${paramLabel(spec.name)}${range.log ? ' (log scale)' : ''}`,
      });
      const box = el('input', { id, type: 'number', step: 'any', value: value === null || value === undefined ? '' : formatInputNumber(value), placeholder: 'auto' });
      slider.addEventListener('input', () => {
        const v = fromSlider(Number(slider.value));
        box.value = formatInputNumber(v);
        set(v);
      });
      box.addEventListener('change', () => {
        if (box.value === '') {
          delete instance.options[spec.name];
          onChange();
          return;
        }
        const v = Number(box.value);
        if (Number.isFinite(v) && (!range.log || v > 0)) slider.value = String(toSlider(v));
        set(v);
      });
      row.append(slider, box);
    }
  }
  return row;
}
