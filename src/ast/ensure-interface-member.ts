import { Node, ts } from './morph';
import { RefusalError } from '../errors';
import { memberNameOf, type ReadFile } from './constant-strings';
import { lineOf, parseSource } from './source';
import { applySplices, insertAt } from './splice';
import { sameTypeText } from './same-code';
import { reindent } from './snippet-text';
import { detectTextStyle, indentationAt } from '../text/text-style';

export interface InterfaceMemberRequest {
  /** e.g. `ChatClientToServerEvents` */
  interfaceName: string;
  /** The member's name without quotes, e.g. `chat:send`. */
  name: string;
  /** The whole member, e.g. `'chat:send': (payload: ChatSendDto) => void;` */
  member: string;
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
    const wanted = parseSource('member.ts', `interface Wanted {\n${request.member}\n}`).getInterfaceOrThrow('Wanted').getMembers()[0];
    if (wanted && sameTypeText(afterName(existing), afterName(wanted))) return text;
    throw new RefusalError(fileName, `${request.interfaceName} already declares '${request.name}' with another type; change it by hand`, request.member, lineOf(text, existing.getStart()));
  }
  const style = detectTextStyle(text);
  const members = target.getMembers();
  const open = target.getFirstChildByKindOrThrow(ts.SyntaxKind.OpenBraceToken);
  const close = target.getLastChildOrThrow();
  if (members.length === 0) {
    const indent = indentationAt(text, target.getStart()) + style.indentUnit;
    return applySplices(text, [{ start: open.getEnd(), end: close.getStart(), text: `${style.eol}${reindent(request.member, style, indent)}${style.eol}${indentationAt(text, target.getStart())}` }]);
  }
  const last = members[members.length - 1];
  return applySplices(text, [insertAt(last.getEnd(), `${style.eol}${reindent(request.member, style, indentationAt(text, members[0].getStart()))}`)]);
}

/** A member's text after its name: `?: T`, `: (a: A) => void`, `(a: A): void`. */
function afterName(member: Node): string {
  const name = 'getNameNode' in member ? (member as unknown as { getNameNode(): Node }).getNameNode() : undefined;
  return name ? member.getText().slice(name.getEnd() - member.getStart()) : member.getText();
}
