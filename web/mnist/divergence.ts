/**
 * What an MNIST run's numbers say: when it has diverged, when its accuracy is no better than
 * guessing, and whether its curves show over-fitting (the accuracy chart's caption). A 10-class
 * network starts near a cross-entropy of ln 10 ≈ 2.3; a batch loss 20 times the untrained
 * network's (≈ 46: the right digit gets probability e⁻⁴⁶ on average) does not come back in
 * practice, and a non-finite one never does — training on is wasted time.
 */

/** A batch loss above this multiple of the untrained network's held-out loss is a divergence. */
export const DIVERGED_FACTOR = 20;

/** Accuracy of guessing one of the 10 digits. */
export const CHANCE_ACCURACY = 0.1;

/** Batches in a row above the limit before a finite loss counts as diverged (a lone spike can recover). */
export const EXPLODING_STREAK = 5;

/**
 * Watches a run's batch losses: `observe` returns true once the run has diverged — at the first
 * non-finite loss, or after {@link EXPLODING_STREAK} batches in a row above {@link DIVERGED_FACTOR}
 * times `reference` (the untrained network's loss).
 */
export class DivergenceWatch {
  private streak = 0;

  constructor(private readonly reference: number) {}

  /** Takes one batch loss; true when the run has diverged. */
  observe(loss: number): boolean {
    if (!Number.isFinite(loss)) return true;
    const exploding = Number.isFinite(this.reference) && this.reference > 0 && loss > DIVERGED_FACTOR * this.reference;
    this.streak = exploding ? this.streak + 1 : 0;
    return this.streak >= EXPLODING_STREAK;
  }
}

/**
 * Whether `accuracy` on 10 classes is at chance: within 3 points of 10% (or below it), which a
 * network that learned anything leaves behind in its first steps.
 */
export function atChance(accuracy: number): boolean {
  return Number.isFinite(accuracy) && accuracy < CHANCE_ACCURACY + 0.03;
}

/**
 * The accuracy chart's caption, from the latest held-out and training points: over-fitting is
 * named only when training accuracy is ahead of held-out by more than 2 points, and a network at
 * chance is called that.
 */
export function accuracyNote(held: { heldOutAccuracy: number } | undefined, train: { trainAccuracy: number } | undefined): string {
  const base = 'Accuracy (0–100%)';
  if (!held || !train || !Number.isFinite(train.trainAccuracy)) return `${base}: training solid, held-out dashed.`;
  if (atChance(held.heldOutAccuracy)) return `${base}: at chance (${100 * CHANCE_ACCURACY}%) — the network has learned nothing.`;
  const gap = 100 * (train.trainAccuracy - held.heldOutAccuracy);
  if (gap > 2) return `${base}: training ahead of held-out by ${gap.toFixed(1)} points — that gap is over-fitting.`;
  return `${base}: training and held-out within ${Math.abs(gap).toFixed(1)} points — no over-fitting so far.`;
}
