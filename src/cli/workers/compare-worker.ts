/** Worker thread of `descent compare`: runs the configurations the pool hands it. */
import { serveJobs } from '../../experiments/serve-jobs.js';
import { runConfiguration } from '../../experiments/compare/run-configuration.js';

serveJobs(runConfiguration);
