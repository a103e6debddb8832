import { Node } from '../ast/morph';
import type { MethodDeclaration } from 'ts-morph';
import { RefusalError } from '../errors';
import { appendClassMember } from '../ast/ensure-class-member';
import { ensureImports, type ImportRequest } from '../ast/ensure-import';
import { eventNameOf, type ReadFile } from './gateway-events';
import { lineOf, parseSource } from '../ast/source';
import { applySplices } from '../ast/splice';
import { sameTypeText } from '../ast/same-code';
import { findTargetClass } from '../ast/snippet-text';
import { detectTextStyle } from '../text/text-style';

export interface MessageHandlerRequest {
  /** The event name, e.g. `chat:send`. */
  event: string;
  /** The method name, e.g. `handleChatSend`. */
  name: string;
  /** The type of the `@MessageBody()` parameter, e.g. `ChatSendDto`; none for a handler without payload. */
  payloadType?: string;
  /** The declared return type, e.g. `ChatSendAck` or `void`. */
  returnType: string;
  /** The whole method, decorators included, with '\n' and two-space indentation. */
  member: string;
  /** What the handler uses, imported when it is inserted. */
  imports?: readonly ImportRequest[];
  className?: string;
}

/**
 * Adds a `@SubscribeMessage(event)` handler to the gateway class. A handler for the same event with
 * the same shape (payload type and return type; the body is the user's) is left alone; one with
 * another shape, or another member with the method's name, is refused: never overwritten.
 * `readFile` lets it read event names the gateway imports from its own files.
 */
export function ensureMessageHandler(fileName: string, text: string, request: MessageHandlerRequest, readFile?: ReadFile): string {
  const source = parseSource(fileName, text);
  const target = findTargetClass(fileName, text, source, request.className ? { className: request.className } : { decoratedWith: 'WebSocketGateway' }, request.member);
  const refuse = (at: Node, reason: string): never => {
    throw new RefusalError(fileName, reason, request.member, lineOf(text, at.getStart()));
  };

  const existing = target.getMethods().find((m) => subscribedEvent(m, readFile) === request.event);
  if (existing) {
    const payload = payloadTypeOf(existing);
    const returns = existing.getReturnTypeNode()?.getText();
    const same = sameTypeText(payload, request.payloadType) && (sameTypeText(returns, request.returnType) || sameTypeText(returns, `Promise<${request.returnType}>`));
    if (same) return text;
    return refuse(
      existing,
      `${existing.getName()}() already handles '${request.event}' with another shape (payload ${payload ?? 'none'}, returns ${returns ?? 'an inferred type'}; ` +
        `expected payload ${request.payloadType ?? 'none'}, returns ${request.returnType}); change it by hand`,
    );
  }
  const clash = target.getMembers().find((m) => Node.isMethodDeclaration(m) || Node.isPropertyDeclaration(m) ? m.getName() === request.name : false);
  if (clash) return refuse(clash, `the class already has a member named ${request.name}`);
  return ensureImports(fileName, applySplices(text, appendClassMember(text, target, request.member, detectTextStyle(text))), request.imports);
}

/** The event of a `@SubscribeMessage(...)` method, when we can read it (see eventNameOf). */
export function subscribedEvent(method: MethodDeclaration, readFile?: ReadFile): string | undefined {
  const decorator = method.getDecorators().find((d) => d.getName() === 'SubscribeMessage');
  return decorator && eventNameOf(decorator, readFile);
}

function payloadTypeOf(method: MethodDeclaration): string | undefined {
  const parameter = method.getParameters().find((p) => p.getDecorators().some((d) => d.getName() === 'MessageBody'));
  return parameter?.getTypeNode()?.getText();
}
