/** One experiment as a pool job (plain data in, plain data out), for worker threads. */
import { selectExperiments } from './experiments.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

/** Which experiment to run, with its options. */
export interface ExperimentJob {
  name: string;
  options: ExperimentOptions;
}

/**
 * Runs the named experiment.
 *
 * @example
 * await runExperimentJob({ name: 'momentum', options: { quick: true } });
 */
export async function runExperimentJob(job: ExperimentJob): Promise<ExperimentResult> {
  return selectExperiments([job.name])[0]!.run(job.options);
}
