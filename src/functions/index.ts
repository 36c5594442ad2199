/**
 * 2-D test functions with exact values, gradients and Hessians, their registry, a formula-based
 * objective, and the small float64 MLP used by the parity checker.
 */
export type { ConstantSpec, KnownPoint, Objective2D, TestFunctionEntry } from './types.js';
export { makeObjective, resolveConstants } from './types.js';
export { rosenbrock, rosenbrockEntry } from './rosenbrock.js';
export { beale, bealeEntry } from './beale.js';
export { himmelblau, himmelblauEntry } from './himmelblau.js';
export { booth, boothEntry, matyas, matyasEntry, illConditionedQuadratic, quadraticEntry } from './quadratics.js';
export {
  threeHumpCamel,
  threeHumpCamelEntry,
  rastrigin,
  rastriginEntry,
  saddle,
  saddleEntry,
  monkeySaddle,
  monkeySaddleEntry,
} from './multimodal.js';
export { valley, valleyEntry } from './valley.js';
export { TEST_FUNCTIONS, findTestFunction, testFunction } from './registry.js';
export { compileFormula, formulaObjective } from './formula.js';
export { mlpLossAndGradients, type MlpData, type MlpParams, type MlpResult } from './mlp.js';
