import { Node, SyntaxKind } from '../ast/morph';
import { parseSource } from '../ast/source';
import { isAccessPath, sameCode } from '../ast/same-code';

/**
 * Whether the file configures @nestjs/throttler for the app: a ThrottlerModule.forRoot(...) or
 * forRootAsync(...) call, other than `except` (the entry ws-scaffold itself once wrote there).
 */
export function configuresThrottler(fileName: string, text: string, except?: string): boolean {
  if (!/\bThrottlerModule\b/.test(text)) return false;
  return parseSource(fileName, text)
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .some((call) => {
      const callee = call.getExpression();
      const configures = ['forRoot', 'forRootAsync'].some((method) => isAccessPath(callee, ['ThrottlerModule', method]));
      return configures && !(except !== undefined && Node.isCallExpression(call) && sameCode(call.getText(), except));
    });
}
