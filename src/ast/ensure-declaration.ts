import { Node } from './morph';
import type { SourceFile } from 'ts-morph';
import { RefusalError } from '../errors';
import { ensureImports, type ImportRequest } from './ensure-import';
import { lineOf, parseSource } from './source';
import { applySplices, insertAt } from './splice';
import { shapeOf } from './same-code';
import { reindent } from './snippet-text';
import { detectTextStyle } from '../text/text-style';

export interface DeclarationRequest {
  /** The declared name: a class, interface, type, function or const. */
  name: string;
  /** The declaration as written with '\n' and two-space indentation, its comment included. */
  declaration: string;
  /** Put it before this declaration (and its comments) when that exists; else at the end of the file. */
  before?: string;
  /** What the declaration uses, imported when it is inserted. */
  imports?: readonly ImportRequest[];
}

/**
 * Adds a top-level declaration (a DTO class, an ack interface, a room-name builder) unless one with
 * that name is there. An existing one with the same shape (a class's or interface's fields and
 * their types; anything else token for token) is left as it is; another shape is refused.
 */
export function ensureDeclaration(fileName: string, text: string, request: DeclarationRequest): string {
  const source = parseSource(fileName, text);
  const existing = findDeclaration(source, request.name);
  if (existing) {
    const wanted = findDeclaration(parseSource('wanted.ts', request.declaration), request.name);
    if (wanted && shapeOf(existing) === shapeOf(wanted)) return text;
    const statement = Node.isVariableDeclaration(existing) ? existing.getVariableStatementOrThrow() : existing;
    const proposal = applySplices(text, [{ start: statement.getStart(), end: statement.getEnd(), text: reindent(request.declaration.replace(/^(?:\/\*\*[\s\S]*?\*\/\n)/, ''), detectTextStyle(text), '') }]);
    throw new RefusalError(fileName, `${request.name} already exists with another shape; change it by hand`, request.declaration, lineOf(text, existing.getStart()), proposal);
  }
  const style = detectTextStyle(text);
  const block = reindent(request.declaration, style, '');
  const anchor = request.before ? findDeclaration(source, request.before) : undefined;
  if (anchor) {
    const statement = Node.isVariableDeclaration(anchor) ? anchor.getVariableStatementOrThrow() : anchor;
    const comments = statement.getLeadingCommentRanges();
    const start = comments.length ? comments[0].getPos() : statement.getStart();
    return ensureImports(fileName, applySplices(text, [insertAt(start, `${block}${style.eol}${style.eol}`)]), request.imports);
  }
  const trimmedEnd = text.replace(/\s+$/, '').length;
  return ensureImports(fileName, applySplices(text, [{ start: trimmedEnd, end: text.length, text: `${trimmedEnd ? style.eol + style.eol : ''}${block}${style.eol}` }]), request.imports);
}

function findDeclaration(source: SourceFile, name: string): Node | undefined {
  return (
    source.getClass(name) ??
    source.getInterface(name) ??
    source.getTypeAlias(name) ??
    source.getFunction(name) ??
    source.getVariableDeclaration(name) ??
    source.getEnum(name)
  );
}
