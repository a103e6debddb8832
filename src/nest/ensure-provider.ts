import { Node, SyntaxKind } from '../ast/morph';
import type { Decorator, ObjectLiteralExpression, SourceFile } from 'ts-morph';
import { RefusalError } from '../errors';
import { ensureImport, moduleSpecifierText, type ImportRequest } from '../ast/ensure-import';
import { appendToList, insertBeforeEntry } from '../ast/list-insert';
import { lineOf, parseSource } from '../ast/source';
import { isAccessPath, unwrapParentheses } from '../ast/same-code';
import { applySplices, insertAt } from '../ast/splice';
import { detectTextStyle } from '../text/text-style';

export interface ProviderRequest {
  /** How the module file refers to the provider (see `ensureImport`'s `localName`). */
  localName: string;
  /** The import line to show when the edit is refused. */
  importLine: string;
  /** The metadata array to edit: `providers` (default) or `imports`. */
  property?: 'providers' | 'imports';
  /** The entry to add when it is not the bare name, e.g. `ThrottlerModule.forRoot([...])`. */
  entry?: string;
  /**
   * Entries the first run put after this one: a missing entry goes back before the first of them
   * the array still has (so `sync` puts it back where it was), else at the end.
   */
  before?: readonly string[];
}

/**
 * Adds a provider to the `providers` array of the file's `@Module({...})` unless it is already
 * there. Refuses (nothing written, snippet printed) whenever the metadata is not a literal we can
 * read completely: `@Module(meta)`, `providers: PROVIDERS`, a spread that may already hold it, or a
 * `Module` decorator reached through an alias or a namespace.
 */
export function ensureProvider(fileName: string, text: string, request: ProviderRequest): string {
  const property = request.property ?? 'providers';
  const entry = request.entry ?? request.localName;
  const source = parseSource(fileName, text);
  const decorator = findModuleDecorator(fileName, text, source, request);
  const refuse = (at: Node, reason: string): never => {
    throw new RefusalError(fileName, reason, pasteSnippet(request), lineOf(text, at.getStart()));
  };

  const args = decorator.getArguments();
  if (args.length === 0) {
    const call = decorator.getCallExpressionOrThrow();
    const openParen = call.getFirstChildByKindOrThrow(SyntaxKind.OpenParenToken);
    return applySplices(text, [insertAt(openParen.getEnd(), `{ ${property}: [${entry}] }`)]);
  }
  const metadata = args[0];
  if (!Node.isObjectLiteralExpression(metadata)) {
    return refuse(metadata, `@Module(${metadata.getText()}) is not an object literal, so its ${property} cannot be edited safely`);
  }
  const spread = metadata.getProperties().find((p) => Node.isSpreadAssignment(p));
  if (spread) return refuse(spread, `the module metadata spreads ${spread.getText()}, which may already hold ${property}`);

  const list = findArrayProperty(metadata, property);
  if (!list) {
    const style = detectTextStyle(text);
    return applySplices(text, appendToList(metadata, `${property}: [${entry}]`, style));
  }
  const initializer = Node.isPropertyAssignment(list) ? list.getInitializer() : undefined;
  if (!initializer || !Node.isArrayLiteralExpression(initializer)) {
    return refuse(list, `${property} is not an array literal (${list.getText()}), so it cannot be edited safely`);
  }
  const elements = initializer.getElements();
  // `X` or a call on it (`X.forRoot(...)`) means the entry is there, whatever its arguments.
  const path = request.localName.split('.');
  if (elements.some((e) => isAccessPath(e, path) || isCallOn(e, path))) return text;
  const elementSpread = elements.find((e) => Node.isSpreadElement(e));
  if (elementSpread) return refuse(elementSpread, `${property} spreads ${elementSpread.getText()}, which may already hold ${request.localName}`);
  const style = detectTextStyle(text);
  const later = elements.find((e) => request.before?.some((name) => isAccessPath(e, [name]) || isCallOn(e, [name])));
  return applySplices(text, later ? insertBeforeEntry(initializer, later, entry, style) : appendToList(initializer, entry, style));
}

function findModuleDecorator(fileName: string, text: string, source: SourceFile, request: ProviderRequest): Decorator {
  const common = source.getImportDeclarations().filter((d) => moduleSpecifierText(d) === '@nestjs/common');
  const moduleImport = common.flatMap((d) => d.getNamedImports()).find((n) => n.getName() === 'Module');
  const decorators = source.getClasses().flatMap((c) => c.getDecorators());
  const refuseAt = (at: Node | undefined, reason: string): never => {
    throw new RefusalError(fileName, reason, pasteSnippet(request), at ? lineOf(text, at.getStart()) : undefined);
  };

  if (moduleImport?.getAliasNode()) {
    return refuseAt(moduleImport, `Module is imported as ${moduleImport.getAliasNode()!.getText()}; edit the module by hand`);
  }
  const namespaced = decorators.find((d) => /\.Module$/.test(d.getFullName()));
  if (namespaced) return refuseAt(namespaced, `@${namespaced.getFullName()} is reached through a namespace; edit the module by hand`);

  const moduleDecorators = moduleImport ? decorators.filter((d) => d.getName() === 'Module' && d.isDecoratorFactory()) : [];
  if (moduleDecorators.length === 0) return refuseAt(undefined, 'no @Module({...}) class from @nestjs/common was found in this file');
  if (moduleDecorators.length > 1) return refuseAt(moduleDecorators[1], 'the file declares more than one @Module class');
  return moduleDecorators[0];
}

function findArrayProperty(metadata: ObjectLiteralExpression, property: string): Node | undefined {
  return metadata.getProperties().find((p) => {
    if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p)) return false;
    return p.getName().replace(/^['"]|['"]$/g, '') === property;
  });
}

/** `X.forRoot(...)`, `X.register(...)`: a call of a method of X. */
function isCallOn(element: Node, path: readonly string[]): boolean {
  const call = unwrapParentheses(element);
  if (!Node.isCallExpression(call)) return false;
  const callee = unwrapParentheses(call.getExpression());
  return Node.isPropertyAccessExpression(callee) && isAccessPath(callee.getExpression(), path);
}

function pasteSnippet(request: ProviderRequest): string {
  const property = request.property ?? 'providers';
  return `${request.importLine}\n\n// in the @Module({...}) metadata:\n${property}: [/* ...existing ${property}, */ ${request.entry ?? request.localName}],`;
}

/**
 * Imports `symbol` and lists it in the module's providers. The providers edit is planned on the
 * original text, so a refusal points at the line the user sees in their file.
 */
export function ensureModuleProvider(
  fileName: string,
  text: string,
  request: ImportRequest & Pick<ProviderRequest, 'property' | 'entry' | 'before'>,
): string {
  const imported = ensureImport(fileName, text, request);
  const importLine = `import { ${request.symbol} } from '${request.moduleSpecifier}';`;
  const registered = ensureProvider(fileName, text, { localName: imported.localName, importLine, property: request.property, entry: request.entry, before: request.before });
  // Already registered: the import edit on the original text is the whole change.
  return registered === text ? imported.text : ensureImport(fileName, registered, request).text;
}
