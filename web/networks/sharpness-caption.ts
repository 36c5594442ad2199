/**
 * The sharpness chart's caption, which depends on the optimizers: 2/η is the stability threshold
 * of plain full-batch gradient descent only. Beside Adam at η 0.03 the dashed 2/η = 66.67 sits far
 * above a λmax of 0.01, and a caption promising "λmax rises to 2/η" would mislead.
 */
import type { LabConfig } from './config.js';

/** What the caption says, and whether to point to the edge-of-stability preset. */
export interface SharpnessCaption {
  text: string;
  /** Point the reader to the preset where λmax does meet 2/η (full-batch gradient descent). */
  showPreset: boolean;
}

const BASE = 'Sharpness λmax of the full training loss (power iteration on Hessian-vector products) and 2/η dashed.';

/** The caption for `config`'s runs. */
export function sharpnessCaption(config: LabConfig): SharpnessCaption {
  const plainSgd = config.runs.filter((r) => r.optimizer === 'sgd');
  const adaptive = config.runs.some((r) => r.optimizer !== 'sgd');
  const momentum = plainSgd.some((r) => typeof r.options.momentum === 'number' && r.options.momentum !== 0);
  const fullBatch = config.batchSize === 0 || config.batchSize >= Math.round(config.data.samples * (1 - config.data.heldOut));
  const parts = [BASE];
  if (plainSgd.length > 0 && fullBatch) parts.push('Full-batch gradient descent drives λmax up to 2/η and hovers there — the edge of stability (Cohen et al., 2021).');
  else if (plainSgd.length > 0) parts.push('Full-batch gradient descent drives λmax up to 2/η (the edge of stability, Cohen et al., 2021); with mini-batches λmax usually settles below it.');
  if (momentum) parts.push('With momentum μ the threshold is (2 + 2μ)/η, not 2/η.');
  if (adaptive) parts.push('For Adam and the other adaptive methods 2/η is not the threshold: their edge of stability concerns the preconditioned Hessian (Cohen et al., 2022), so λmax can sit far below 2/η.');
  return { text: parts.join(' '), showPreset: adaptive || !fullBatch || plainSgd.length === 0 };
}
