import { Node, SyntaxKind } from 'ts-morph';
import { parseSource } from './source';

/** Event names handled by `@SubscribeMessage('...')` methods in a gateway file. */
export function subscribedEvents(fileName: string, text: string): string[] {
  const source = parseSource(fileName, text);
  return source
    .getDescendantsOfKind(SyntaxKind.Decorator)
    .filter((d) => d.getName() === 'SubscribeMessage')
    .map((d) => d.getArguments()[0])
    .filter((arg): arg is Node => !!arg && Node.isStringLiteral(arg))
    .map((arg) => (arg as unknown as { getLiteralValue(): string }).getLiteralValue());
}

/** Event names declared in the `*ClientToServerEvents` interfaces of an events file. */
export function declaredClientEvents(fileName: string, text: string): string[] {
  const source = parseSource(fileName, text);
  return source
    .getInterfaces()
    .filter((i) => i.getName().endsWith('ClientToServerEvents'))
    .flatMap((i) => i.getMembers())
    .map((member) => (Node.isPropertySignature(member) || Node.isMethodSignature(member) ? member.getName().replace(/^['"]|['"]$/g, '') : undefined))
    .filter((name): name is string => !!name);
}
