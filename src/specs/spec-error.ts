/**
 * A run specification that names something unknown or out of range (`--optimizer adamm`, a dataset
 * that does not exist, a schedule option outside its range). The command line turns it into exit
 * code 2, like any other usage error.
 */
export class SpecError extends Error {
  override name = 'SpecError';
}
