import { Node, VariableDeclarationKind } from './morph';
import { posix } from 'node:path';
import type { MethodSignature, PropertySignature, SourceFile } from 'ts-morph';
import { parseSource } from './source';
import { tsconfigPathAliases } from '../project/detect';
import type { Tree } from '../tree/tree';

/**
 * Reads a project file by its project-relative path (the plan's tree), for names a file imports;
 * `aliases` are tsconfig's `paths` (targets project-relative), for `@app/shared`-style imports.
 */
export interface ReadFile {
  (path: string): string | undefined;
  aliases?: Record<string, string[]>;
}

/**
 * The string an expression stands for, when it can be read: a string literal, or a name given a
 * string by this file or (with `readFile`) by a project file it imports: `const MESSAGE = 'message'`,
 * an enum member `Events.Message = 'message'`, a property of a const object `EVENTS.message`, or a
 * namespace import's const `events.MESSAGE`. Anything else (a package, a computed value) is unknown.
 */
export function constantString(node: Node | undefined, readFile?: ReadFile): string | undefined {
  return stringValue(node, { depth: 0, readFile });
}

interface Lookup {
  depth: number;
  readFile?: ReadFile;
}

function stringValue(node: Node | undefined, lookup: Lookup): string | undefined {
  const value = unwrap(node);
  if (!value || lookup.depth > 5) return undefined;
  const deeper = { ...lookup, depth: lookup.depth + 1 };
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) return value.getLiteralValue();
  if (Node.isIdentifier(value)) return namedString(value.getSourceFile(), value.getText(), deeper);
  if (Node.isPropertyAccessExpression(value) && Node.isIdentifier(value.getExpression())) {
    return memberString(value.getSourceFile(), value.getExpression().getText(), value.getName(), deeper);
  }
  return undefined;
}

/** The string a top-level `const <name>` of `source` holds, or of the file it imports or re-exports `name` from. */
function namedString(source: SourceFile, name: string, lookup: Lookup): string | undefined {
  const local = constInitializer(source, name);
  if (local) return stringValue(local, lookup);
  const imported = importedFrom(source, name, lookup.readFile) ?? reExportedFrom(source, name, lookup);
  return imported?.kind === 'named' ? namedString(imported.source, imported.name, { ...lookup, depth: lookup.depth + 1 }) : undefined;
}

/** `owner.member`: an enum member or const-object property, here or in the file it comes from. */
function memberString(source: SourceFile, owner: string, member: string, lookup: Lookup): string | undefined {
  const enumMember = source.getEnum(owner)?.getMember(member);
  if (enumMember) return stringValue(enumMember.getInitializer(), lookup);
  const object = unwrap(constInitializer(source, owner));
  if (object) {
    const property = Node.isObjectLiteralExpression(object) ? object.getProperty(member) : undefined;
    return property && Node.isPropertyAssignment(property) ? stringValue(property.getInitializer(), lookup) : undefined;
  }
  if (lookup.depth > 5) return undefined;
  const imported = importedFrom(source, owner, lookup.readFile) ?? reExportedFrom(source, owner, lookup);
  if (imported?.kind === 'named') return memberString(imported.source, imported.name, member, { ...lookup, depth: lookup.depth + 1 });
  if (imported?.kind === 'namespace') return namedString(imported.source, member, lookup);
  return undefined;
}

/** `x as const`, `(x)`, `x satisfies T`: the expression inside. */
export function unwrap(node: Node | undefined): Node | undefined {
  let inner = node;
  while (inner && (Node.isAsExpression(inner) || Node.isParenthesizedExpression(inner) || Node.isSatisfiesExpression(inner))) inner = inner.getExpression();
  return inner;
}

/** The initializer of a top-level `const <name>` of the file. */
function constInitializer(source: SourceFile, name: string): Node | undefined {
  const declaration = source.getVariableDeclaration(name);
  return declaration?.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const ? declaration.getInitializer() : undefined;
}

const IMPORTED_PREFIX = 'imported:/';

type Imported = { kind: 'named'; source: SourceFile; name: string } | { kind: 'namespace'; source: SourceFile };

/** The file `local` is imported from: `import { X as local } from './x'` or `import * as local from './x'`. */
function importedFrom(source: SourceFile, local: string, readFile: ReadFile | undefined): Imported | undefined {
  if (!readFile) return undefined;
  for (const declaration of source.getImportDeclarations()) {
    const named = declaration.getNamedImports().find((i) => (i.getAliasNode()?.getText() ?? i.getName()) === local);
    const namespace = declaration.getNamespaceImport()?.getText() === local;
    if (!named && !namespace) continue;
    const target = projectFile(source, declaration.getModuleSpecifierValue(), readFile);
    if (!target) return undefined;
    return named ? { kind: 'named', source: target, name: named.getName() } : { kind: 'namespace', source: target };
  }
  return undefined;
}

/** The file a barrel passes `name` on from: `export { X as name } from './x'`, or `export * from './x'` that has it. */
function reExportedFrom(source: SourceFile, name: string, lookup: Lookup): Imported | undefined {
  if (!lookup.readFile) return undefined;
  for (const declaration of source.getExportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (specifier === undefined) continue;
    const named = declaration.getNamedExports().find((e) => (e.getAliasNode()?.getText() ?? e.getName()) === name);
    if (!named && (declaration.hasNamedExports() || declaration.getNamespaceExport())) continue;
    const target = projectFile(source, specifier, lookup.readFile);
    if (!target) continue;
    if (named) return { kind: 'named', source: target, name: named.getName() };
    const deeper = { ...lookup, depth: lookup.depth + 1 };
    if (deeper.depth <= 5 && (constInitializer(target, name) || target.getEnum(name) || importedFrom(target, name, lookup.readFile) || reExportedFrom(target, name, deeper))) {
      return { kind: 'named', source: target, name };
    }
  }
  return undefined;
}

/**
 * A module specifier's file, parsed, when the tree has it: relative (`./chat.events`,
 * `./chat.events.js` in ESM, a folder's `index.ts`) or a tsconfig `paths` alias (`@app/shared`).
 * Packages are not read.
 */
function projectFile(from: SourceFile, specifier: string, readFile: ReadFile): SourceFile | undefined {
  const path = projectPathOf(from.getFilePath().replace(/^\/+/, '').replace(IMPORTED_PREFIX, ''), specifier, readFile);
  // Parsed under a path of its own: a caller may hold this file's SourceFile in another version.
  return path === undefined ? undefined : parseSource(IMPORTED_PREFIX + path, readFile(path)!);
}

/** The plan's tree as the event-name lookup reads it: relative imports and tsconfig `paths`. */
export function projectFiles(tree: Tree): ReadFile {
  return Object.assign((path: string) => tree.read(path), { aliases: tsconfigPathAliases(tree) });
}

/**
 * The project file (project-relative path) a module specifier of `fromPath` names, when the tree
 * has it: relative, with or without `.js`, a folder's `index.ts`, or a tsconfig `paths` alias.
 */
export function projectPathOf(fromPath: string, specifier: string, readFile: ReadFile): string | undefined {
  const bases = specifier.startsWith('.') ? [posix.join(posix.dirname(fromPath), specifier)] : aliasTargets(specifier, readFile.aliases ?? {});
  for (const base of bases) {
    for (const path of [base.replace(/\.js$/, '.ts'), `${base}.ts`, posix.join(base, 'index.ts')]) {
      if (path.endsWith('.ts') && readFile(path) !== undefined) return path;
    }
  }
  return undefined;
}

/** Where tsconfig `paths` send a specifier: an exact key, else the `prefix*suffix` key with the longest prefix. */
function aliasTargets(specifier: string, aliases: Record<string, string[]>): string[] {
  if (aliases[specifier]) return aliases[specifier];
  let best: { prefix: string; suffix: string; targets: string[] } | undefined;
  for (const [pattern, targets] of Object.entries(aliases)) {
    const star = pattern.indexOf('*');
    if (star === -1) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    const fits = specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
    if (fits && (!best || prefix.length > best.prefix.length)) best = { prefix, suffix, targets };
  }
  if (!best) return [];
  const matched = specifier.slice(best.prefix.length, specifier.length - best.suffix.length);
  return best.targets.map((target) => target.replace('*', matched));
}

/** The name of an interface member: `send`, `'chat:send'`, or a computed `[ChatEvents.Send]` when readable. */
export function memberNameOf(member: PropertySignature | MethodSignature, readFile?: ReadFile): string | undefined {
  const name = member.getNameNode();
  if (Node.isComputedPropertyName(name)) return stringValue(name.getExpression(), { depth: 0, readFile });
  return Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) ? name.getLiteralValue() : name.getText();
}
