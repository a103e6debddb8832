import { ts } from './morph';
import type { ClassDeclaration } from 'ts-morph';
import { ensureImports, type ImportRequest } from './ensure-import';
import { parseSource } from './source';
import { applySplices, insertAt, type Splice } from './splice';
import { findTargetClass, reindent, unquote, type ClassTarget } from './snippet-text';
import { detectTextStyle, indentationAt, type TextStyle } from '../text/text-style';

export interface ClassMemberRequest {
  /** The class to edit. */
  target: ClassTarget;
  /** The member's name (method or property). */
  name: string;
  /** The member as written with '\n' and two-space indentation, decorators and comments included. */
  member: string;
  /** What the member uses, imported when it is inserted. */
  imports?: readonly ImportRequest[];
}

/**
 * Adds a member at the end of a class unless one with that name is already there. An existing
 * member is the user's (they fill it in): it is never compared or replaced.
 */
export function ensureClassMember(fileName: string, text: string, request: ClassMemberRequest): string {
  const source = parseSource(fileName, text);
  const target = findTargetClass(fileName, text, source, request.target, request.member);
  if (target.getMembers().some((m) => 'getName' in m && unquote(String(m.getName())) === request.name)) return text;
  return ensureImports(fileName, applySplices(text, appendClassMember(text, target, request.member, detectTextStyle(text))), request.imports);
}

/** The splice that puts `member` last in the class, a blank line after the previous member. */
export function appendClassMember(text: string, target: ClassDeclaration, member: string, style: TextStyle): Splice[] {
  const open = target.getFirstChildByKindOrThrow(ts.SyntaxKind.OpenBraceToken);
  const close = target.getLastChildOrThrow();
  const members = target.getMembers();
  const classIndent = indentationAt(text, target.getStart());
  if (members.length === 0) {
    const body = reindent(member, style, classIndent + style.indentUnit);
    return [{ start: open.getEnd(), end: close.getStart(), text: `${style.eol}${body}${style.eol}${classIndent}` }];
  }
  const last = members[members.length - 1];
  const memberIndent = indentationAt(text, members[0].getStart());
  return [insertAt(last.getEnd(), `${style.eol}${style.eol}${reindent(member, style, memberIndent)}`)];
}
