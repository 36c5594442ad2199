/**
 * The MNIST panel: a network learning handwritten digits in the page. An MLP 784-128-10 trains in
 * a worker (mnist-worker.ts) on the digits shipped with descent, with any first-order optimizer of
 * the registry; the page shows the training and held-out curves, the first layer's weights as
 * images, the held-out confusion matrix, and classifies what the user draws on the pad.
 *
 * Nothing loads until the panel is first on screen (or the address is `#mnist`): the digits
 * (~1.6 MB) and the worker stay out of the page's first paint.
 */
import { drawChart, legend, type Series } from '../chart.js';
import { byId, el } from '../dom.js';
import { formatCount } from '../format.js';
import { seriesColour } from '../palette.js';
import { displayName } from '../surfaces/optimizer-defaults.js';
import { renderConfusion } from './confusion-matrix.js';
import { drawingPad, type Ink } from './drawing-pad.js';
import { preprocessDigit } from './preprocess.js';
import { MNIST_WORKER_URL, WEIGHT_IMAGES, type FromMnistWorker, type MnistBackend, type MnistProgress, type ToMnistWorker } from './protocol.js';
import { DEFAULT_CONFIG, defaultLearningRate, HIDDEN_UNITS, mnistOptimizers, MODEL_DESCRIPTIONS, type HeldOutExample, type MnistModel, type TrainerConfig } from './trainer.js';
import { decodeMnistHash, encodeMnistHash, isMnistHash, MAX_EPOCHS, type MnistLink } from './url-state.js';
import { drawDigit, drawWeightImages } from './weight-images.js';
import { accuracyNote, atChance, CHANCE_ACCURACY } from './divergence.js';
import { formatNumber } from '../format.js';
import { showLinkNotes } from './link-notes.js';
import { exampleMessage, firstReading, type FirstReading } from './example-message.js';

/** What the panel is doing. */
export type MnistState = 'idle' | 'loading' | 'training' | 'paused' | 'done' | 'diverged' | 'error';

/** The panel's state, for tests and the curious (`window.descentMnist`). */
export interface MnistPanelState {
  state: MnistState;
  backend: MnistBackend | null;
  counts: { train: number; heldOut: number } | null;
  config: TrainerConfig | null;
  step: number;
  epoch: number;
  heldOutAccuracy: number;
  trainAccuracy: number;
  /** performance.now() when the current run was started. */
  startedAt: number;
  /** performance.now() when the worker had the digits and kernels and began training (NaN before). */
  readyAt: number;
  /** performance.now() when the run finished its epochs (NaN before). */
  finishedAt: number;
  /** Training milliseconds of the current run (evaluations excluded). */
  trainingMs: number;
  /** Wall-clock milliseconds from Train to the first held-out accuracy ≥ 90% (null until then). */
  msTo90: number | null;
  /** The longest main-thread drawing of one progress update so far (ms): the panel's own share of any long task. */
  slowestRenderMs: number;
  /** The curves' points. */
  history: Array<Omit<MnistProgress, 'confusion' | 'firstLayer'>>;
  confusion: number[];
  /** The class probabilities of the drawn digit (null when the pad is empty). */
  probabilities: number[] | null;
  /** The drawn digit as the network sees it, 784 values. */
  drawn: number[] | null;
  /** The held-out digit shown instead of a drawing (Next held-out digit / Next mistake), null otherwise. */
  example: { index: number; label: number; predicted: number } | null;
  error: string | null;
}

declare global {
  interface Window {
    descentMnist?: MnistPanelState;
  }
}

/** The views redraw at most this often (ms) while training: smooth to watch, little main-thread work. */
const RENDER_INTERVAL_MS = 100;
const TRAIN_COLOUR = seriesColour(1);
const HELD_OUT_COLOUR = seriesColour(4);

/** Wires the #mnist section; it loads and starts training the first time it is shown. */
export function startMnistPanel(): void {
  const section = byId('mnist');
  const status = byId('mn-status');
  const modelSelect = byId<HTMLSelectElement>('mn-model');
  const optimizerSelect = byId<HTMLSelectElement>('mn-optimizer');
  const lrInput = byId<HTMLInputElement>('mn-lr');
  const batchInput = byId<HTMLInputElement>('mn-batch');
  const epochsInput = byId<HTMLInputElement>('mn-epochs');
  const seedInput = byId<HTMLInputElement>('mn-seed');
  const trainButton = byId<HTMLButtonElement>('mn-train');
  const pauseButton = byId<HTMLButtonElement>('mn-pause');
  const confusionTable = byId<HTMLTableElement>('mn-confusion');
  const probsBox = byId('mn-probs');
  const accuracyCaption = byId('mn-chart-accuracy').parentElement!.querySelector('figcaption') ?? el('figcaption', {});
  const panel: MnistPanelState = {
    state: 'idle', backend: null, counts: null, config: null, step: 0, epoch: 0, heldOutAccuracy: NaN, trainAccuracy: NaN,
    startedAt: NaN, readyAt: NaN, finishedAt: NaN, slowestRenderMs: 0, trainingMs: 0, msTo90: null, history: [], confusion: [], probabilities: null, drawn: null, example: null, error: null,
  };
  window.descentMnist = panel;

  for (const [model, text] of Object.entries(MODEL_DESCRIPTIONS)) modelSelect.append(el('option', { value: model }, text));
  for (const name of mnistOptimizers()) optimizerSelect.append(el('option', { value: name }, displayName(name)));
  /** Sets the controls to a link's settings (the defaults where it says nothing). */
  const showLink = (link: MnistLink) => {
    modelSelect.value = link.config.model;
    optimizerSelect.value = link.config.optimizer;
    lrInput.value = String(link.config.learningRate);
    batchInput.value = String(link.config.batchSize);
    epochsInput.value = String(link.epochs);
    seedInput.value = String(link.config.seed);
    showLinkNotes(section, location.hash); // `link` is always the address's: say what of it the controls could not show
  };
  showLink(decodeMnistHash(location.hash));
  optimizerSelect.addEventListener('change', () => {
    lrInput.value = String(defaultLearningRate(optimizerSelect.value));
  });

  let worker: Worker | null = null;
  let started = 0;
  let predictId = 0;
  let latestInk: Ink | null = null;

  const setState = (state: MnistState, text: string) => {
    panel.state = state;
    section.dataset.state = state;
    status.textContent = text;
    pauseButton.disabled = !(state === 'training' || state === 'paused');
    pauseButton.textContent = state === 'paused' ? 'Resume' : 'Pause';
    pauseButton.setAttribute('aria-pressed', String(state === 'paused'));
  };
  const fail = (message: string) => {
    panel.error = message;
    setState('error', message);
  };

  const readConfig = (): TrainerConfig | string => {
    const learningRate = Number(lrInput.value);
    const batchSize = Math.round(Number(batchInput.value));
    const seed = Math.round(Number(seedInput.value));
    if (!(learningRate > 0 && Number.isFinite(learningRate))) return `The learning rate η must be a positive number, not "${lrInput.value}".`;
    if (!(batchSize >= 1 && batchSize <= 8000)) return `The batch size must be a whole number from 1 to 8 000, not "${batchInput.value}".`;
    if (!Number.isFinite(seed)) return `The seed must be a whole number, not "${seedInput.value}".`;
    return { ...DEFAULT_CONFIG, model: modelSelect.value as MnistModel, optimizer: optimizerSelect.value, learningRate, batchSize, seed };
  };

  const send = (m: ToMnistWorker, transfer: Transferable[] = []) => worker?.postMessage(m, transfer);

  const ensureWorker = (): Worker | null => {
    if (worker) return worker;
    try {
      worker = new Worker(MNIST_WORKER_URL);
    } catch {
      fail('This panel trains in a Web Worker, which a page opened from a file cannot start: serve it with npx descent playground.');
      return null;
    }
    worker.onmessage = (e: MessageEvent<FromMnistWorker>) => receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      fail(`The training worker failed: ${e.message || 'it could not start (serve the page with npx descent playground)'}`);
    };
    return worker;
  };

  /** Starts a run with the controls' settings; `share` also writes them into the address. */
  const train = (share: boolean) => {
    const config = readConfig();
    if (typeof config === 'string') {
      fail(config);
      return;
    }
    const epochs = Number(epochsInput.value);
    // Said, not clamped in silence: the input must not show a number of epochs the run does not do.
    if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= MAX_EPOCHS)) {
      fail(`The number of epochs must be a whole number from 1 to ${MAX_EPOCHS}, not "${epochsInput.value}".`);
      return;
    }
    if (share) history.replaceState(null, '', `${location.pathname}${location.search}${encodeMnistHash({ config, epochs })}`);
    if (!ensureWorker()) return;
    Object.assign(panel, { config, readyAt: NaN, finishedAt: NaN, step: 0, epoch: 0, heldOutAccuracy: NaN, trainAccuracy: NaN, trainingMs: 0, msTo90: null, history: [], error: null });
    started = performance.now();
    panel.startedAt = started;
    setState('loading', panel.backend ? 'starting…' : 'loading 10 000 digits…');
    send({ type: 'start', config, epochs });
  };

  const receive = (m: FromMnistWorker) => {
    if (m.type === 'ready') {
      panel.readyAt = performance.now();
      panel.backend = m.backend;
      panel.counts = m.counts;
      const kernels = m.backend.name === 'wasm' ? `WebAssembly on ${m.backend.threads} thread${m.backend.threads > 1 ? 's' : ''}` : 'TypeScript kernels';
      setState('training', `training on ${formatCount(m.counts.train)} digits (${kernels}); ${formatCount(m.counts.heldOut)} held out`);
    } else if (m.type === 'progress') {
      progress(m);
    } else if (m.type === 'done') {
      render(); // the last progress at once, not up to RENDER_INTERVAL_MS later: the readouts show the final run
      panel.finishedAt = performance.now();
      const chance = atChance(panel.heldOutAccuracy)
        ? ` — held-out accuracy ${(100 * panel.heldOutAccuracy).toFixed(1)}%, no better than guessing (${100 * CHANCE_ACCURACY}%): try a smaller learning rate η`
        : '';
      setState('done', `done: ${Math.round(panel.epoch)} epochs, ${formatCount(panel.step)} steps in ${(panel.trainingMs / 1000).toFixed(1)} s of training${chance}`);
    } else if (m.type === 'diverged') {
      render();
      panel.finishedAt = performance.now();
      setState('diverged', `diverged at step ${formatCount(m.step)} (loss ${formatNumber(m.loss)}): training stopped; try a smaller learning rate η`);
    } else if (m.type === 'prediction') {
      if (m.id === predictId) showProbabilities(Array.from(m.probabilities));
    } else if (m.type === 'example') {
      if (m.id === predictId) showExample(m.example);
    } else {
      fail(m.message);
    }
  };

  /** The newest progress not drawn yet: drawn in an animation frame at most every RENDER_INTERVAL_MS, however many messages came. */
  let pending: MnistProgress | null = null;
  const progress = (p: MnistProgress) => {
    if (panel.state === 'loading') return; // a late message of the run that Train replaced
    const { confusion, firstLayer: _drawnLater, ...point } = p;
    panel.history.push(point);
    Object.assign(panel, { step: p.step, epoch: p.epoch, heldOutAccuracy: p.heldOutAccuracy, trainAccuracy: p.trainAccuracy, trainingMs: p.trainingMs, confusion: Array.from(confusion) });
    if (panel.msTo90 === null && p.heldOutAccuracy >= 0.9) panel.msTo90 = performance.now() - started;
    if (!pending) setTimeout(() => requestAnimationFrame(render), Math.max(0, lastRender + RENDER_INTERVAL_MS - performance.now()));
    pending = p;
  };
  let lastRender = -Infinity;
  const render = () => {
    const p = pending;
    pending = null;
    if (!p) return;
    const t0 = performance.now();
    lastRender = t0;
    const { firstLayer } = p;
    byId('mn-accuracy').textContent = `${(100 * p.heldOutAccuracy).toFixed(1)}%`;
    byId('mn-epoch').textContent = p.epoch.toFixed(2);
    byId('mn-step').textContent = formatCount(p.step);
    drawCurves();
    drawWeightImages(byId('mn-weights'), firstLayer.weights, firstLayer.count, firstLayer.side === 28 ? 8 : 4, firstLayer.side); // 8 filters: 4 × 2 fills the canvas
    byId('mn-weights-caption').textContent = firstLayer.side === 28
      ? `First layer: the 784 weights of ${firstLayer.count} of the ${HIDDEN_UNITS} hidden units, each as a 28×28 image (red: ink there excites the unit, blue: inhibits it).`
      : `First layer: the ${firstLayer.count} convolution filters, ${firstLayer.side}×${firstLayer.side} weights each (red: ink there excites the filter, blue: inhibits it); each slides over the whole image.`;
    renderConfusion(confusionTable, p.confusion);
    if (latestInk) predict(latestInk); // the network changed: so may its answer
    else if (panel.example) requestExample(panel.example.index, false);
    panel.slowestRenderMs = Math.max(panel.slowestRenderMs, performance.now() - t0);
  };

  const drawCurves = () => {
    const h = panel.history;
    const xs = h.map((p) => p.epoch);
    // The first point is the untrained network: no training batches yet.
    const trained = h.slice(1);
    // Training solid, held-out dashed: the network lab's convention (web/networks/panel.ts).
    const series = (label: string, colour: string, points: typeof h, y: (p: (typeof h)[number]) => number, dashed = false): Series => ({ label, colour, xs: points.map((p) => p.epoch), ys: points.map(y), dashed });
    const lossSeries = [series('training batches', TRAIN_COLOUR, trained, (p) => p.trainLoss), series('held-out digits', HELD_OUT_COLOUR, h, (p) => p.heldOutLoss, true)];
    drawChart(byId('mn-chart-loss'), lossSeries, { xLabel: 'epoch', yLabel: 'cross-entropy loss', yScale: 'log' });
    const accSeries = [series('training batches', TRAIN_COLOUR, trained, (p) => 100 * p.trainAccuracy), series('held-out digits', HELD_OUT_COLOUR, h, (p) => 100 * p.heldOutAccuracy, true)];
    // The whole 0–100% axis: auto-zoomed to 8–12% a run at chance looked like it was learning.
    drawChart(byId('mn-chart-accuracy'), accSeries, { xLabel: 'epoch', yLabel: 'accuracy (%)', yRange: [0, 100] });
    accuracyCaption.textContent = accuracyNote(h[h.length - 1], trained[trained.length - 1]);
    if (xs.length <= 2) {
      const items = [{ label: 'training batches (mean since the last point)', colour: TRAIN_COLOUR }, { label: 'held-out digits', colour: HELD_OUT_COLOUR, dashed: true }];
      byId('mn-legend').replaceChildren(legend(items));
    }
  };

  // The answer is a live region: it speaks the answer to what the user did (a button, a stroke),
  // not the refreshes while the network trains — those rewrote it ten times a second, a screen
  // reader flooded with "The network reads a 7 (93% sure)".
  let announce = false;
  const answer = byId('mn-answer');
  const say = (text: string) => {
    answer.setAttribute('aria-live', announce ? 'polite' : 'off');
    answer.textContent = text;
    announce = false;
  };

  const showProbabilities = (probs: number[] | null) => {
    panel.probabilities = probs;
    if (!probs) {
      probsBox.replaceChildren(el('p', { class: 'hint' }, 'Draw a digit on the pad, or show a held-out digit.'));
      return;
    }
    const best = probs.indexOf(Math.max(...probs));
    probsBox.replaceChildren(
      ...probs.map((p, d) =>
        el(
          'div',
          { class: d === best ? 'prob best' : 'prob', 'data-digit': d, 'data-probability': p },
          el('span', { class: 'prob-digit' }, String(d)),
          el('span', { class: 'prob-bar', 'aria-hidden': 'true' }, el('span', { style: `width:${(100 * p).toFixed(1)}%` })),
          el('span', { class: 'prob-value num' }, `${(100 * p).toFixed(1)}%`),
        ),
      ),
    );
    say(`The network reads a ${best} (${(100 * probs[best]!).toFixed(0)}% sure).`);
  };

  /** Why there is no answer yet: "press Train" only when nothing is starting (it showed under "loading 10 000 digits…"). */
  const notReady = () => (panel.state === 'loading' || panel.state === 'training'
    ? 'The network is starting: it answers once its first evaluation is in, in a moment.'
    : 'The network is not trained yet: press Train.');

  const predict = (ink: Ink) => {
    const pixels = preprocessDigit(ink.coverage, ink.width, ink.height);
    panel.drawn = Array.from(pixels);
    drawDigit(byId('mn-seen'), pixels);
    byId('mn-seen').setAttribute('aria-label', 'The drawn digit as the network sees it, 28 by 28 pixels');
    if (!worker || panel.history.length === 0) {
      say(notReady());
      return;
    }
    predictId++;
    send({ type: 'predict', id: predictId, pixels }, [pixels.buffer]);
  };

  // Held-out digits: what the network gets right and wrong, and a way to try it without a pointer.
  let exampleCursor = 0;
  /** How the network read the shown digit at first: a refresh during training may read it otherwise, and says so. */
  let shownFirst: FirstReading | null = null;
  const requestExample = (from: number, mistake: boolean) => {
    if (!worker || panel.history.length === 0) {
      say(notReady());
      return;
    }
    predictId++;
    send({ type: 'example', id: predictId, from, mistake });
  };
  const showExample = (example: HeldOutExample | null) => {
    if (!example) {
      say('The network classifies every held-out digit correctly: no mistake to show.');
      return;
    }
    const asked = announce; // pad.clear() and showProbabilities write the answer too: the last write below is the one to speak
    if (latestInk) pad.clear(); // the example replaces the drawing
    exampleCursor = example.index + 1;
    const { index, label, predicted } = example;
    panel.example = { index, label, predicted };
    panel.drawn = Array.from(example.pixels);
    drawDigit(byId('mn-seen'), example.pixels);
    byId('mn-seen').setAttribute('aria-label', `Held-out digit ${formatCount(index + 1)}, labelled ${label}, as the network sees it, 28 by 28 pixels`);
    showProbabilities(Array.from(example.probabilities));
    shownFirst = firstReading(example, shownFirst, panel.step);
    announce = asked;
    say(exampleMessage(example, shownFirst));
  };
  byId<HTMLButtonElement>('mn-example').addEventListener('click', () => {
    announce = true;
    shownFirst = null; // asked for by the user: a reading of its own, not a refresh
    requestExample(exampleCursor, false);
  });
  byId<HTMLButtonElement>('mn-mistake').addEventListener('click', () => {
    announce = true;
    shownFirst = null; // asked for by the user: a reading of its own, not a refresh
    requestExample(exampleCursor, true);
  });

  const pad = drawingPad(byId('mn-pad'), (ink) => {
    announce = true;
    panel.example = null;
    shownFirst = null;
    latestInk = ink;
    if (ink) predict(ink);
    else {
      predictId++; // a late answer for the cleared drawing is dropped
      panel.drawn = null;
      drawDigit(byId('mn-seen'), new Float32Array(784));
      say('');
      showProbabilities(null);
    }
  });
  byId<HTMLButtonElement>('mn-clear').addEventListener('click', () => pad.clear());
  trainButton.addEventListener('click', () => train(true));
  pauseButton.addEventListener('click', () => {
    if (panel.state === 'training') {
      send({ type: 'pause' });
      setState('paused', 'paused');
    } else if (panel.state === 'paused') {
      send({ type: 'resume' });
      setState('training', 'training');
    }
  });
  setState('idle', 'Starts when the panel is shown.');
  showProbabilities(null);
  accuracyCaption.textContent = accuracyNote(undefined, undefined);

  // The empty canvases are drawn when the panel comes near the viewport, not at page load: drawing
  // them lays out the panel (content-visibility skips it until then) and took 34–48 ms of the
  // page's start-up tasks under load.
  let placeholdersDrawn = false;
  const drawPlaceholders = () => {
    if (placeholdersDrawn) return;
    placeholdersDrawn = true;
    drawDigit(byId('mn-seen'), new Float32Array(784));
    drawWeightImages(byId('mn-weights'), new Float32Array(WEIGHT_IMAGES * 784), WEIGHT_IMAGES, 8); // sized for the display from the start
    drawChart(byId('mn-chart-loss'), [], { xLabel: 'epoch', yLabel: 'cross-entropy loss' });
    drawChart(byId('mn-chart-accuracy'), [], { xLabel: 'epoch', yLabel: 'accuracy (%)', yRange: [0, 100] });
  };

  // Load on first sight: scrolled into view, or opened by its address.
  let opened = false;
  const open = () => {
    if (opened) return;
    opened = true;
    drawPlaceholders();
    train(false);
  };
  if (isMnistHash(location.hash)) {
    if (location.hash !== '#mnist') section.scrollIntoView(); // `#mnist?…` names no element: the browser does not scroll
    open();
  }
  addEventListener('hashchange', () => {
    if (!isMnistHash(location.hash)) return;
    showLink(decodeMnistHash(location.hash));
    if (location.hash !== '#mnist') section.scrollIntoView();
    if (opened) train(false);
    else open();
  });
  if (typeof IntersectionObserver === 'function') {
    const near = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        near.disconnect();
        drawPlaceholders();
      }
    }, { rootMargin: '100% 0px' });
    near.observe(section);
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        seen.disconnect();
        open();
      }
    });
    seen.observe(section);
  } else {
    drawPlaceholders();
  }
}

