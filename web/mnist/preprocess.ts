/**
 * A drawn digit made to look like an MNIST digit, as the MNIST authors prepared theirs: the ink's
 * bounding box scaled (keeping its aspect ratio) so its longer side is 20 pixels, resampled by area
 * averaging (anti-aliased: grey edges, as in MNIST), then placed in a 28×28 image so that its centre
 * of mass falls on the image's centre. Without this a digit drawn small or off-centre on the pad
 * looks nothing like the training digits and the network guesses.
 */

/** Side of the output image. */
export const MNIST_SIDE = 28;
/** Side of the box the digit is scaled into. */
export const MNIST_BOX = 20;

/**
 * Weights of the area-averaging resampling of `n` source pixels onto `m` target pixels: for each
 * target pixel, the source pixels it covers and the fraction of each it covers (summing to 1).
 */
function areaWeights(n: number, m: number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  const scale = n / m;
  for (let j = 0; j < m; j++) {
    const a = j * scale;
    const b = (j + 1) * scale;
    const row: Array<[number, number]> = [];
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 0) row.push([i, overlap / scale]);
    }
    out.push(row);
  }
  return out;
}

/** The ink's bounding box in `ink` (`width × height`, values in [0, 1]), or null when blank. */
export function inkBox(ink: ArrayLike<number>, width: number, height: number, threshold = 0.05): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Centre of mass (x, y) of an image, in pixel units with pixel i spanning [i, i+1]. */
export function centreOfMass(img: ArrayLike<number>, width: number, height: number): [number, number] {
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x]!;
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return m > 0 ? [mx / m, my / m] : [width / 2, height / 2];
}

/**
 * The 28×28 MNIST-style image (784 values in [0, 1], row by row) of the ink in `ink` (`width ×
 * height` coverage values in [0, 1], e.g. a canvas' alpha channel / 255). A blank pad gives zeros.
 *
 * @example
 * const pixels = preprocessDigit(alpha, 280, 280); // then trainer.predict(pixels)
 */
export function preprocessDigit(ink: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  const box = inkBox(ink, width, height);
  if (!box) return out;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const s = MNIST_BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * s));
  const th = Math.max(1, Math.round(bh * s));
  // Separable area averaging: rows first (bw → tw), then columns (bh → th).
  const wx = areaWeights(bw, tw);
  const wy = areaWeights(bh, th);
  const rows = new Float32Array(bh * tw);
  for (let y = 0; y < bh; y++) {
    const base = (box.y0 + y) * width + box.x0;
    for (let j = 0; j < tw; j++) {
      let v = 0;
      for (const [i, w] of wx[j]!) v += w * ink[base + i]!;
      rows[y * tw + j] = v;
    }
  }
  const small = new Float32Array(th * tw);
  for (let k = 0; k < th; k++) {
    for (let j = 0; j < tw; j++) {
      let v = 0;
      for (const [i, w] of wy[k]!) v += w * rows[i * tw + j]!;
      small[k * tw + j] = Math.min(1, v);
    }
  }
  // Shift (by whole pixels, as MNIST did) so the centre of mass lands on (14, 14), kept inside.
  const [cx, cy] = centreOfMass(small, tw, th);
  const ox = Math.max(0, Math.min(MNIST_SIDE - tw, Math.round(MNIST_SIDE / 2 - cx)));
  const oy = Math.max(0, Math.min(MNIST_SIDE - th, Math.round(MNIST_SIDE / 2 - cy)));
  for (let k = 0; k < th; k++) for (let j = 0; j < tw; j++) out[(oy + k) * MNIST_SIDE + ox + j] = small[k * tw + j]!;
  return out;
}
