/** Worker thread of `descent converge`: runs the experiments the pool hands it. */
import { serveJobs } from '../../experiments/serve-jobs.js';
import { runExperimentJob } from '../../experiments/convergence/run-experiment.js';

serveJobs(runExperimentJob);
