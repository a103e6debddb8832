import { Node, SyntaxKind, VariableDeclarationKind } from './morph';
import type { Decorator } from 'ts-morph';
import { parseSource } from './source';

/** Event names handled by `@SubscribeMessage(...)` methods in a gateway file (the readable ones). */
export function subscribedEvents(fileName: string, text: string): string[] {
  const source = parseSource(fileName, text);
  return source
    .getDescendantsOfKind(SyntaxKind.Decorator)
    .filter((d) => d.getName() === 'SubscribeMessage')
    .map(eventNameOf)
    .filter((name): name is string => name !== undefined);
}

/**
 * The event of a `@SubscribeMessage(...)` decorator: a string literal, or a name this file gives a
 * string: `const MESSAGE = 'message'`, an enum member `Events.Message = 'message'`, or a property of
 * a const object `EVENTS.message`. Anything else (an import, a computed value) is unknown.
 */
export function eventNameOf(decorator: Decorator): string | undefined {
  return stringValue(decorator.getArguments()[0], 0);
}

function stringValue(node: Node | undefined, depth: number): string | undefined {
  const value = unwrap(node);
  if (!value || depth > 5) return undefined;
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) return value.getLiteralValue();
  if (Node.isIdentifier(value)) return stringValue(constInitializer(value), depth + 1);
  if (Node.isPropertyAccessExpression(value) && Node.isIdentifier(value.getExpression())) {
    const owner = value.getExpression().getText();
    const member = value.getSourceFile().getEnum(owner)?.getMember(value.getName());
    if (member) return stringValue(member.getInitializer(), depth + 1);
    const object = unwrap(constInitializer(value.getExpression()));
    const property = object && Node.isObjectLiteralExpression(object) ? object.getProperty(value.getName()) : undefined;
    return property && Node.isPropertyAssignment(property) ? stringValue(property.getInitializer(), depth + 1) : undefined;
  }
  return undefined;
}

/** `x as const`, `(x)`, `x satisfies T`: the expression inside. */
function unwrap(node: Node | undefined): Node | undefined {
  let inner = node;
  while (inner && (Node.isAsExpression(inner) || Node.isParenthesizedExpression(inner) || Node.isSatisfiesExpression(inner))) inner = inner.getExpression();
  return inner;
}

/** The initializer of a top-level `const` of this file with the identifier's name. */
function constInitializer(identifier: Node): Node | undefined {
  const declaration = identifier.getSourceFile().getVariableDeclaration(identifier.getText());
  return declaration?.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const ? declaration.getInitializer() : undefined;
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
