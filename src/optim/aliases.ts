/**
 * PyTorch spells some options differently (`lr`, `betas` aside). A PyTorch user's first guess
 * should get a precise hint rather than a bare "unknown option".
 */

/** PyTorch names whose descent name is not within a small edit distance. */
const PYTORCH_NAMES: Record<string, string> = {
  lr: 'learningRate',
  lambda: 'lambd',
};

/**
 * Throws `Owner: unknown option 'lr'; did you mean 'learningRate'?` for PyTorch spellings that
 * the edit-distance hint cannot catch. Other unknown names are left to `resolveOptions`.
 */
export function rejectPyTorchSpellings(owner: string, options: object, valid: readonly string[]): void {
  for (const key of Object.keys(options)) {
    const hint = PYTORCH_NAMES[key];
    if (hint !== undefined && !valid.includes(key) && valid.includes(hint)) {
      throw new Error(`${owner}: unknown option '${key}'; did you mean '${hint}'? Valid options: ${valid.join(', ')}`);
    }
  }
}
