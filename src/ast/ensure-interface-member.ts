import { Node, ts } from './morph';
import { RefusalError } from '../errors';
import { ensureImports, type ImportRequest } from './ensure-import';
import { memberNameOf, type ReadFile } from './constant-strings';
import { lineOf, parseSource } from './source';
import { applySplices, insertAt, removeLines } from './splice';
import { sameNode } from './same-code';
import { reindent } from './snippet-text';
import { detectTextStyle, indentationAt } from '../text/text-style';

export interface InterfaceMemberRequest {
  /** e.g. `ChatClientToServerEvents` */
  interfaceName: string;
  /** The member's name without quotes, e.g. `chat:send`. */
  name: string;
  /** The whole member, e.g. `'chat:send': (payload: ChatSendDto) => void;` */
  member: string;
  /** Members an earlier template wrote under this name, which count as this one. */
  accepted?: readonly string[];
  /** What the member uses, imported when it is inserted. */
  imports?: readonly ImportRequest[];
}

/**
 * Adds a member to an interface (an event map entry) unless it is there. The same member written
 * differently (quotes, spacing, line breaks) counts as there; another type under that name is
 * refused, never replaced.
 */
export function ensureInterfaceMember(fileName: string, text: string, request: InterfaceMemberRequest, readFile?: ReadFile): string {
  const source = parseSource(fileName, text);
  const target = source.getInterface(request.interfaceName);
  if (!target) throw new RefusalError(fileName, `no interface ${request.interfaceName} was found in this file`, request.member);
  // `readFile` reads computed keys (`[ChatEvents.Send]`) whose constants the file imports.
  const existing = target.getMembers().find((m) => (Node.isPropertySignature(m) || Node.isMethodSignature(m)) && memberNameOf(m, readFile) === request.name);
  if (existing) {
    for (const member of [request.member, ...(request.accepted ?? [])]) {
      const wanted = parseSource('member.ts', `interface Wanted {\n${member}\n}`).getInterfaceOrThrow('Wanted').getMembers()[0];
      if (wanted && sameNode(existing, wanted, { a: nameNode(existing), b: nameNode(wanted) })) return text;
    }
    const proposal = applySplices(text, [{ start: existing.getStart(), end: existing.getEnd(), text: reindent(request.member, detectTextStyle(text), '').trimStart() }]);
    throw new RefusalError(fileName, `${request.interfaceName} already declares '${request.name}' with another type; change it by hand`, request.member, lineOf(text, existing.getStart()), proposal);
  }
  const style = detectTextStyle(text);
  const members = target.getMembers();
  const open = target.getFirstChildByKindOrThrow(ts.SyntaxKind.OpenBraceToken);
  const close = target.getLastChildOrThrow();
  if (members.length === 0) {
    const indent = indentationAt(text, target.getStart()) + style.indentUnit;
    const fill = { start: open.getEnd(), end: close.getStart(), text: `${style.eol}${reindent(request.member, style, indent)}${style.eol}${indentationAt(text, target.getStart())}` };
    // The lint exception written for an empty map no longer holds once the map has a member.
    const exception = target.getLeadingCommentRanges().find((c) => EMPTY_INTERFACE_EXCEPTION.test(c.getText()));
    return ensureImports(fileName, applySplices(text, exception ? [fill, removeLines(text, exception.getPos(), exception.getEnd())] : [fill]), request.imports);
  }
  const last = members[members.length - 1];
  return ensureImports(fileName, applySplices(text, [insertAt(last.getEnd(), `${style.eol}${reindent(request.member, style, indentationAt(text, members[0].getStart()))}`)]), request.imports);
}

/** What ws-scaffold writes above an event map that starts empty (`@typescript-eslint/no-empty-object-type`). */
const EMPTY_INTERFACE_EXCEPTION = /^\/\/\s*eslint-disable-next-line\s+@typescript-eslint\/no-empty-object-type\s*$/;

/** A member's name node: left out when two members are compared by what follows their names. */
const nameNode = (member: Node): Node | undefined =>
  'getNameNode' in member ? (member as unknown as { getNameNode(): Node }).getNameNode() : undefined;
