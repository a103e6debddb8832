import type { ClassDeclaration, EnumDeclaration, InterfaceDeclaration, SourceFile, TypeAliasDeclaration } from 'ts-morph';
import { projectPathOf, type ReadFile } from '../ast/constant-strings';
import { Node } from '../ast/morph';

export type TypeDeclaration = ClassDeclaration | InterfaceDeclaration | TypeAliasDeclaration | EnumDeclaration;

/** How declarations are found: the project's files, parsed once, and tsconfig paths. */
export interface ProjectFiles {
  readFile: ReadFile;
  parse(path: string): SourceFile | undefined;
}

export const pathOf = (source: SourceFile): string => source.getFilePath().replace(/^\/+/, '');

/**
 * The class, interface, type alias or enum a name stands for in a file: declared there, imported
 * from a project file (named, default, through barrels and tsconfig paths), or `ns.Name` of a
 * namespace import. Packages are not followed: their types are not the project's contract.
 */
export function declarationNamed(files: ProjectFiles, source: SourceFile, name: string, depth = 0): TypeDeclaration | undefined {
  if (depth > 8) return undefined;
  const dot = name.indexOf('.');
  if (dot > 0) {
    const target = namespaceTarget(files, source, name.slice(0, dot));
    return target ? exportedDeclaration(files, target, name.slice(dot + 1), depth + 1) : undefined;
  }
  const local = localDeclaration(source, name);
  if (local) return local;
  for (const declaration of source.getImportDeclarations()) {
    const named = declaration.getNamedImports().find((i) => (i.getAliasNode()?.getText() ?? i.getName()) === name);
    const isDefault = declaration.getDefaultImport()?.getText() === name;
    if (!named && !isDefault) continue;
    const target = fileOf(files, source, declaration.getModuleSpecifierValue());
    if (!target) return undefined;
    return isDefault ? defaultDeclaration(target) : exportedDeclaration(files, target, named!.getName(), depth + 1);
  }
  return undefined;
}

/** A declaration a file exports under `name`: its own, or one it re-exports (`export { X } from`, `export *`). */
function exportedDeclaration(files: ProjectFiles, source: SourceFile, name: string, depth: number): TypeDeclaration | undefined {
  if (depth > 8) return undefined;
  const local = localDeclaration(source, name);
  if (local) return local;
  for (const declaration of source.getExportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    const named = declaration.getNamedExports().find((e) => (e.getAliasNode()?.getText() ?? e.getName()) === name);
    if (specifier === undefined) {
      // `export { X as name }` of something this file imports.
      if (named) return declarationNamed(files, source, named.getName(), depth + 1);
      continue;
    }
    if (!named && (declaration.hasNamedExports() || declaration.getNamespaceExport())) continue;
    const target = fileOf(files, source, specifier);
    const found = target && exportedDeclaration(files, target, named ? named.getName() : name, depth + 1);
    if (found) return found;
  }
  // `import { X } from './x'; export { X };` is an export declaration without specifier (above);
  // an imported name used as a type without re-export is still reachable from this file.
  return undefined;
}

function localDeclaration(source: SourceFile, name: string): TypeDeclaration | undefined {
  return source.getClass(name) ?? source.getInterface(name) ?? source.getTypeAlias(name) ?? source.getEnum(name);
}

function defaultDeclaration(source: SourceFile): TypeDeclaration | undefined {
  for (const node of [...source.getClasses(), ...source.getInterfaces()]) if (node.isDefaultExport()) return node;
  return undefined;
}

function namespaceTarget(files: ProjectFiles, source: SourceFile, local: string): SourceFile | undefined {
  const declaration = source.getImportDeclarations().find((d) => d.getNamespaceImport()?.getText() === local);
  return declaration ? fileOf(files, source, declaration.getModuleSpecifierValue()) : undefined;
}

/** The project file a module specifier names, parsed. */
export function fileOf(files: ProjectFiles, from: SourceFile, specifier: string): SourceFile | undefined {
  const path = projectPathOf(pathOf(from), specifier, files.readFile);
  return path === undefined ? undefined : files.parse(path);
}

/** Whether a name in a file is imported from a package (not a project file): `@nestjs/websockets`, `rxjs`. */
export function importedPackage(source: SourceFile, name: string): string | undefined {
  const head = name.split('.')[0];
  for (const declaration of source.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (specifier.startsWith('.')) continue;
    const named = declaration.getNamedImports().some((i) => (i.getAliasNode()?.getText() ?? i.getName()) === head);
    if (named || declaration.getNamespaceImport()?.getText() === head || declaration.getDefaultImport()?.getText() === head) return specifier;
  }
  return undefined;
}

/** The name a package import gives to a local name: `import { Observable as O } from 'rxjs'` → Observable. */
export function importedName(source: SourceFile, local: string): string {
  for (const declaration of source.getImportDeclarations()) {
    const named = declaration.getNamedImports().find((i) => (i.getAliasNode()?.getText() ?? i.getName()) === local);
    if (named) return named.getName();
  }
  return local;
}

export const isTypeDeclaration = (node: Node): node is TypeDeclaration =>
  Node.isClassDeclaration(node) || Node.isInterfaceDeclaration(node) || Node.isTypeAliasDeclaration(node) || Node.isEnumDeclaration(node);
