import { Node, loadTsMorph } from './morph';
import { unquote } from './snippet-text';

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

/** Formatting (whitespace, quotes, semicolons, trailing commas, as prettier writes them) does not count. */
export const sameTypeText = (a: string | undefined, b: string | undefined): boolean =>
  normaliseCode((a ?? '').replace(/[;,\s]+$/, '')) === normaliseCode((b ?? '').replace(/[;,\s]+$/, ''));

/**
 * What a class or interface declares, as sorted `name?: type` lines, for "same shape" checks that
 * ignore decorators, comments, order and formatting. Other declarations compare as their text.
 */
export function shapeOf(node: Node): string {
  if (Node.isClassDeclaration(node) || Node.isInterfaceDeclaration(node)) {
    const members = Node.isClassDeclaration(node) ? node.getProperties() : node.getProperties();
    return members
      .map((p) => `${unquote(p.getName())}${p.hasQuestionToken() ? '?' : ''}:${(p.getTypeNode()?.getText() ?? 'any').replace(/\s+/g, '')}`)
      .sort()
      .join(';');
  }
  return node.getText().replace(/\s+/g, '');
}
