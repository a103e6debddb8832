import type { CallExpression, ClassDeclaration, SourceFile } from 'ts-morph';
import { projectPathOf, type ReadFile } from '../ast/constant-strings';
import { Node, SyntaxKind } from '../ast/morph';
import { calleeText, importOf, unwrap } from './syntax';

/** main.ts as far as the rules need it: the app variable and what is called on it, in order. */
export interface Bootstrap {
  file: string;
  source: SourceFile;
  /** `app` in `const app = await NestFactory.create(...)`; undefined when not created that way. */
  app: string | undefined;
  /** `<app>.<method>(...)` calls, in source order. */
  calls: { method: string; call: CallExpression }[];
}

/** The adapter main.ts installs with useWebSocketAdapter, followed through the project's classes. */
export interface WiredAdapter {
  /** The class as main.ts names it. */
  className: string;
  call: CallExpression;
  /** The Nest adapter the chain ends at; undefined when it leaves the project for another package. */
  base: 'IoAdapter' | 'WsAdapter' | undefined;
  /** The project classes from the wired one down to the Nest adapter. */
  classes: { file: string; cls: ClassDeclaration }[];
  /** The files of those classes, and the project files they import (where their options may live). */
  files: string[];
}

const NEST_ADAPTERS: Record<string, { pkg: string; base: 'IoAdapter' | 'WsAdapter' }> = {
  IoAdapter: { pkg: '@nestjs/platform-socket.io', base: 'IoAdapter' },
  WsAdapter: { pkg: '@nestjs/platform-ws', base: 'WsAdapter' },
};

export function readBootstrap(file: string, source: SourceFile): Bootstrap {
  const create = source.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => calleeText(c) === 'NestFactory.create');
  const declaration = create?.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
  const name = declaration?.getNameNode();
  const app = name && Node.isIdentifier(name) ? name.getText() : undefined;
  const calls = source
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .map((call) => {
      const callee = unwrap(call.getExpression());
      if (!callee || !Node.isPropertyAccessExpression(callee)) return undefined;
      const receiver = unwrap(callee.getExpression())?.getText();
      return app !== undefined && receiver === app ? { method: callee.getName(), call } : undefined;
    })
    .filter((c): c is { method: string; call: CallExpression } => c !== undefined);
  return { file, source, app, calls };
}

/** The `useWebSocketAdapter(...)` call and the class it installs, followed into the project. */
export function readWiredAdapter(bootstrap: Bootstrap, readFile: ReadFile, parse: (path: string) => SourceFile | undefined): WiredAdapter | undefined {
  const call = bootstrap.calls.find((c) => c.method === 'useWebSocketAdapter')?.call;
  if (!call) return undefined;
  const className = adapterClassName(call);
  if (!className) return { className: '(unknown)', call, base: undefined, classes: [], files: [] };
  const classes: WiredAdapter['classes'] = [];
  let base: WiredAdapter['base'];
  let current: { file: string; source: SourceFile; name: string } | undefined = { file: bootstrap.file, source: bootstrap.source, name: className };
  for (let depth = 0; current && depth < 6; depth++) {
    const local: ClassDeclaration | undefined = current.source.getClass(current.name);
    if (local) {
      classes.push({ file: current.file, cls: local });
      const parent: string | undefined = local.getExtends()?.getExpression().getText();
      current = parent ? { ...current, name: parent } : undefined;
      continue;
    }
    const imported = importOf(current.source, current.name);
    if (!imported) break;
    const nest = NEST_ADAPTERS[imported.name];
    if (nest && imported.specifier === nest.pkg) {
      base = nest.base;
      break;
    }
    const path = projectPathOf(current.file, imported.specifier, readFile);
    const next = path === undefined ? undefined : parse(path);
    current = path && next ? { file: path, source: next, name: imported.name } : undefined;
  }
  const files = new Set(classes.map((c) => c.file));
  for (const { file, cls } of classes) {
    for (const declaration of cls.getSourceFile().getImportDeclarations()) {
      const specifier = declaration.getModuleSpecifierValue();
      const path = specifier.startsWith('.') ? projectPathOf(file, specifier, readFile) : undefined;
      if (path) files.add(path);
    }
  }
  return { className, call, base, classes, files: [...files] };
}

/** `new X(app)`, or a variable of the same block holding one. */
function adapterClassName(call: CallExpression): string | undefined {
  const argument = unwrap(call.getArguments()[0]);
  if (argument && Node.isNewExpression(argument)) return argument.getExpression().getText();
  if (argument && Node.isIdentifier(argument)) {
    const declaration = call
      .getSourceFile()
      .getDescendantsOfKind(SyntaxKind.VariableDeclaration)
      .find((d) => d.getName() === argument.getText());
    const initializer = unwrap(declaration?.getInitializer());
    if (initializer && Node.isNewExpression(initializer)) return initializer.getExpression().getText();
  }
  return undefined;
}

/** Whether `later` runs after `earlier` in the same function: both in one body, `later` further down. */
export function runsAfter(later: Node, earlier: Node): boolean {
  const scope = (node: Node) => node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a));
  return scope(later) === scope(earlier) && later.getStart() > earlier.getEnd();
}
