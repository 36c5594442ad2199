/**
 * Formulas typed by a user, such as `f(x, y) = (1.5 - x + x*y)^2`: a tokenizer and parser with
 * precise error positions, and evaluation with descent's tensors, so gradients and Hessians come
 * from the library's autograd.
 */
export { ExpressionError } from './expression-error.js';
export { tokenize, type Token } from './tokenize.js';
export { formatExpr, variablesOf, type Expr } from './ast.js';
export { EXPRESSION_CONSTANTS, EXPRESSION_FUNCTIONS, type ExpressionFunction, type Value as ExpressionValue } from './functions.js';
export { parseExpression, type ParseOptions } from './parse.js';
export { compileExpression, type CompiledExpression } from './compile.js';
export { expressionObjective, tryExpressionObjective, type ExpressionObjective, type ExpressionResult } from './objective.js';
