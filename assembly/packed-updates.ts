/**
 * Every fused optimizer update behind one entry whose scalars are read from memory: the form the
 * worker threads run (their job words hold only 32-bit integers), each thread a range of the
 * elements. The arithmetic is the kernels' own, so the bits do not depend on the split.
 *
 * `kind`: 0 adam, 1 sgd, 2 rmsprop, 3 adagrad, 4 adamax, 5 nadam, 6 radam, 7 lion, 8 adadelta, 9 asgd, 10 rprop (UPDATE_KINDS in
 * src/backend/wasm/updates.ts). `a`, `b`, `c`: the kernel's state arrays in its own order (0 where it
 * has fewer or one is unused). `s`: the kernel's f64 scalars in its argument order, booleans as 0/1.
 */
import { adam, sgd, rmsprop } from './optim';
import { adagrad, adamax, nadam, radam, lion, adadelta, asgd, rprop } from './adaptive-updates';

// @ts-ignore: decorator
@inline function f(s: usize, i: i32): f64 {
  return load<f64>(s + (<usize>i << 3));
}

export function updatePacked(kind: i32, variant: i32, p: usize, g: usize, a: usize, b: usize, c: usize, n: i32, s: usize): void {
  switch (kind) {
    case 0: adam(variant, p, g, a, b, c, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4), f(s, 5), f(s, 6), f(s, 7)); break;
    case 1: sgd(variant, p, g, a, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4), f(s, 5) != 0, f(s, 6) != 0); break;
    case 2: rmsprop(variant, p, g, a, b, c, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4), f(s, 5)); break;
    case 3: adagrad(p, g, a, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3)); break;
    case 4: adamax(p, g, a, b, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4), f(s, 5)); break;
    case 5: nadam(p, g, a, b, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4), f(s, 5), f(s, 6), f(s, 7), f(s, 8)); break;
    case 6: radam(p, g, a, b, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4), f(s, 5), f(s, 6), f(s, 7) != 0, f(s, 8), f(s, 9), f(s, 10)); break;
    case 7: lion(p, g, a, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4)); break;
    case 8: adadelta(p, g, a, b, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4)); break;
    case 9: asgd(p, g, a, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4)); break;
    case 10: rprop(p, g, a, b, n, f(s, 0), f(s, 1), f(s, 2), f(s, 3), f(s, 4)); break;
    default: unreachable();
  }
}
