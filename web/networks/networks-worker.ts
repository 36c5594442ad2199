/**
 * The network lab's worker: trains the networks and computes what the page draws, off the main
 * thread. Training and λmax measurements run in slices of at most {@link SLICE_MS} (plus the last
 * step or Hessian-vector product begun in it); between slices the worker reads its messages (pause,
 * step, reset, a landscape cancel), so the page never waits on it.
 */
import { landscapeJob, type LandscapeProgress, type LandscapeResult } from './landscape.js';
import { displayValue } from './lab-loss.js';
import type { FromLabWorker, LabFrame, ToLabWorker } from './protocol.js';
import type { LabRun } from './lab-run.js';
import { LabTrainer } from './trainer.js';
import type { LabState } from './url-state.js';

/** Longest stretch of training between two looks at the message queue. */
const SLICE_MS = 20;
/** At most one frame per this many milliseconds (about 15 a second: smooth enough, cheap to paint). */
const FRAME_MS = 66;
/** The boundary grid's side at most and at least, and the unit thumbnails'. */
const GRID = 48;
const MIN_GRID = 16;
const UNIT_GRID = 20;
/** Multiply-adds one boundary grid may cost (a grid costs side² × weights): 8 × 64 networks get a coarser grid. */
const GRID_BUDGET = 1e7;

const scope = self as unknown as { postMessage(message: FromLabWorker): void; onmessage: ((e: MessageEvent<ToLabWorker>) => void) | null };

let trainer: LabTrainer | null = null;
let error: string | null = null;
let playing = false;
/** The number of the last config/play/pause command applied, echoed by every frame (see LabFrame.command). */
let command = 0;
let speed = 0;
let pendingSteps = 0;
let sendData = false;
let lastFrame = 0;
/** What the last frame cost to compute: big networks (8 × 64, four runs) get fewer frames, so training keeps ≥ 75% of the time. */
let frameCost = 0;
let framesSinceUnits = 99;
let credit = 0;
let lastTick = 0;
let scheduled = false;
/** Back-pressure: a frame was posted and the page has not acknowledged it yet; `framePending` says one is due. */
let awaitingAck = false;
let framePending = false;
/** Per run: how many history points and sharpness measurements the page already has. */
let sent: Array<{ history: number; sharpness: number }> = [];
let landscape: { id: number; job: Generator<LandscapeProgress, LandscapeResult> } | null = null;

function gridPoints(size: number): Float64Array {
  const xs = new Float64Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      xs[2 * k] = -1 + (2 * (c + 0.5)) / size;
      xs[2 * k + 1] = 1 - (2 * (r + 0.5)) / size;
    }
  }
  return xs;
}
let gridSize = GRID;
let gridXs = gridPoints(GRID);
const UNIT_POINTS = gridPoints(UNIT_GRID);

function runFrame(t: LabTrainer, run: LabRun, index: number): LabFrame['runs'][number] {
  const { output } = t.outputsAt(run, gridXs);
  const grid = new Float32Array(output.length);
  const regression = t.data.kind === 'regression';
  for (let i = 0; i < output.length; i++) grid[i] = regression ? output[i]! : displayValue(output[i]!, t.config.loss);
  const params = run.params().map(([, p]) => p);
  const flat = new Float64Array(params.reduce((n, p) => n + p.size, 0));
  let o = 0;
  for (const p of params) {
    flat.set(p.data, o);
    o += p.size;
  }
  return {
    optimizer: run.spec.optimizer,
    step: run.step,
    stopped: run.stopped,
    stopNote: run.stopNote,
    learningRate: run.learningRate,
    ...newPoints(run, index),
    params: flat,
    weights: run.net.linears.map((l) => Float64Array.from(l.weight.data)),
    grid,
  };
}

/** The points the page does not have yet (the last sent history point again: a later one at the same step replaces it). */
function newPoints(run: LabRun, i: number): { history: LabRun['history']; sharpness: LabRun['sharpness'] } {
  const s = (sent[i] ??= { history: 0, sharpness: 0 });
  const history = run.history.slice(Math.max(0, s.history - 1));
  const sharpness = run.sharpness.slice(s.sharpness);
  return { history, sharpness };
}

/** Posts a frame now, or as soon as the page acknowledges the previous one. */
function postFrame(): void {
  if (awaitingAck) {
    framePending = true;
    return;
  }
  framePending = false;
  awaitingAck = true;
  const start = performance.now();
  try {
    buildAndPost();
  } finally {
    lastFrame = performance.now();
    frameCost = lastFrame - start;
  }
}

function buildAndPost(): void {
  if (!trainer) {
    scope.postMessage({ type: 'frame', playing: false, command, error, gridSize, runs: [] });
    return;
  }
  const t = trainer;
  const frame: LabFrame = { type: 'frame', playing, command, error, gridSize, runs: t.runs.map((r, i) => runFrame(t, r, i)) };
  t.runs.forEach((r, i) => (sent[i] = { history: r.history.length, sharpness: r.sharpness.length }));
  if (sendData) {
    frame.data = { kind: t.data.kind, train: t.data.train, test: t.data.test };
    sendData = false;
  }
  framesSinceUnits++;
  if (framesSinceUnits >= 4 || !playing) {
    framesSinceUnits = 0;
    const { layers } = t.outputsAt(t.runs[0]!, UNIT_POINTS);
    frame.units = { size: UNIT_GRID, layers: layers.map((units) => units.map((u) => Float32Array.from(u))) };
  }
  scope.postMessage(frame);
}

function configure(next: LabState): void {
  playing = false;
  sent = [];
  awaitingAck = false;
  framePending = false;
  pendingSteps = 0;
  landscape = null;
  try {
    trainer = new LabTrainer(next.config, { metricsEvery: 10, sharpnessEvery: next.sharpnessEvery, sharpnessIterations: 20 });
    error = null;
    sendData = true;
    const weights = trainer.runs[0]!.initial.length;
    const side = Math.max(MIN_GRID, Math.min(GRID, Math.floor(Math.sqrt(GRID_BUDGET / weights))));
    if (side !== gridSize) {
      gridSize = side;
      gridXs = gridPoints(side);
    }
    framesSinceUnits = 99;
  } catch (err) {
    trainer = null;
    error = err instanceof Error ? err.message : String(err);
  }
  playing = next.play && trainer !== null;
  postFrame();
  schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(tick, 0);
}

function tick(): void {
  scheduled = false;
  const start = performance.now();
  let changed = false;
  if (trainer && (playing || pendingSteps > 0 || trainer.measuring)) {
    // Speed: `speed` steps per second accrue as credit; 0 means as many as fit in the slice.
    const elapsed = lastTick ? start - lastTick : 0;
    credit = speed > 0 ? Math.min(credit + (elapsed * speed) / 1000, speed) : Infinity;
    while (performance.now() - start < SLICE_MS) {
      // A measurement due at the last step (or asked for) comes first, a product at a time: the runs
      // wait for it, so it sees the weights of the step it is due at and the race stays in step. It
      // also goes on while paused: the point belongs to a step already taken.
      if (trainer.measuring) {
        if (trainer.advanceMeasurement().kind !== 'progress') changed = true;
        continue;
      }
      if (!trainer.live) break;
      if (pendingSteps > 0) pendingSteps--;
      else if (playing && credit >= 1) credit--;
      else break;
      trainer.stepAll();
      changed = true;
    }
    if (!trainer.live && playing) {
      playing = false;
      changed = true;
    }
  }
  lastTick = start;
  if (landscape) {
    const { id, job } = landscape;
    try {
      const next = job.next();
      if (next.done) {
        landscape = null;
        scope.postMessage({ type: 'landscape-result', id, result: next.value });
      } else {
        scope.postMessage({ type: 'landscape-progress', id, progress: next.value });
      }
    } catch (err) {
      landscape = null;
      scope.postMessage({ type: 'landscape-error', id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (changed && (performance.now() - lastFrame >= Math.max(FRAME_MS, 3 * frameCost) || !playing)) postFrame();
  const measuring = trainer?.measuring ?? false;
  if ((trainer && (playing || pendingSteps > 0 || measuring)) || landscape) {
    // While playing slowly, sleep until a step is due instead of spinning.
    const wait = playing && speed > 0 && pendingSteps === 0 && !landscape && !measuring ? Math.max(0, 1000 / speed - (performance.now() - start)) : 0;
    scheduled = true;
    setTimeout(tick, Math.min(wait, FRAME_MS));
  } else if (changed) {
    postFrame();
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'ack':
      awaitingAck = false;
      if (framePending) postFrame();
      return;
    case 'config':
      command = m.command;
      speed = m.speed;
      configure(m.state);
      return;
    case 'speed':
      speed = m.speed;
      return;
    case 'play':
      command = m.command;
      if (trainer?.live) playing = true;
      lastTick = 0;
      credit = 0;
      postFrame();
      schedule();
      return;
    case 'pause':
      command = m.command;
      playing = false;
      postFrame();
      return;
    case 'step':
      pendingSteps += m.count;
      schedule();
      return;
    case 'measure':
      // Queued like a due measurement: computed between messages, posted when done.
      if (trainer) for (const run of trainer.runs) trainer.queueSharpness(run, 100);
      schedule();
      return;
    case 'landscape': {
      const run = trainer?.runs[m.run];
      if (!trainer || !run) {
        scope.postMessage({ type: 'landscape-error', id: m.id, message: 'no network to slice: the configuration has a problem' });
        return;
      }
      landscape?.job.return(undefined as unknown as LandscapeResult);
      landscape = { id: m.id, job: landscapeJob(trainer, run, m.request) };
      schedule();
      return;
    }
    case 'cancel-landscape':
      if (landscape?.id === m.id) {
        landscape.job.return(undefined as unknown as LandscapeResult);
        landscape = null;
      }
      return;
  }
};
