/** im2col / col2im: unfold sliding windows of an NCHW image into columns and fold them back. */
import type { TypedArray } from '../../tensor/dtype.js';
import type { WindowGeometry } from '../backend.js';

export function im2col(x: TypedArray, g: WindowGeometry, padValue: number, out: TypedArray): void {
  const { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = g;
  const cols = outH * outW;
  const rowsPerImage = channels * kernelH * kernelW;
  for (let nIdx = 0; nIdx < batch; nIdx++) {
    for (let c = 0; c < channels; c++) {
      const xBase = (nIdx * channels + c) * height * width;
      for (let ki = 0; ki < kernelH; ki++) {
        for (let kj = 0; kj < kernelW; kj++) {
          const row = c * kernelH * kernelW + ki * kernelW + kj;
          let o = (nIdx * rowsPerImage + row) * cols;
          for (let oy = 0; oy < outH; oy++) {
            const y = oy * strideH - padH + ki * dilationH;
            if (y < 0 || y >= height) {
              for (let ox = 0; ox < outW; ox++) out[o++] = padValue;
              continue;
            }
            const rowBase = xBase + y * width;
            for (let ox = 0; ox < outW; ox++) {
              const xx = ox * strideW - padW + kj * dilationW;
              out[o++] = xx >= 0 && xx < width ? x[rowBase + xx]! : padValue;
            }
          }
        }
      }
    }
  }
}

export function col2im(colsData: TypedArray, g: WindowGeometry, out: TypedArray): void {
  const { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = g;
  const cols = outH * outW;
  const rowsPerImage = channels * kernelH * kernelW;
  for (let nIdx = 0; nIdx < batch; nIdx++) {
    for (let c = 0; c < channels; c++) {
      const xBase = (nIdx * channels + c) * height * width;
      for (let ki = 0; ki < kernelH; ki++) {
        for (let kj = 0; kj < kernelW; kj++) {
          const row = c * kernelH * kernelW + ki * kernelW + kj;
          let o = (nIdx * rowsPerImage + row) * cols;
          for (let oy = 0; oy < outH; oy++) {
            const y = oy * strideH - padH + ki * dilationH;
            if (y < 0 || y >= height) {
              o += outW;
              continue;
            }
            const rowBase = xBase + y * width;
            for (let ox = 0; ox < outW; ox++, o++) {
              const xx = ox * strideW - padW + kj * dilationW;
              if (xx >= 0 && xx < width) out[rowBase + xx] += colsData[o]!;
            }
          }
        }
      }
    }
  }
}
