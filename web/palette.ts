/**
 * The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"): eight colours that stay
 * distinguishable with the common forms of colour blindness. Black is last: it is kept for text.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'] as const;

/** The colour of series `i` (cycling). */
export function seriesColour(i: number): string {
  return OKABE_ITO[i % OKABE_ITO.length]!;
}
