import type { Expression } from 'ts-morph';
import { Node, SyntaxKind } from '../ast/morph';
import { parseSource } from '../ast/source';

/** Nest's own default, and what the next steps say when main.ts does not tell. */
export const DEFAULT_PORT = 3000;

/**
 * The port main.ts listens on, for the next steps a generator prints: the first argument of
 * `app.listen()` when it is a number (`4000`, `'4000'`) or an environment variable with one as its
 * fallback (`process.env.PORT ?? 4000`, `|| 4000`). Anything else (a config service, a
 * computed value) cannot be read: DEFAULT_PORT.
 */
export function listenPort(fileName: string, text: string | undefined): number {
  if (text === undefined || !/\.listen\s*\(/.test(text)) return DEFAULT_PORT;
  const source = parseSource(fileName, text);
  const ports = source
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => {
      const callee = call.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getName() === 'listen';
    })
    .map((call) => portOf(call.getArguments()[0] as Expression | undefined));
  const known = ports.filter((port): port is number => port !== undefined);
  return known.length === ports.length && new Set(known).size === 1 ? known[0] : DEFAULT_PORT;
}

function portOf(argument: Expression | undefined): number | undefined {
  if (!argument) return undefined;
  const node = Node.isParenthesizedExpression(argument) ? argument.getExpression() : argument;
  if (Node.isNumericLiteral(node) || Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
    const value = node.getLiteralValue();
    const port = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
  }
  if (Node.isBinaryExpression(node)) {
    const operator = node.getOperatorToken().getKind();
    const left = node.getLeft().getText().replace(/\s/g, '');
    if ((operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken) && /^process\.env(\.\w+|\[['"]\w+['"]\])$/.test(left)) {
      return portOf(node.getRight());
    }
  }
  return undefined;
}
