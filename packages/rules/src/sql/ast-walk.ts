import type { Expr, SelectClause } from './ast.js';

type Call = Extract<Expr, { kind: 'call' }>;

/** The first function call in `expr` (depth first) whose name satisfies `test`. */
export function findCall(expr: Expr, test: (name: string) => boolean): Call | undefined {
  if (expr.kind === 'call' && test(expr.name)) return expr;
  for (const child of children(expr)) {
    const found = findCall(child, test);
    if (found) return found;
  }
  return undefined;
}

function children(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'literal':
    case 'attribute':
    case 'wildcard':
      return [];
    case 'member':
      return [expr.object];
    case 'index':
      return [expr.object, expr.index];
    case 'call':
      return expr.args;
    case 'cast':
      return [expr.value];
    case 'negate':
    case 'not':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'case':
      return [
        expr.subject,
        ...expr.branches.flatMap((branch) => [branch.when, branch.result]),
        ...(expr.otherwise ? [expr.otherwise] : []),
      ];
    case 'object':
      return expr.entries.map((entry) => entry.value);
    case 'array':
      return expr.items;
    case 'subquery':
      return [...selectExpressions(expr.select), expr.from, ...(expr.where ? [expr.where] : [])];
  }
}

function selectExpressions(select: SelectClause): readonly Expr[] {
  if (select.kind === 'value') return [select.expr];
  return select.items.flatMap((item) => (item.kind === 'item' ? [item.expr] : []));
}
