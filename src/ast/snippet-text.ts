import { Node } from './morph';
import type { ClassDeclaration, SourceFile } from 'ts-morph';
import { RefusalError } from '../engine/errors';
import { normaliseCode } from '../engine/normalise';
import { lineOf } from './source';
import type { TextStyle } from './text-style';

/**
 * Snippets are written with '\n' and two-space indentation; this re-indents one to the file's
 * own unit and line ending, below `base` (the indentation of the place it goes).
 */
export function reindent(snippet: string, style: TextStyle, base: string): string {
  return snippet
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return '';
      const spaces = /^ */.exec(line)![0].length;
      return base + style.indentUnit.repeat(Math.floor(spaces / 2)) + ' '.repeat(spaces % 2) + line.slice(spaces);
    })
    .join(style.eol);
}

/** Names without quotes: `'chat:send'` and `chat:send` are the same member. */
export const unquote = (name: string): string => name.replace(/^(['"`])(.*)\1$/, '$2');

/** Formatting (whitespace, quotes, semicolons, trailing commas, as prettier writes them) does not count. */
export const sameTypeText = (a: string | undefined, b: string | undefined): boolean =>
  normaliseCode((a ?? '').replace(/[;,\s]+$/, '')) === normaliseCode((b ?? '').replace(/[;,\s]+$/, ''));

/**
 * The class an edit goes into: the one named `className`, or else the file's single class
 * decorated with @WebSocketGateway.
 */
export function findTargetClass(fileName: string, text: string, source: SourceFile, className: string | undefined, snippet: string): ClassDeclaration {
  const classes = source.getClasses();
  const found = className
    ? classes.filter((c) => c.getName() === className)
    : classes.filter((c) => c.getDecorators().some((d) => d.getName() === 'WebSocketGateway'));
  const what = className ? `class ${className}` : 'class decorated with @WebSocketGateway';
  if (found.length === 0) throw new RefusalError(fileName, `no ${what} was found in this file`, snippet);
  if (found.length > 1) throw new RefusalError(fileName, `more than one ${what} in this file`, snippet, lineOf(text, found[1].getStart()));
  return found[0];
}

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
