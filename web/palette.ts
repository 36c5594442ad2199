/**
 * The series colours: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design") first —
 * seven colours that stay distinguishable with the common forms of colour blindness — then twelve
 * more from Paul Tol's and Tableau's palettes, chosen so every pair is at least ΔE*76 ≈ 19 apart in
 * CIELAB (checked by test/web/palette.test.ts): 19 runs before a colour repeats. Black is not a
 * series colour: it is kept for text and for the outlines of the points on the map.
 */
export const SERIES_COLOURS = [
  '#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442',
  '#882255', '#332288', '#999933', '#CC6677', '#117733', '#AA4499', '#8C564B',
  '#7F7F7F', '#17BECF', '#9467BD', '#FF9DA7', '#B6E880',
] as const;

/** The colour of series `i` (cycling after {@link SERIES_COLOURS}' length). */
export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length]!;
}
