import { Node, SyntaxKind } from './morph';
import { inFileStyle } from './snippet-text';
import { insertAt, type Splice } from './splice';
import { endOfLine, indentationAt, type TextStyle } from '../text/text-style';

/**
 * Splices `item` as the last entry of an array literal, an object literal or named imports,
 * following the list's own layout: one line stays one line; a multi-line list gets a new line
 * with the last entry's indentation; a trailing comma is kept; a comment after the last entry
 * stays with that entry.
 */
export function appendToList(list: Node, entry: string, style: TextStyle): Splice[] {
  const item = inFileStyle(entry, style);
  const text = list.getSourceFile().getFullText();
  const open = list.getFirstChildByKindOrThrow(openTokenKind(list));
  const close = list.getLastChildOrThrow();
  const syntaxList = list.getFirstChildByKindOrThrow(SyntaxKind.SyntaxList);
  const entries = syntaxList.getChildren().filter((child) => child.getKind() !== SyntaxKind.CommaToken);
  const innerStart = open.getEnd();
  const closeStart = close.getStart();

  if (entries.length === 0) {
    const inner = text.slice(innerStart, closeStart);
    if (inner.trim() === '') {
      const padding = list.getKind() === SyntaxKind.ArrayLiteralExpression ? '' : ' ';
      return [{ start: innerStart, end: closeStart, text: `${padding}${item}${padding}` }];
    }
    return [insertAt(closeStart, ` ${item} `)];
  }

  const last = entries[entries.length - 1];
  const trailingComma = syntaxList.getLastChildOrThrow().getKind() === SyntaxKind.CommaToken
    ? syntaxList.getLastChildOrThrow()
    : undefined;
  const multiLine = /\n/.test(text.slice(innerStart, entries[0].getStart()));

  if (!multiLine) {
    return trailingComma ? [insertAt(trailingComma.getEnd(), ` ${item},`)] : [insertAt(last.getEnd(), `, ${item}`)];
  }

  const indent = indentationAt(text, last.getStart());
  const afterLast = trailingComma ? trailingComma.getEnd() : last.getEnd();
  // After a comment that ends the last entry's line, but never past the closing bracket.
  const lineEnd = Math.min(endOfLine(text, afterLast), closeStart);
  const lineBreakNeeded = lineEnd === closeStart && !/\n\s*$/.test(text.slice(afterLast, closeStart));
  const newLine = `${style.eol}${indent}${item}${trailingComma ? ',' : ''}`;
  if (lineBreakNeeded) {
    // `[\n  A]`: the bracket shares the last entry's line; put the new entry on a line of its own.
    return [insertAt(afterLast, `${trailingComma ? '' : ','}${newLine}`)];
  }
  if (trailingComma) return [insertAt(lineEnd, newLine)];
  if (lineEnd === last.getEnd()) return [insertAt(lineEnd, `,${newLine}`)];
  return [insertAt(last.getEnd(), ','), insertAt(lineEnd, newLine)];
}

/**
 * Splices `item` into a list right before `entry`, in the list's layout: on a line of its own in a
 * multi-line list (with `entry`'s indentation), else `item, ` before it.
 */
export function insertBeforeEntry(list: Node, entry: Node, item: string, style: TextStyle): Splice[] {
  const text = list.getSourceFile().getFullText();
  const styled = inFileStyle(item, style);
  const open = list.getFirstChildByKindOrThrow(openTokenKind(list));
  const multiLine = /\n/.test(text.slice(open.getEnd(), entry.getStart()));
  return [insertAt(entry.getStart(), multiLine ? `${styled},${style.eol}${indentationAt(text, entry.getStart())}` : `${styled}, `)];
}

function openTokenKind(list: Node): SyntaxKind {
  return list.getKind() === SyntaxKind.ArrayLiteralExpression ? SyntaxKind.OpenBracketToken : SyntaxKind.OpenBraceToken;
}
