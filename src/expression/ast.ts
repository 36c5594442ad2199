/** The syntax tree of a parsed expression; every node remembers where it came from in the source. */

/** A node of the tree. */
export type Expr =
  | { type: 'number'; value: number; position: number; length: number }
  | { type: 'variable'; name: string; position: number; length: number }
  | { type: 'unary'; op: '-'; arg: Expr; position: number; length: number }
  | { type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr; position: number; length: number }
  | { type: 'call'; name: string; args: Expr[]; position: number; length: number };

/** The variables an expression uses, in order of first appearance. */
export function variablesOf(expr: Expr, out: string[] = []): string[] {
  switch (expr.type) {
    case 'variable':
      if (!out.includes(expr.name)) out.push(expr.name);
      break;
    case 'unary':
      variablesOf(expr.arg, out);
      break;
    case 'binary':
      variablesOf(expr.left, out);
      variablesOf(expr.right, out);
      break;
    case 'call':
      for (const a of expr.args) variablesOf(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** The expression written back as text, fully parenthesised (for tests and display). */
export function formatExpr(expr: Expr): string {
  switch (expr.type) {
    case 'number':
      return String(expr.value);
    case 'variable':
      return expr.name;
    case 'unary':
      return `(-${formatExpr(expr.arg)})`;
    case 'binary':
      return `(${formatExpr(expr.left)} ${expr.op} ${formatExpr(expr.right)})`;
    case 'call':
      return `${expr.name}(${expr.args.map(formatExpr).join(', ')})`;
  }
}
