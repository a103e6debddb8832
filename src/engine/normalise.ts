import { loadTsMorph } from '../ast/morph';

/**
 * The code of a TypeScript file with its formatting taken out: whitespace, line endings, quote
 * style, semicolons and trailing commas do not count; comments and code do. Two files with the
 * same normal form differ only in what prettier (or an editor's EOL setting) decides.
 */
export function normaliseCode(text: string): string {
  const { ts } = loadTsMorph();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ false, ts.LanguageVariant.Standard, text);
  const tokens: string[] = [];
  // The scanner alone cannot tell a `}` closing `${...}` in a template from a block's: track it.
  const nesting: ('template' | 'brace')[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.OpenBraceToken) {
      nesting.push(kind === ts.SyntaxKind.TemplateHead ? 'template' : 'brace');
    } else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (nesting.pop() === 'template') {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateMiddle) nesting.push('template');
      }
    }
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    if (kind === ts.SyntaxKind.SemicolonToken) continue;
    if (kind === ts.SyntaxKind.StringLiteral) tokens.push(JSON.stringify(scanner.getTokenValue()));
    else if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      tokens.push(scanner.getTokenText().replace(/\s+/g, ' '));
    } else tokens.push(scanner.getTokenText());
  }
  // A comma right before a closing bracket is a trailing comma: style, not code.
  return tokens.filter((token, i) => !(token === ',' && [')', ']', '}', '>'].includes(tokens[i + 1] ?? ''))).join(' ');
}

export const sameCode = (a: string, b: string): boolean => a === b || normaliseCode(a) === normaliseCode(b);
