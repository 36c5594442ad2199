/**
 * The Surfaces panel: pick a surface (or type f(x, y)), pick optimizers and their
 * hyper-parameters, click a start point, and watch them race; loss chart and curvature readout.
 * All state lives in the URL query.
 */
import { drawChart, legend, type Series } from '../chart.js';
import { logicalSize } from '../canvas.js';
import { formatCount } from '../format.js';
import { byId, el, fmt } from '../dom.js';
import { seriesColour } from '../palette.js';
import { curvature } from './hessian.js';
import { MapView } from './map-view.js';
import { decodeNoise, encodeNoise, MAX_SIGMA } from './noise.js';
import { optimizerCard, setCardError } from './optimizer-card.js';
import { displayName, optimizerNames, pageDefaults, runLabels } from './optimizer-defaults.js';
import { anyLive, startProblem, startRuns, stepCount, stepRuns, STOP_RULES, type Run } from './runs.js';
import { buildSurface, constantLabel, surfaceEntries, type Surface } from './surfaces.js';
import { decodeState, encodeState, type SurfaceState } from './url-state.js';

/** Wall-clock budget for optimizer steps in one animation frame, in ms. */
const STEP_BUDGET_MS = 12;

/** Frame statistics the browser test reads. */
export interface FrameStats {
  /** Work done in each animation frame while playing (ms). */
  work: number[];
}

declare global {
  interface Window {
    /** Frame statistics of the Surfaces panel (for tests and the curious). */
    descentPlaygroundStats?: FrameStats;
  }
}

/** Starts the panel inside the page's #surfaces section. */
export function startSurfacesPanel(): void {
  const state: SurfaceState = decodeState(location.search);
  const noise = decodeNoise(new URLSearchParams(location.search));
  const map = new MapView(byId<HTMLCanvasElement>('map'));
  const chartCanvas = byId<HTMLCanvasElement>('loss-chart');
  const stats: FrameStats = { work: [] };
  // Start-up builds the controls in its task and draws in the first frame (the end of this function):
  // drawing measures the canvases, which lays out the page built so far, and both in one task made
  // the page's first main-thread task 86–103 ms under load (issue 15 allows 100).
  let startingUp = true;
  window.descentPlaygroundStats = stats;
  let surface: Surface | null = null;
  let runs: Run[] = [];
  let playing = false;
  let hover: [number, number] | null = null;
  let chartDirty = true;
  let frame = 0;

  // Surface menu and the custom formula.
  const fnSelect = byId<HTMLSelectElement>('fn');
  for (const e of surfaceEntries()) fnSelect.append(el('option', { value: e.name }, e.displayName));
  fnSelect.append(el('option', { value: 'custom' }, 'Your own f(x, y)…'));
  fnSelect.value = state.fn;
  if (fnSelect.value !== state.fn) state.fn = fnSelect.value = 'beale';
  const exprInput = byId<HTMLInputElement>('expr');
  const exprError = byId<HTMLElement>('expr-error');
  exprInput.value = state.expr;

  const start = (): readonly [number, number] => state.start ?? surface?.start ?? [0, 0];
  const saveUrl = () => {
    const query = new URLSearchParams(encodeState(state));
    encodeNoise(noise, query);
    history.replaceState(null, '', `?${query}${location.hash}`);
  };

  // A constant's bad value is explained under the surface row (the formula's error box sits in
  // the custom row, hidden for the library's surfaces).
  const constantError = el('p', { id: 'constant-error', class: 'error', role: 'alert', hidden: true });
  byId<HTMLElement>('constants').parentElement!.after(constantError);
  const showConstantError = (message: string) => {
    constantError.textContent = message;
    constantError.hidden = message === '';
  };

  function renderConstants(): void {
    showConstantError('');
    const box = byId<HTMLElement>('constants');
    box.replaceChildren();
    const entry = surfaceEntries().find((e) => e.name === state.fn);
    byId<HTMLElement>('custom-row').hidden = state.fn !== 'custom';
    if (!entry) return;
    for (const c of entry.constants) {
      const id = `const-${c.name}`;
      const value = state.constants[c.name] ?? c.default;
      const input = el('input', { id, type: 'number', step: 'any', value: +value.toPrecision(6), title: c.doc });
      const row = el('span', { class: 'constant', title: c.doc }, el('label', { for: id }, constantLabel(c.name)), input);
      if (c.name === 'kappa' || c.name === 'theta') {
        const log = c.name === 'kappa';
        const slider = el('input', {
          type: 'range', min: 0, max: log ? 3 : Math.PI, step: log ? 0.01 : 0.01,
          value: log ? Math.log10(value) : value, 'aria-label': `${constantLabel(c.name)} slider${log ? ' (log scale)' : ''}`,
        });
        slider.addEventListener('input', () => {
          const v = log ? +(10 ** Number(slider.value)).toPrecision(3) : Number(slider.value);
          input.value = String(v);
          setConstant(c.name, v);
        });
        row.append(slider);
      }
      input.addEventListener('change', () => {
        const v = Number(input.value);
        const valid = input.value.trim() !== '' && Number.isFinite(v);
        input.setAttribute('aria-invalid', String(!valid));
        if (valid) {
          setConstant(c.name, v);
          return;
        }
        const current = state.constants[c.name] ?? c.default;
        showConstantError(`${constantLabel(c.name)} must be a number, not "${input.value}": the surface keeps ${fmt(current)}.`);
      });
      box.append(row);
    }
  }

  function setConstant(name: string, value: number): void {
    state.constants[name] = value;
    rebuildSurface();
  }

  function rebuildSurface(): void {
    const r = buildSurface(state.fn, state.constants, state.expr);
    showConstantError('');
    if (!r.ok) {
      if (state.fn === 'custom') {
        exprError.textContent = `${r.message}\n${r.pointer}`;
        exprError.hidden = false;
        exprInput.setAttribute('aria-invalid', 'true');
      } else {
        showConstantError(r.message); // a constant the surface rejects (κ < 1, …)
      }
      // The old function must not keep running under a formula that no longer says it.
      setPlaying(false);
      surface = null;
      map.clear('No valid f(x, y): fix the formula above.');
      byId<HTMLElement>('formula').textContent = '';
      byId<HTMLElement>('map-scale').hidden = true;
      runs = [];
      startError.hidden = true;
      chartDirty = true;
      saveUrl();
      render();
      return;
    }
    exprError.hidden = true;
    exprError.textContent = '';
    exprInput.removeAttribute('aria-invalid');
    surface = r.surface;
    const shown = surface;
    byId<HTMLElement>('formula').textContent = surface.formula;
    byId<HTMLElement>('map-scale').hidden = true;
    map.setSurface(surface, { fn: state.fn, constants: state.constants, expr: state.expr }, (range) => {
      byId<HTMLElement>('formula').textContent = `${shown.formula}   (on the map: ${fmt(range.min)} … ${fmt(range.max)})`;
      renderScale(range);
      render(false);
    });
    if (state.start && !inDomain(state.start, surface)) state.start = null;
    resetRuns();
  }

  function inDomain(p: readonly [number, number], s: Surface): boolean {
    return p[0] >= s.domain.x[0] && p[0] <= s.domain.x[1] && p[1] >= s.domain.y[0] && p[1] <= s.domain.y[1];
  }

  // Optimizer cards.
  const cards = byId<HTMLElement>('optimizer-cards');
  const addSelect = byId<HTMLSelectElement>('add-optimizer');
  for (const name of optimizerNames()) addSelect.append(el('option', { value: name }, displayName(name)));
  addSelect.value = 'adam';
  byId<HTMLButtonElement>('add').addEventListener('click', () => {
    state.instances.push({ name: addSelect.value, options: pageDefaults(addSelect.value) });
    renderCards();
    resetRuns();
  });
  byId<HTMLButtonElement>('clear-optimizers').addEventListener('click', () => {
    state.instances = [];
    renderCards();
    resetRuns();
  });

  function renderCards(): void {
    const labels = runLabels(state.instances);
    cards.replaceChildren(
      ...state.instances.map((inst, i) =>
        optimizerCard(inst, seriesColour(i), labels[i]!, {
          onChange: () => resetRuns(),
          onRemove: () => {
            state.instances.splice(i, 1);
            renderCards();
            resetRuns();
          },
        }),
      ),
    );
  }

  const startError = byId<HTMLElement>('start-error');

  function resetRuns(): void {
    if (!surface) return;
    const labels = runLabels(state.instances);
    runs = startRuns(surface.objective, state.instances, state.instances.map((_, i) => seriesColour(i)), labels, start(), noise);
    runs.forEach((r, i) => {
      const card = cards.children[i] as HTMLElement | undefined;
      if (!card) return;
      setCardError(card, r.error);
      // A changed option can change what the run is called ("SGD" → "SGD, momentum 0.9").
      const title = card.querySelector('.card-title-text');
      if (title) title.textContent = r.label;
      card.querySelector('.remove')?.setAttribute('aria-label', `Remove ${r.label}`);
    });
    const problem = startProblem(surface.objective, start());
    startError.textContent = problem ?? '';
    startError.hidden = problem === null;
    if (problem) setPlaying(false);
    chartDirty = true;
    saveUrl();
    render();
  }

  // Gradient noise: σ and its seed; a change restarts the runs (a reset replays the same noise).
  const noiseInput = byId<HTMLInputElement>('noise');
  const noiseSeed = byId<HTMLInputElement>('noise-seed');
  noiseInput.max = String(MAX_SIGMA);
  noiseInput.value = String(noise.sigma);
  noiseSeed.value = String(noise.seed);
  // σ and its seed stay on one line (at 1300 px the seed used to wrap onto its own), and a bad
  // value is explained under the row, naming the valid range, like the formula's errors.
  const noiseControls = el('span', { class: 'constant noise-controls' });
  noiseInput.before(noiseControls);
  for (const id of ['noise', 'noise-seed']) {
    const label = document.querySelector<HTMLLabelElement>(`label[for="${id}"]`);
    if (label) noiseControls.append(label);
    noiseControls.append(byId(id));
  }
  const noiseError = el('p', { id: 'noise-error', class: 'error', role: 'alert', hidden: true });
  byId('noise-row').after(noiseError);
  const readNoise = () => {
    const sigma = Number(noiseInput.value);
    const seed = Number(noiseSeed.value);
    const validSigma = noiseInput.value.trim() !== '' && Number.isFinite(sigma) && sigma >= 0 && sigma <= MAX_SIGMA;
    const validSeed = noiseSeed.value.trim() !== '' && Number.isInteger(seed);
    noiseInput.setAttribute('aria-invalid', String(!validSigma));
    noiseSeed.setAttribute('aria-invalid', String(!validSeed));
    if (validSigma) noise.sigma = sigma;
    if (validSeed) noise.seed = seed;
    const problems = [
      validSigma ? '' : `σ must be a number from 0 to ${formatCount(MAX_SIGMA)}, not "${noiseInput.value}"`,
      validSeed ? '' : `the seed must be a whole number, not "${noiseSeed.value}"`,
    ].filter(Boolean);
    noiseError.textContent = problems.length ? `${problems.join('; ')}: the runs keep σ = ${fmt(noise.sigma)}, seed ${noise.seed}.` : '';
    noiseError.hidden = problems.length === 0;
    resetRuns();
  };
  noiseInput.addEventListener('change', readNoise);
  noiseSeed.addEventListener('change', readNoise);

  // Transport: play / pause / step / reset / speed, by buttons and keys.
  const playButton = byId<HTMLButtonElement>('play');
  const speed = byId<HTMLInputElement>('speed');
  const speedOut = byId<HTMLOutputElement>('speed-out');
  speed.value = String(state.speed);
  speedOut.value = `${state.speed} steps/frame`;
  function setPlaying(on: boolean): void {
    const was = playing;
    playing = on && surface !== null && anyLive(runs);
    playButton.textContent = playing ? 'Pause' : 'Play';
    playButton.setAttribute('aria-pressed', String(playing));
    if (was && !playing) {
      chartDirty = true;
      render();
    }
  }
  const stepOnce = () => {
    setPlaying(false);
    if (surface) stepRuns(runs, surface.objective);
    chartDirty = true;
    render();
  };
  playButton.addEventListener('click', () => setPlaying(!playing));
  byId<HTMLButtonElement>('step').addEventListener('click', stepOnce);
  byId<HTMLButtonElement>('reset').addEventListener('click', () => {
    setPlaying(false);
    resetRuns();
  });
  speed.addEventListener('input', () => {
    state.speed = Number(speed.value);
    speedOut.value = `${state.speed} steps/frame`;
    saveUrl();
  });
  byId<HTMLButtonElement>('share').addEventListener('click', () => {
    saveUrl();
    const status = byId<HTMLElement>('share-status');
    navigator.clipboard?.writeText(location.href).then(
      () => (status.textContent = 'Link copied.'),
      () => (status.textContent = 'The address bar holds the link.'),
    ) ?? (status.textContent = 'The address bar holds the link.');
  });
  document.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement;
    // Another panel (the network lab, with the pointer over it) already took this key.
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t.closest('input, select, textarea') || (t.tagName === 'BUTTON' && (ev.key === ' ' || ev.key === 'Enter'))) return;
    if (!document.getElementById('surfaces')?.contains(t) && t !== document.body) return;
    if (ev.key === ' ' || ev.key === 'p') setPlaying(!playing);
    else if (ev.key === 's' || ev.key === 'ArrowRight' && t.id !== 'map') stepOnce();
    else if (ev.key === 'r') {
      setPlaying(false);
      resetRuns();
    } else return;
    ev.preventDefault();
  });

  // The map: click (or arrow keys while it has focus) to set the start point; hover for curvature.
  const canvas = map.canvas;
  const pointer = (ev: MouseEvent): [number, number] => {
    const rect = canvas.getBoundingClientRect();
    const size = logicalSize(canvas); // the page may show the map smaller than its drawing size
    return map.fromPixel(((ev.clientX - rect.left) * size.width) / rect.width, ((ev.clientY - rect.top) * size.height) / rect.height);
  };
  canvas.addEventListener('click', (ev) => {
    if (!surface) return;
    state.start = pointer(ev);
    resetRuns();
  });
  canvas.addEventListener('mousemove', (ev) => {
    if (!surface) return;
    hover = pointer(ev);
    if (!playing) renderCurvature();
  });
  canvas.addEventListener('mouseleave', () => {
    hover = null;
    if (!playing) renderCurvature();
  });
  canvas.addEventListener('keydown', (ev) => {
    if (!surface) return;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const m = moves[ev.key];
    if (!m) return;
    const s = start();
    const d = surface.domain;
    state.start = [s[0] + m[0] * 0.02 * (d.x[1] - d.x[0]), s[1] + m[1] * 0.02 * (d.y[1] - d.y[0])];
    resetRuns();
    ev.preventDefault();
  });

  fnSelect.addEventListener('change', () => {
    state.fn = fnSelect.value;
    state.constants = {};
    state.start = null;
    renderConstants();
    rebuildSurface();
  });
  let exprTimer: ReturnType<typeof setTimeout> | undefined;
  exprInput.addEventListener('input', () => {
    clearTimeout(exprTimer);
    exprTimer = setTimeout(() => {
      state.expr = exprInput.value;
      rebuildSurface();
    }, 250);
  });
  exprInput.addEventListener('change', () => {
    clearTimeout(exprTimer);
    state.expr = exprInput.value;
    rebuildSurface();
  });

  // Readouts.
  const runsBody = byId<HTMLTableSectionElement>('runs-body');
  const lossLegend = byId<HTMLElement>('loss-legend');
  byId<HTMLElement>('step-cap').textContent = formatCount(STOP_RULES.maxSteps);

  /** The colour bar under the map: the heat map's shades from its low to its high level. */
  function renderScale(range: { min: number; max: number; low: number; high: number }): void {
    const box = byId<HTMLElement>('map-scale');
    box.hidden = false;
    box.replaceChildren(
      el('span', { class: 'scale-end' }, fmt(range.low)),
      el('span', { class: 'scale-bar', 'aria-hidden': 'true' }),
      el('span', { class: 'scale-end' }, `${fmt(range.high)}`),
      el('span', { class: 'hint' }, ' f, log-spaced shades (contour lines between them)'),
    );
    // The bar's ends are the 1st and 99th percentiles (heatmap.ts), not the map's min and max
    // that the formula line gives: say so, or the two ranges look contradictory.
    const clipped = range.low > range.min || range.high < range.max;
    if (clipped) {
      box.append(el('span', { class: 'hint scale-clipped' }, `; colours clipped at the 1st–99th percentile (f on the map spans ${fmt(range.min)} … ${fmt(range.max)})`));
    }
  }
  const curvatureBody = byId<HTMLTableSectionElement>('curvature-body');

  function renderRunsTable(): void {
    const rows = runs.map((r, i) => {
      const pts = r.run?.points ?? [];
      const losses = r.run?.losses ?? [];
      const p = pts[pts.length - 1] ?? [NaN, NaN];
      const loss = losses[losses.length - 1] ?? NaN;
      const status = r.stopNote;
      return el(
        'tr',
        {
          'data-run': i, 'data-optimizer': r.instance.name, 'data-label': r.label, 'data-stopped': r.stopped ?? '', 'data-steps': Math.max(0, pts.length - 1),
          'data-loss': loss, 'data-start-loss': losses[0] ?? NaN, 'data-x': p[0]!, 'data-y': p[1]!,
        },
        el('td', {}, el('span', { class: 'swatch', style: `background:${r.colour};border-color:${r.colour}`, 'aria-hidden': 'true' }), ` ${r.label}`),
        el('td', { class: 'num' }, fmt(loss)),
        el('td', { class: 'num' }, `${fmt(p[0]!)}, ${fmt(p[1]!)}`),
        el('td', {}, status),
      );
    });
    runsBody.replaceChildren(...rows);
    byId<HTMLOutputElement>('step-count').value = formatCount(stepCount(runs));
  }

  function renderCurvature(): void {
    if (!surface) {
      curvatureBody.replaceChildren(); // no function, no curvature (not the old function's)
      return;
    }
    const f = surface.objective;
    const points: Array<{ label: string; colour: string | null; p: readonly number[] }> = [
      { label: hover ? 'cursor' : 'start', colour: null, p: hover ?? start() },
      ...runs.filter((r) => r.run).map((r) => ({ label: r.label, colour: r.colour, p: r.run!.points[r.run!.points.length - 1]! })),
    ];
    curvatureBody.replaceChildren(
      ...points.map(({ label, colour, p }) => {
        const c = Number.isFinite(p[0]!) && Number.isFinite(p[1]!) ? curvature(f.hessian(p), f.gradient(p)) : null;
        return el(
          'tr',
          { 'data-kind': c?.kind ?? '' },
          el('td', {}, colour ? el('span', { class: 'swatch', style: `background:${colour};border-color:${colour}`, 'aria-hidden': 'true' }) : '', ` ${label} (${fmt(p[0]!)}, ${fmt(p[1]!)})`),
          el('td', { class: 'num' }, c ? `${fmt(c.lambda[0])}, ${fmt(c.lambda[1])}` : '—'),
          el('td', { class: 'num' }, c ? fmt(c.condition) : '—'),
          el('td', { class: 'num' }, c ? fmt(c.maxStableStep) : '—'),
          el('td', {}, c ? c.description : ''),
        );
      }),
    );
  }

  function renderChart(): void {
    const fStar = surface?.fStar ?? null;
    const series: Series[] = runs
      .filter((r) => r.run)
      .map((r) => {
        const losses = r.run!.losses;
        const ys = fStar === null ? losses : losses.map((v) => v - fStar);
        const note = r.stopped === 'diverged' ? 'diverged' : r.stopped === 'converged' ? 'converged' : r.stopped === 'step cap' ? 'step cap' : undefined;
        return { label: r.label, colour: r.colour, xs: losses.map((_, i) => i), ys, diverged: r.diverged, note };
      });
    const allPositive = series.every((s) => Array.prototype.every.call(s.ys, (v: number) => !(v < 0)));
    const range = drawChart(chartCanvas, series, {
      xLabel: 'step',
      yLabel: fStar === null ? 'f(x, y)' : 'f − f*',
      yScale: allPositive ? 'log' : 'symlog',
      floor: allPositive ? 1e-12 : 1e-3,
    });
    // The drawn range, for the tests (a diverged run must not stretch it).
    chartCanvas.dataset.yMin = String(range?.yMin ?? '');
    chartCanvas.dataset.yMax = String(range?.yMax ?? '');
    chartCanvas.dataset.clipped = (range?.clipped ?? []).join('|');
    const items = series.map((s) => ({ label: s.note ? `${s.label} (${s.note})` : s.label, colour: s.colour }));
    const legendKey = items.map((i) => `${i.colour}${i.label}`).join('\n');
    if (lossLegend.dataset.key !== legendKey) {
      lossLegend.dataset.key = legendKey;
      lossLegend.replaceChildren(legend(items));
    }
    chartDirty = false;
  }

  /** Draws the map; the tables and the chart only when `all` (they cost layout and paint). */
  function render(all = true): void {
    if (startingUp) return; // the first frame draws everything (below)
    if (surface) map.draw(runs, start());
    if (all) {
      renderRunsTable();
      renderCurvature();
    }
    if (chartDirty) renderChart();
  }

  function tick(): void {
    requestAnimationFrame(tick);
    if (!playing) return;
    const t0 = performance.now();
    let live = runs.length;
    for (let s = 0; s < state.speed && live > 0 && surface; s++) {
      live = stepRuns(runs, surface.objective);
      if (performance.now() - t0 > STEP_BUDGET_MS) break;
    }
    // Every run has stopped (cap, converged or diverged): nothing more to animate.
    if (live === 0) setPlaying(false);
    frame++;
    // The map every frame; numbers, and the chart, about 10 times a second: smooth enough to
    // read, and the page's layout and paint stay out of most frames.
    const slow = frame % 6 === 0;
    chartDirty = chartDirty || slow;
    render(slow);
    stats.work.push(performance.now() - t0);
    if (stats.work.length > 5000) stats.work.splice(0, 1000);
  }

  renderConstants();
  renderCards();
  rebuildSurface();
  requestAnimationFrame(() => {
    startingUp = false;
    chartDirty = true;
    render();
    requestAnimationFrame(tick);
  });
}
