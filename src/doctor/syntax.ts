import type { KindToNodeMappings, ObjectLiteralElementLike, ObjectLiteralExpression, SourceFile, ts } from 'ts-morph';
import { Node, SyntaxKind } from '../ast/morph';

/** `x as T`, `(x)`, `x!`, `x satisfies T`, `<T>x`: the expression inside. */
export function unwrap(node: Node | undefined): Node | undefined {
  let inner = node;
  while (
    inner &&
    (Node.isAsExpression(inner) || Node.isParenthesizedExpression(inner) || Node.isNonNullExpression(inner) || Node.isSatisfiesExpression(inner) || Node.isTypeAssertion(inner))
  ) {
    inner = inner.getExpression();
  }
  return inner;
}

let nestedCodeKinds: Set<SyntaxKind> | undefined;
/** Nested functions and classes: code that runs later or elsewhere (a set made once ts-morph is loaded). */
const isNestedCodeKind = (kind: SyntaxKind): boolean =>
  (nestedCodeKinds ??= new Set([
    SyntaxKind.ArrowFunction,
    SyntaxKind.FunctionExpression,
    SyntaxKind.FunctionDeclaration,
    SyntaxKind.MethodDeclaration,
    SyntaxKind.Constructor,
    SyntaxKind.GetAccessor,
    SyntaxKind.SetAccessor,
    SyntaxKind.ClassDeclaration,
    SyntaxKind.ClassExpression,
  ])).has(kind);

const isNestedCode = (node: Node): boolean => isNestedCodeKind(node.getKind());

/**
 * The descendants of a function body that run when it runs: nested functions and classes (callbacks,
 * which run later or elsewhere) are not entered.
 */
export function ownDescendants(body: Node): Node[] {
  const found: Node[] = [];
  body.forEachDescendant((child, traversal) => {
    if (isNestedCode(child)) {
      traversal.skip();
      return;
    }
    found.push(child);
  });
  return found;
}

/**
 * The descendants of one kind that run when a function body runs (as ownDescendants). Only nodes of
 * that kind are wrapped as ts-morph nodes: wrapping every node of a body is most of the cost of a walk.
 */
export function ownDescendantsOfKind<K extends SyntaxKind>(body: Node, kind: K): KindToNodeMappings[K][] {
  return body.getDescendantsOfKind(kind).filter((node) => {
    for (let current: ts.Node | undefined = node.compilerNode; current && current !== body.compilerNode; current = current.parent) if (isNestedCodeKind(current.kind)) return false;
    return true;
  });
}

/** The property `name` of an object literal: `name: x`, `'name': x`, `name`, or `name() {}`. */
export function propertyOf(object: ObjectLiteralExpression, name: string): ObjectLiteralElementLike | undefined {
  return object.getProperties().find((p) => {
    if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p) && !Node.isMethodDeclaration(p)) return false;
    return p.getName().replace(/^['"`]|['"`]$/g, '') === name;
  });
}

/** The value of a property: the initializer, the shorthand's name, or the method itself. */
export function valueOf(property: ObjectLiteralElementLike | undefined): Node | undefined {
  if (!property) return undefined;
  if (Node.isPropertyAssignment(property)) return unwrap(property.getInitializer());
  if (Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
  return property;
}

export const hasSpread = (object: ObjectLiteralExpression): boolean => object.getProperties().some((p) => Node.isSpreadAssignment(p));

/** `true` literal. */
export const isTrue = (node: Node | undefined): boolean => unwrap(node)?.getKind() === SyntaxKind.TrueKeyword;

/** The string a literal holds (no constants followed). */
export function literalString(node: Node | undefined): string | undefined {
  const value = unwrap(node);
  return value && (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) ? value.getLiteralValue() : undefined;
}

/** The object literal an expression is, or names through a top-level const of its file. */
export function objectLiteralOf(node: Node | undefined): ObjectLiteralExpression | undefined {
  const value = unwrap(node);
  if (value && Node.isObjectLiteralExpression(value)) return value;
  const named = value && Node.isIdentifier(value) ? unwrap(value.getSourceFile().getVariableDeclaration(value.getText())?.getInitializer()) : undefined;
  return named && Node.isObjectLiteralExpression(named) ? named : undefined;
}

/** Where `local` is imported from in a file: the module specifier and the exported name. */
export function importOf(source: SourceFile, local: string): { specifier: string; name: string } | undefined {
  for (const declaration of source.getImportDeclarations()) {
    const named = declaration.getNamedImports().find((i) => (i.getAliasNode()?.getText() ?? i.getName()) === local);
    if (named) return { specifier: declaration.getModuleSpecifierValue(), name: named.getName() };
    if (declaration.getDefaultImport()?.getText() === local) return { specifier: declaration.getModuleSpecifierValue(), name: 'default' };
  }
  return undefined;
}

/** A call's callee as text without spaces: `this.logger.log`, `app.listen`. */
export const calleeText = (call: Node): string => (Node.isCallExpression(call) ? call.getExpression().getText().replace(/\s/g, '') : '');
