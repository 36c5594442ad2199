/**
 * The bound on class labels. Every loader and `Dataset` keeps class indices in `[0, MAX_CLASSES)`,
 * so that nothing sized by the number of classes (per-class rows in a stratified split, one-hot rows,
 * a model's output layer, a confusion matrix's side) can be made huge by one stray label in a file.
 */

/**
 * Class labels are integers in `[0, MAX_CLASSES)`: 2^20 = 1,048,576 classes. Large enough for any
 * classification dataset in use (ImageNet-21k has 21,841 classes), small enough that one label of
 * 100000000 in a 1 KB file is an error rather than a gigabyte of per-class bookkeeping.
 *
 * @example
 * parseCsv('x,y\n1,2000000\n'); // DataError: <csv>, line 2, column 2: class label 2000000 is out of range: class labels must be integers in [0, 1048576) ("y")
 */
export const MAX_CLASSES = 2 ** 20;
