import { Node, SyntaxKind, ts } from './morph';
import type { ImportDeclaration } from 'ts-morph';
import { RefusalError } from '../errors';
import { appendToList } from './list-insert';
import { lineOf, parseSource } from './source';
import { applySplices, insertAt, removeLines, type Splice } from './splice';
import { detectTextStyle, endOfLine } from '../text/text-style';

export interface ImportRequest {
  /** The exported name, e.g. `ChatGateway`. */
  symbol: string;
  /** As it should be written when a new import is needed, e.g. `./chat/chat.gateway.js`. */
  moduleSpecifier: string;
  /** Needed as a type only (e.g. an interface in a decorated signature under isolatedModules): written `type X`. */
  typeOnly?: boolean;
}

export interface EnsureImportResult {
  text: string;
  /** How the file refers to the symbol after the edit: `ChatGateway`, an alias, or `ns.ChatGateway`. */
  localName: string;
}

/**
 * Makes `symbol` importable in the file, recognising an import that already brings it in by meaning:
 * the same module with or without a `.js`/`.ts` suffix or `/index`, either quote style, an alias or
 * a namespace import. Adds to an existing import of that module before writing a new line.
 */
export function ensureImport(fileName: string, text: string, request: ImportRequest): EnsureImportResult {
  const source = parseSource(fileName, text);
  const imports = source.getImportDeclarations();
  const target = normaliseSpecifier(request.moduleSpecifier);
  const sameModule = imports.filter((d) => normaliseSpecifier(moduleSpecifierText(d)) === target);

  for (const declaration of sameModule) {
    const found = findLocalName(declaration, request.symbol);
    if (!found) continue;
    if (!request.typeOnly && (declaration.isTypeOnly() || found.typeOnly)) {
      refuse(fileName, text, declaration, `${request.symbol} is imported as a type only; it is needed as a value`, request);
    }
    return { text, localName: found.name };
  }

  const clash = imports.find((d) => d.getNamedImports().some((n) => (n.getAliasNode() ?? n.getNameNode()).getText() === request.symbol));
  if (clash) {
    refuse(fileName, text, clash, `the name ${request.symbol} is already imported from '${clash.getModuleSpecifierValue()}'`, request);
  }

  const style = detectTextStyle(text);
  const typeImport = request.typeOnly ? sameModule.find((d) => d.isTypeOnly() && d.getNamedImports().length) : undefined;
  const extendable = sameModule.find((d) => !d.isTypeOnly() && !d.getNamespaceImport());
  const item = request.typeOnly ? `type ${request.symbol}` : request.symbol;
  let splices: Splice[];
  if (typeImport) {
    splices = appendToList(typeImport.getImportClauseOrThrow().getNamedBindingsOrThrow(), request.symbol, style);
  } else if (extendable?.getNamedImports().length) {
    splices = appendToList(extendable.getImportClauseOrThrow().getNamedBindingsOrThrow(), item, style);
  } else if (extendable?.getDefaultImport()) {
    splices = [insertAt(extendable.getDefaultImportOrThrow().getEnd(), `, { ${item} }`)];
  } else {
    const statement = `import ${request.typeOnly ? 'type ' : ''}{ ${request.symbol} } from ${style.quote}${request.moduleSpecifier}${style.quote}${style.semicolons ? ';' : ''}`;
    const last = imports[imports.length - 1];
    if (last) {
      splices = [insertAt(endOfLine(text, last.getEnd()), `${style.eol}${statement}`)];
    } else {
      const first = source.getStatements()[0];
      splices = [insertAt(first ? first.getStart() : text.length, `${statement}${style.eol}${first ? style.eol : ''}`)];
    }
  }
  return { text: applySplices(text, splices), localName: request.symbol };
}

/** Every import in `imports`, in order (see ensureImport): what an inserted snippet brings with it. */
export function ensureImports(fileName: string, text: string, imports: readonly ImportRequest[] = []): string {
  return imports.reduce((next, request) => ensureImport(fileName, next, request).text, text);
}

/** `./chat/chat.gateway.js`, `./chat/chat.gateway` and `"./chat/chat.gateway.ts"` mean the same file. */
export function normaliseSpecifier(specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return specifier.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '').replace(/^\.\/(?=\.\.)/, '');
}

function findLocalName(declaration: ImportDeclaration, symbol: string): { name: string; typeOnly: boolean } | undefined {
  const named = declaration.getNamedImports().find((n) => n.getName() === symbol);
  if (named) return { name: (named.getAliasNode() ?? named.getNameNode()).getText(), typeOnly: named.isTypeOnly() };
  const namespace = declaration.getNamespaceImport();
  if (namespace) return { name: `${namespace.getText()}.${symbol}`, typeOnly: false };
  return undefined;
}

function refuse(fileName: string, text: string, at: Node, reason: string, request: ImportRequest): never {
  throw new RefusalError(
    fileName,
    reason,
    `import { ${request.symbol} } from '${request.moduleSpecifier}';`,
    lineOf(text, at.getStart()),
  );
}

/** Removes the import of `symbol` when nothing else in the file refers to it any more. */
export function removeUnusedImport(fileName: string, text: string, symbol: string): string {
  const source = parseSource(fileName, text);
  const declaration = source.getImportDeclarations().find((d) => d.getNamedImports().some((n) => n.getName() === symbol));
  if (!declaration) return text;
  const usedElsewhere = source
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some((id) => id.getText() === symbol && !id.getFirstAncestorByKind(SyntaxKind.ImportDeclaration));
  if (usedElsewhere) return text;
  const named = declaration.getNamedImports();
  if (named.length > 1 || declaration.getDefaultImport()) {
    const element = named.find((n) => n.getName() === symbol)!;
    const next = element.getNextSiblingIfKind(SyntaxKind.CommaToken);
    const previous = element.getPreviousSiblingIfKind(SyntaxKind.CommaToken);
    const [start, end] = next ? [element.getStart(), next.getEnd()] : [previous!.getStart(), element.getEnd()];
    const trailingSpace = next && text[end] === ' ' ? 1 : 0;
    return applySplices(text, [{ start, end: end + trailingSpace, text: '' }]);
  }
  return applySplices(text, [removeLines(text, declaration.getStart(), declaration.getEnd())]);
}

/**
 * The module an import names, read from the compiler node: wrapping every declaration of a
 * module with thousands of imports in ts-morph nodes costs more than the rest of the edit.
 */
export function moduleSpecifierText(declaration: ImportDeclaration): string {
  const specifier = declaration.compilerNode.moduleSpecifier;
  return ts.isStringLiteral(specifier) ? specifier.text : declaration.getModuleSpecifierValue();
}
