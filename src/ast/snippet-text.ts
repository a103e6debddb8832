import type { ClassDeclaration, SourceFile } from 'ts-morph';
import { RefusalError } from '../errors';
import { lineOf } from './source';
import type { TextStyle } from '../text/text-style';

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

/** Which class an edit goes into: the one named `className`, or the file's single class with the decorator. */
export type ClassTarget = { className: string } | { decoratedWith: string };

/** The class an edit goes into (see ClassTarget); none or several is a refusal. */
export function findTargetClass(fileName: string, text: string, source: SourceFile, target: ClassTarget, snippet: string): ClassDeclaration {
  const classes = source.getClasses();
  const found = 'className' in target
    ? classes.filter((c) => c.getName() === target.className)
    : classes.filter((c) => c.getDecorators().some((d) => d.getName() === target.decoratedWith));
  const what = 'className' in target ? `class ${target.className}` : `class decorated with @${target.decoratedWith}`;
  if (found.length === 0) throw new RefusalError(fileName, `no ${what} was found in this file`, snippet);
  if (found.length > 1) throw new RefusalError(fileName, `more than one ${what} in this file`, snippet, lineOf(text, found[1].getStart()));
  return found[0];
}

