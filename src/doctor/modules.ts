import type { ClassDeclaration, ObjectLiteralExpression, SourceFile } from 'ts-morph';
import { Node } from '../ast/morph';
import { objectLiteralOf, propertyOf, unwrap, valueOf } from './syntax';

/** One entry of a module's `providers`: a class, or `{ provide, useClass | useValue | useFactory }`. */
export interface ProviderEntry {
  node: Node;
  /** The class it provides: `ChatGateway`, or a `useClass`. */
  className?: string;
  /** `provide:` as written: `APP_PIPE`, `'TOKEN'`, `ChatGateway`. */
  provide?: string;
  useValue?: Node;
}

export interface NestModule {
  file: string;
  source: SourceFile;
  cls: ClassDeclaration;
  name: string;
  metadata: ObjectLiteralExpression | undefined;
  providers: ProviderEntry[];
  /** The entries of `imports` as written: `UsersModule`, `ConfigModule.forRoot()`, `forwardRef(() => X)`. */
  imports: string[];
  /** false when some providers cannot be read (a spread of another file's array, a call). */
  complete: boolean;
}

export function readModules(file: string, source: SourceFile): NestModule[] {
  const modules: NestModule[] = [];
  for (const cls of source.getClasses()) {
    const decorator = cls.getDecorator('Module');
    if (!decorator) continue;
    const args = decorator.getArguments();
    const metadata = args.length === 0 ? undefined : objectLiteralOf(args[0]);
    const state = { complete: args.length === 0 || (metadata !== undefined && !metadata.getProperties().some((p) => Node.isSpreadAssignment(p))) };
    const providers = listOf(metadata, 'providers', state).map(providerEntry);
    const imports = listOf(metadata, 'imports', { complete: true }).map((node) => node.getText());
    if (providers.some((p) => p.className === undefined && p.provide === undefined)) state.complete = false;
    modules.push({ file, source, cls, name: cls.getName() ?? 'the default export', metadata, providers, imports, complete: state.complete });
  }
  return modules;
}

/** The elements of an array property, through consts and spreads of this file. */
function listOf(metadata: ObjectLiteralExpression | undefined, name: string, state: { complete: boolean }): Node[] {
  const property = metadata && propertyOf(metadata, name);
  if (!property) return [];
  return elementsOf(valueOf(property), state, 0);
}

function elementsOf(node: Node | undefined, state: { complete: boolean }, depth: number): Node[] {
  const value = unwrap(node);
  if (value && Node.isIdentifier(value) && depth < 5) {
    return elementsOf(value.getSourceFile().getVariableDeclaration(value.getText())?.getInitializer(), state, depth + 1);
  }
  if (!value || !Node.isArrayLiteralExpression(value)) {
    state.complete = false;
    return [];
  }
  return value.getElements().flatMap((element) => (Node.isSpreadElement(element) ? elementsOf(element.getExpression(), state, depth + 1) : [element]));
}

function providerEntry(node: Node): ProviderEntry {
  const value = unwrap(node)!;
  if (Node.isIdentifier(value)) return { node, className: value.getText(), provide: value.getText() };
  const object = Node.isObjectLiteralExpression(value) ? value : undefined;
  if (!object) return { node };
  const provide = valueOf(propertyOf(object, 'provide'))?.getText();
  const useClass = valueOf(propertyOf(object, 'useClass'));
  return {
    node,
    provide,
    className: useClass && Node.isIdentifier(useClass) ? useClass.getText() : undefined,
    useValue: valueOf(propertyOf(object, 'useValue')),
  };
}

export type EnhancerToken = 'APP_PIPE' | 'APP_GUARD' | 'APP_INTERCEPTOR' | 'APP_FILTER';

/** Providers registered globally for an enhancer token: `{ provide: APP_PIPE, ... }`, in modules that name it. */
export const globalProviders = (project: { modulesMatching(pattern: RegExp): NestModule[] }, token: EnhancerToken): { module: NestModule; entry: ProviderEntry }[] =>
  project
    .modulesMatching(new RegExp(`\\b${token}\\b`))
    .flatMap((module) => module.providers.filter((entry) => entry.provide === token).map((entry) => ({ module, entry })));
