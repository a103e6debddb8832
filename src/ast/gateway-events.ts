import { Node, SyntaxKind, VariableDeclarationKind, type Decorator } from 'ts-morph';
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
  const argument = decorator.getArguments()[0];
  return argument && stringValue(argument, 0);
}

function stringValue(node: Node, depth: number): string | undefined {
  if (depth > 5) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isAsExpression(node) || Node.isParenthesizedExpression(node) || Node.isSatisfiesExpression(node)) return stringValue(node.getExpression(), depth + 1);
  const source = node.getSourceFile();
  if (Node.isIdentifier(node)) {
    const declaration = source.getVariableDeclaration(node.getText());
    if (declaration?.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const) return undefined;
    const initializer = declaration.getInitializer();
    return initializer && stringValue(initializer, depth + 1);
  }
  if (Node.isPropertyAccessExpression(node) && Node.isIdentifier(node.getExpression())) {
    const owner = node.getExpression().getText();
    const member = source.getEnum(owner)?.getMember(node.getName());
    if (member) {
      const initializer = member.getInitializer();
      return initializer && stringValue(initializer, depth + 1);
    }
    const declaration = source.getVariableDeclaration(owner);
    if (declaration?.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const) return undefined;
    let object = declaration.getInitializer();
    while (object && (Node.isAsExpression(object) || Node.isSatisfiesExpression(object) || Node.isParenthesizedExpression(object))) object = object.getExpression();
    if (!object || !Node.isObjectLiteralExpression(object)) return undefined;
    const property = object.getProperty(node.getName());
    const initializer = property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    return initializer && stringValue(initializer, depth + 1);
  }
  return undefined;
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
