/** Integer tensors for tests: class labels and indices are int32 in descent. */
import { tensor } from '../../src/tensor/creation.js';
import type { NestedArray, Tensor } from '../../src/tensor/tensor.js';

/** An int32 tensor of `values` (a number, or nested arrays of them). */
export const int32 = (values: NestedArray): Tensor => tensor(values, { dtype: 'int32' });
