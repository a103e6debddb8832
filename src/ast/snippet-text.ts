import type * as TsMorph from 'ts-morph';
import type { ClassDeclaration, SourceFile } from 'ts-morph';
import { RefusalError } from '../errors';
import { loadTsMorph } from './morph';
import { lineOf } from './source';
import type { TextStyle } from '../text/text-style';

/**
 * Snippets are written with '\n', two-space indentation, single quotes and semicolons; this puts
 * one in the file's own style: its indentation unit and line ending, below `base` (the indentation
 * of the place it goes), its quotes, and no semicolons where the file leaves them out.
 */
export function reindent(snippet: string, style: TextStyle, base: string): string {
  return inFileStyle(snippet, style)
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


type Ts = typeof TsMorph.ts;

/** Statements and members whose closing `;` is optional (prettier's `semi: false` leaves it out). */
const OPTIONAL_SEMICOLON_KINDS = (ts: Ts): Set<number> =>
  new Set([
    ts.SyntaxKind.VariableStatement, ts.SyntaxKind.ExpressionStatement, ts.SyntaxKind.ReturnStatement, ts.SyntaxKind.ThrowStatement,
    ts.SyntaxKind.BreakStatement, ts.SyntaxKind.ContinueStatement, ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.ImportDeclaration,
    ts.SyntaxKind.ExportDeclaration, ts.SyntaxKind.ExportAssignment, ts.SyntaxKind.PropertyDeclaration, ts.SyntaxKind.PropertySignature,
    ts.SyntaxKind.MethodSignature, ts.SyntaxKind.CallSignature, ts.SyntaxKind.IndexSignature,
  ]);

/**
 * The snippet with the file's quotes and semicolon habit, edited at AST positions: string
 * literals re-quoted when their value allows it, optional semicolons dropped in a file without
 * them (kept where the next line would otherwise continue the statement).
 */
export function inFileStyle(snippet: string, style: Pick<TextStyle, 'quote' | 'semicolons'>): string {
  if (style.quote === "'" && style.semicolons) return snippet;
  const ts = loadTsMorph().ts;
  const parsed = parseSnippet(ts, snippet);
  if (!parsed) return snippet;
  const { source, offset } = parsed;
  const text = source.getFullText();
  const edits: { start: number; end: number; text: string }[] = [];
  const optional = OPTIONAL_SEMICOLON_KINDS(ts);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard);
  // Whether the next token would continue the statement once its `;` is gone: `(`, `[`, a template...
  const continuesStatement = (source: string, position: number) => {
    scanner.setText(source, position);
    return /^[([`+\-/*]/.test(scanner.scan() === ts.SyntaxKind.EndOfFileToken ? '' : scanner.getTokenText());
  };
  const visit = (node: TsMorph.ts.Node) => {
    if (style.quote === '"' && ts.isStringLiteral(node) && text[node.getStart(source)] === "'" && !node.text.includes('"') && !/\\/.test(node.getText(source))) {
      edits.push({ start: node.getStart(source), end: node.end, text: JSON.stringify(node.text) });
    }
    if (!style.semicolons && optional.has(node.kind) && text[node.end - 1] === ';' && endsLine(text, node.end) && !continuesStatement(text, node.end)) {
      edits.push({ start: node.end - 1, end: node.end, text: '' });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result.slice(offset.start, result.length - offset.end);
}

/** Whether only spaces, a line comment or nothing follow `position` on its line: `a; b` keeps its `;`. */
const endsLine = (text: string, position: number): boolean => /^[ \t]*(?:\/\/[^\n]*)?(?:\r?\n|$)/.test(text.slice(position));

/** A snippet parsed as statements, an expression, class members or interface members; none when it is neither. */
function parseSnippet(ts: Ts, snippet: string): { source: TsMorph.ts.SourceFile; offset: { start: number; end: number } } | undefined {
  for (const [before, after] of [['', ''], ['(', '\n)'], ['class Snippet {\n', '\n}'], ['interface Snippet {\n', '\n}']]) {
    const source = ts.createSourceFile('snippet.ts', `${before}${snippet}${after}`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    if (((source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0) === 0) return { source, offset: { start: before.length, end: after.length } };
  }
  return undefined;
}
