/**
 * The network lab's configuration controls — data, input features, model, loss, batch, schedule,
 * averaging, and one card per optimizer generated from descent's registry (two to four race) —
 * editing a {@link LabState} in place and reporting each change.
 */
import { el } from '../dom.js';
import { seriesColour } from '../palette.js';
import { optimizerCard } from '../surfaces/optimizer-card.js';
import { displayName, optimizerNames } from '../surfaces/optimizer-defaults.js';
import { labRunLabels } from './run-labels.js';
import type { Instance } from '../surfaces/url-state.js';
import { AVERAGINGS, fullBatchNote, labDefaults, LOSSES, SCHEDULES, type LabConfig } from './config.js';
import { DATASETS } from './datasets.js';
import { FEATURE_LABELS, FEATURES, type FeatureName } from './features.js';
import { field, number, select } from './form.js';
import { ACTIVATIONS, INITS, NORMS, type ActivationName } from './model-spec.js';
import type { LabState } from './url-state.js';

const DATASET_LABELS: Readonly<Record<(typeof DATASETS)[number], string>> = {
  spirals: 'spirals', moons: 'two moons', circles: 'circles', xor: 'XOR', blobs: 'Gaussian blobs', clicked: 'points you click', regression: '1-D regression',
};

/** The controls, and what the panel needs of them. */
export interface ConfigControls {
  /** Every control, in one element. */
  element: HTMLElement;
  /** "Clear points", shown under the boundary for clicked data. */
  clearPoints: HTMLButtonElement;
  /** Rebuilds every control from the state (after a link or a preset replaced it). */
  rebuild(): void;
}

/**
 * The controls of `getState()`'s configuration; each edit changes the state in place, then calls
 * `onChange` (the panel resets the run); `showError` explains an input that was not taken.
 */
export function configControls(getState: () => LabState, onChange: () => void, showError: (message: string) => void): ConfigControls {
  let instances: Instance[] = getState().config.runs.map((r) => ({ name: r.optimizer, options: r.options }));
  const c = (): LabConfig => getState().config;
  const changed = (): void => {
    getState().config.runs = instances.map((i) => ({ optimizer: i.name, options: i.options }));
    showFullBatchNote();
    onChange();
  };

  const dataRow = el('div', { class: 'row controls' });
  const clearPoints = el('button', { type: 'button', id: 'nw-clear-points' }, 'Clear points');
  clearPoints.addEventListener('click', () => {
    c().data.points = [];
    changed();
  });

  const featureRow = el('div', { class: 'row controls', role: 'group', 'aria-label': 'Input features' }, el('span', {}, 'inputs:'));
  for (const f of FEATURES) {
    const box = el('input', { type: 'checkbox', id: `nw-feature-${f}`, checked: c().features.includes(f) });
    box.addEventListener('change', () => {
      const next = FEATURES.filter((g) => (g === f ? box.checked : c().features.includes(g)));
      if (next.length === 0) {
        box.checked = true;
        return;
      }
      c().features = next as FeatureName[];
      changed();
    });
    featureRow.append(el('label', { class: 'nw-check', for: box.id }, box, ` ${FEATURE_LABELS[f]}`));
  }

  const modelRow = el('div', { class: 'row controls' });
  const trainRow = el('div', { class: 'row controls' });
  const cards = el('div', { class: 'cards nw-cards' });
  const addSelect = el('select', { id: 'nw-add-optimizer' });
  for (const name of optimizerNames()) if (name !== 'newton') addSelect.append(el('option', { value: name }, displayName(name)));
  addSelect.value = 'sgd';
  const addButton = el('button', { type: 'button', id: 'nw-add' }, 'Add to race');
  addButton.addEventListener('click', () => {
    if (instances.length >= 4) return;
    instances.push({ name: addSelect.value, options: labDefaults(addSelect.value) });
    buildCards();
    changed();
  });
  const raceRow = el('div', { class: 'row' }, el('label', { for: addSelect.id }, 'Race another optimizer (same data, same initial weights, same batches; up to 4)'), addSelect, addButton);
  const fullBatchHint = el('p', { class: 'hint', id: 'nw-full-batch-hint', hidden: true });
  function showFullBatchNote(): void {
    const note = fullBatchNote(c());
    fullBatchHint.hidden = note === null;
    fullBatchHint.textContent = note ?? '';
  }

  function buildControls(): void {
    dataRow.replaceChildren(
    field('data', select(DATASETS.map((d) => [d, DATASET_LABELS[d]] as const), c().data.dataset, (v) => {
      c().data.dataset = v as LabConfig['data']['dataset'];
      if (v === 'regression') {
        c().loss = 'mse';
        c().features = ['x'];
      } else if (c().features.length === 1 && c().features[0] === 'x') c().features = ['x', 'y'];
      buildControls();
      changed();
    }, 'nw-dataset')),
    field('points', number(c().data.samples, { min: 4, max: 5000, step: 1 }, (v) => ((c().data.samples = Math.round(v)), changed()), 'nw-samples')),
    field('noise σ', number(c().data.noise, { min: 0, max: 1, step: 0.01 }, (v) => ((c().data.noise = v), changed()), 'nw-noise')),
    field('held-out fraction', number(c().data.heldOut, { min: 0, max: 0.9, step: 0.05 }, (v) => ((c().data.heldOut = v), changed()), 'nw-heldout')),
    field('data seed', number(c().data.seed, { min: -1e9, max: 1e9, step: 1 }, (v) => ((c().data.seed = Math.round(v)), changed()), 'nw-data-seed')),
    );
    modelRow.replaceChildren(
      field('hidden widths', (() => {
        const input = el('input', { type: 'text', id: 'nw-hidden', value: c().model.hidden.join(','), size: 12, spellcheck: 'false', 'aria-describedby': 'nw-error' });
        input.addEventListener('change', () => {
          const text = input.value.trim();
          const widths = text === '' ? [] : text.split(/[,\s]+/).map(Number);
          if (widths.length > 8 || !widths.every((w) => Number.isInteger(w) && w >= 1 && w <= 64)) {
            input.setAttribute('aria-invalid', 'true');
            showError(`hidden widths: up to 8 comma-separated integers in [1, 64], got '${text}'`);
            return;
          }
          input.removeAttribute('aria-invalid');
          const act = c().model.activations[0] ?? 'tanh';
          c().model.hidden = widths;
          c().model.activations = widths.map((_, i) => c().model.activations[i] ?? act);
          changed();
        });
        return input;
      })(), 'comma-separated, e.g. 16,16 — empty for a linear model'),
      field('activation', select(ACTIVATIONS.map((a) => [a, a] as const), c().model.activations[0] ?? 'tanh', (v) => {
        c().model.activations = c().model.hidden.map(() => v as ActivationName);
        buildControls();
        changed();
      }, 'nw-activation'), 'sets every hidden layer; change one layer in the selects beside it'),
      el('span', { class: 'nw-field', role: 'group', 'aria-label': 'Activation of each hidden layer' },
        ...c().model.hidden.map((_, i) => {
          const s = select(ACTIVATIONS.map((a) => [a, a] as const), c().model.activations[i] ?? 'tanh', (v) => {
            c().model.activations[i] = v as ActivationName;
            changed();
          }, `nw-activation-${i + 1}`);
          s.setAttribute('aria-label', `layer ${i + 1} activation`);
          s.title = `layer ${i + 1}`;
          return s;
        })),
      field('normalisation', select(NORMS.map((n) => [n, n === 'none' ? 'none' : `${n} norm`] as const), c().model.norm, (v) => ((c().model.norm = v as LabConfig['model']['norm']), changed()), 'nw-norm')),
      field('dropout p', number(c().model.dropout, { min: 0, max: 0.9, step: 0.05 }, (v) => ((c().model.dropout = v), changed()), 'nw-dropout')),
      field('initialisation', select(INITS.map((n) => [n, n === 'he' ? 'He (Kaiming)' : n === 'xavier' ? 'Xavier (Glorot)' : n === 'default' ? 'PyTorch default' : 'zeros (symmetric!)'] as const), c().model.init, (v) => ((c().model.init = v as LabConfig['model']['init']), changed()), 'nw-init')),
    );
    trainRow.replaceChildren(
      field('loss', select(LOSSES.map((l) => [l, l === 'mse' ? 'MSE' : l] as const), c().loss, (v) => ((c().loss = v as LabConfig['loss']), changed()), 'nw-loss')),
      field('batch size', number(c().batchSize, { min: 0, max: 5000, step: 1 }, (v) => ((c().batchSize = Math.round(v)), changed()), 'nw-batch'), '0 = full batch (gradient descent)'),
      field('schedule', select(SCHEDULES.map((s) => [s, s] as const), c().schedule, (v) => ((c().schedule = v as LabConfig['schedule']), changed()), 'nw-schedule'), 'over the step cap, from descent\'s schedule registry'),
      field('weight decay λ', number(c().weightDecay, { min: 0, max: 1, step: 'any' }, (v) => ((c().weightDecay = v), changed()), 'nw-wd'), 'L2 penalty λ/2·‖W‖² on the weights'),
      field('averaging', select(AVERAGINGS.map((a) => [a, a === 'none' ? 'none' : a === 'ema' ? 'EMA (0.99)' : 'SWA (2nd half)'] as const), c().averaging, (v) => ((c().averaging = v as LabConfig['averaging']), changed()), 'nw-avg')),
      field('step cap', number(c().maxSteps, { min: 1, max: 100_000, step: 1 }, (v) => ((c().maxSteps = Math.round(v)), changed()), 'nw-steps')),
      field('seed', number(c().seed, { min: -1e9, max: 1e9, step: 1 }, (v) => ((c().seed = Math.round(v)), changed()), 'nw-seed'), 'initial weights and batch order: a reset replays the same run'),
      field('λmax every', number(getState().sharpnessEvery, { min: 0, max: 10_000, step: 1 }, (v) => ((getState().sharpnessEvery = Math.round(v)), changed()), 'nw-sharp-every'), 'steps between sharpness measurements (0 = off)'),
    );
    clearPoints.hidden = c().data.dataset !== 'clicked';
    for (const f of FEATURES) (document.getElementById(`nw-feature-${f}`) as HTMLInputElement | null)?.toggleAttribute('checked', c().features.includes(f));
    for (const f of FEATURES) {
      const box = document.getElementById(`nw-feature-${f}`) as HTMLInputElement | null;
      if (box) box.checked = c().features.includes(f);
    }
  }

  function buildCards(): void {
    const labels = labRunLabels(instances.map((i) => ({ optimizer: i.name, options: i.options })));
    cards.replaceChildren(...instances.map((inst, i) => {
      const card = optimizerCard(inst, seriesColour(i), labels[i]!, {
        onChange: () => changed(),
        onRemove: () => {
          if (instances.length <= 1) return;
          instances.splice(i, 1);
          buildCards();
          changed();
        },
      });
      // Its own class: the Surfaces panel's tests and styles address `.optimizer-card`.
      card.classList.replace('optimizer-card', 'nw-optimizer-card');
      return card;
    }));
    addButton.disabled = instances.length >= 4;
  }


  buildControls();
  buildCards();
  showFullBatchNote();
  return {
    element: el('div', { class: 'nw-controls' },
      el('h3', {}, 'Data'), dataRow, featureRow,
      el('h3', {}, 'Model'), modelRow,
      el('h3', {}, 'Training ', el('span', { class: 'hint' }, '(optimizer controls generated from descent\'s registry)')), trainRow, cards, raceRow, fullBatchHint),
    clearPoints,
    rebuild() {
      instances = getState().config.runs.map((r) => ({ name: r.optimizer, options: r.options }));
      buildControls();
      buildCards();
      showFullBatchNote();
    },
  };
}
