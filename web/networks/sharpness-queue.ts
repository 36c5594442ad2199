/**
 * The lab's λmax measurements waiting or in progress, oldest first, computed one Hessian-vector
 * product at a time: a measurement of an 8 × 64 race is about 80 products, half a second or more,
 * and the worker must answer Pause, Step and a reset between two of them rather than after all.
 */
import type { LabRun, SharpnessPoint } from './lab-run.js';
import type { PowerIterationProgress } from './sharpness.js';

/** One measurement: each `next()` builds its operator or does one Hessian-vector product; it returns the point it recorded. */
export type SharpnessJob = Generator<PowerIterationProgress, SharpnessPoint>;

/** What {@link SharpnessQueue.advance} did. */
export type SharpnessAdvance =
  | { kind: 'idle' }
  /** A piece of the oldest measurement was done: building its operator, or one product. */
  | { kind: 'progress'; progress: PowerIterationProgress }
  | { kind: 'measured'; run: LabRun; point: SharpnessPoint }
  | { kind: 'failed'; run: LabRun; message: string };

/** Measurements in order; the trainer keeps its runs from stepping while this is not empty. */
export class SharpnessQueue {
  private readonly jobs: Array<{ run: LabRun; job: SharpnessJob }> = [];

  /** True while a measurement waits or runs. */
  get busy(): boolean {
    return this.jobs.length > 0;
  }

  /** Queues `job`, a measurement of `run`, after those already queued. */
  add(run: LabRun, job: SharpnessJob): void {
    this.jobs.push({ run, job });
  }

  /**
   * One piece of the oldest measurement: building its operator, or one Hessian-vector product (the
   * call after its last product records its point and does no product). A measurement that throws
   * is dropped and reported, not rethrown.
   */
  advance(): SharpnessAdvance {
    const head = this.jobs[0];
    if (!head) return { kind: 'idle' };
    try {
      const next = head.job.next();
      if (!next.done) return { kind: 'progress', progress: next.value };
      this.jobs.shift();
      return { kind: 'measured', run: head.run, point: next.value };
    } catch (err) {
      this.jobs.shift();
      return { kind: 'failed', run: head.run, message: err instanceof Error ? err.message : String(err) };
    }
  }
}
