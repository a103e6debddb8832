import { Node } from './morph';
import type { ArrayLiteralExpression, SourceFile } from 'ts-morph';
import { RefusalError } from '../errors';
import { appendToList } from './list-insert';
import { lineOf, parseSource } from './source';
import { applySplices } from './splice';
import { sameNode } from './same-code';
import { inFileStyle } from './snippet-text';
import { detectTextStyle } from '../text/text-style';

export interface ArrayEntryRequest {
  /** The exported const holding the array literal, e.g. `WS_NAMESPACES`. */
  variable: string;
  /** The property that identifies an entry, e.g. `gateway`. */
  key: string;
  /** Its value in the wanted entry, e.g. `ChatGateway`. */
  value: string;
  /** The whole entry as code: `{ namespace: '/chat', gateway: 'ChatGateway' }`. */
  entry: string;
}

/**
 * Adds an object entry to an array literal unless an entry with the same key value is there. The
 * same entry written differently counts as there; one with other values is refused, never replaced.
 */
export function ensureArrayEntry(fileName: string, text: string, request: ArrayEntryRequest): string {
  const source = parseSource(fileName, text);
  const array = findArray(fileName, text, source, request);
  const existing = array.getElements().find((e) => stringProperty(e, request.key) === request.value);
  if (existing) {
    if (sameNode(existing, entryNode(request.entry))) return text;
    throw new RefusalError(fileName, `${request.variable} already lists ${request.key} ${request.value} differently (${existing.getText()}); change it by hand`, request.entry, lineOf(text, existing.getStart()));
  }
  const style = detectTextStyle(text);
  // In the file's quotes: as an array element, the entry is an expression inFileStyle can parse.
  const entry = inFileStyle(`[${request.entry}]`, { quote: style.quote, semicolons: true }).slice(1, -1);
  return applySplices(text, appendToList(array, entry, style));
}

/** The `key: 'value'` string properties of the array's object entries (RegExp values as their source text). */
export function readArrayEntries(fileName: string, text: string, variable: string): Record<string, string>[] {
  const initializer = parseSource(fileName, text).getVariableDeclaration(variable)?.getInitializer();
  const array = initializer && unwrap(initializer);
  if (!array || !Node.isArrayLiteralExpression(array)) return [];
  return array.getElements().filter(Node.isObjectLiteralExpression).map((entry) => {
    const result: Record<string, string> = {};
    for (const property of entry.getProperties()) {
      if (!Node.isPropertyAssignment(property)) continue;
      const value = property.getInitializerOrThrow();
      result[property.getName()] = Node.isStringLiteral(value) ? value.getLiteralValue() : value.getText();
    }
    return result;
  });
}

function findArray(fileName: string, text: string, source: SourceFile, request: ArrayEntryRequest): ArrayLiteralExpression {
  const declaration = source.getVariableDeclaration(request.variable);
  const initializer = declaration?.getInitializer();
  const array = initializer && unwrap(initializer);
  if (!array || !Node.isArrayLiteralExpression(array)) {
    throw new RefusalError(fileName, `${request.variable} is not declared here as an array literal`, request.entry, declaration ? lineOf(text, declaration.getStart()) : undefined);
  }
  return array;
}

/** The wanted entry as a node, to compare with an existing one by meaning. */
function entryNode(entry: string): Node {
  return parseSource('wanted-entry.ts', `const wanted = ${entry};`).getVariableDeclarationOrThrow('wanted').getInitializerOrThrow();
}

/** `[...] as const` and `[...] satisfies T` are still the array. */
function unwrap(node: Node): Node {
  return Node.isAsExpression(node) || Node.isSatisfiesExpression(node) ? unwrap(node.getExpression()) : node;
}

function stringProperty(element: Node, key: string): string | undefined {
  if (!Node.isObjectLiteralExpression(element)) return undefined;
  const property = element.getProperty(key);
  const value = property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
  return value && Node.isStringLiteral(value) ? value.getLiteralValue() : undefined;
}
