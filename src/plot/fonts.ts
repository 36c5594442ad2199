/**
 * Font files for the PNG rasteriser. resvg draws text only with fonts it has loaded; scanning every
 * system font is slow, so we look for one good sans-serif file first and fall back to the scan.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Sans-serif fonts we know render Vega's labels well, most preferred first (Debian and macOS paths). */
const CANDIDATES: readonly { family: string; file: string }[] = [
  { family: 'DejaVu Sans', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
  { family: 'Liberation Sans', file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' },
  { family: 'Liberation Sans', file: '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf' },
  { family: 'Noto Sans', file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf' },
  { family: 'Helvetica', file: '/System/Library/Fonts/Helvetica.ttc' },
  { family: 'Arial', file: 'C:\\Windows\\Fonts\\arial.ttf' },
];

/** Where the rasteriser finds its font: one file and its family, or `null` (scan the system). */
export interface FontChoice {
  family: string;
  files: string[];
}

let cached: FontChoice | null | undefined;

/**
 * The sans-serif font the PNGs use: `DESCENT_FONT=<file>` if set, else the first known file that
 * exists, else `null` (resvg then loads every system font and picks its own default).
 *
 * @example
 * const font = findFont(); // { family: 'DejaVu Sans', files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] }
 */
export function findFont(): FontChoice | null {
  if (cached !== undefined) return cached;
  const fromEnv = process.env.DESCENT_FONT;
  if (fromEnv && existsSync(fromEnv)) return (cached = { family: '', files: [fromEnv] });
  const known = CANDIDATES.find((c) => existsSync(c.file));
  if (known) {
    // The bold face makes titles bold when it is there.
    const bold = known.file.replace(/\.ttf$/, '-Bold.ttf').replace('Regular-Bold', 'Bold');
    return (cached = { family: known.family, files: existsSync(bold) ? [known.file, bold] : [known.file] });
  }
  return (cached = scanForAnyFont());
}

function scanForAnyFont(): FontChoice | null {
  for (const dir of ['/usr/share/fonts', '/usr/local/share/fonts']) {
    const file = firstTtf(dir, 3);
    if (file) return { family: '', files: [file] };
  }
  return null;
}

function firstTtf(dir: string, depth: number): string | null {
  if (depth < 0 || !existsSync(dir)) return null;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const file = entries.find((e) => e.isFile() && /\.(ttf|otf)$/i.test(e.name) && /sans/i.test(e.name) && !/mono|bold|italic|oblique/i.test(e.name));
  if (file) return join(dir, file.name);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const found = firstTtf(join(dir, e.name), depth - 1);
    if (found) return found;
  }
  return null;
}
