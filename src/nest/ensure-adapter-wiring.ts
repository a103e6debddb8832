import { Node, SyntaxKind } from '../ast/morph';
import type { CallExpression, SourceFile, Statement } from 'ts-morph';
import { RefusalError } from '../errors';
import { ensureImport, normaliseSpecifier, removeUnusedImport } from '../ast/ensure-import';
import { lineOf, parseSource } from '../ast/source';
import { isAccessPath, unwrapParentheses } from '../ast/same-code';
import { applySplices, insertAt, removeLines, type Splice } from '../ast/splice';
import { detectTextStyle, endOfLine, indentationAt, statementInStyle } from '../text/text-style';

export interface AdapterWiringRequest {
  /** The adapter class to wire, e.g. `SecureIoAdapter`. */
  adapterClass: string;
  /** Where it is imported from, relative to main.ts, e.g. `./websockets/secure-io.adapter`. */
  moduleSpecifier: string;
  /**
   * The statements that create, prepare and install the adapter, given the app variable's name.
   * The last one calls `useWebSocketAdapter`.
   */
  statements: (app: string) => string[];
  /** Adapter classes ws-scaffold writes: their wiring may be replaced when the kind changes. */
  replaceable: readonly string[];
  /** Adapters that already do the job when wired (e.g. any of ours, for a new gateway): left as they are. */
  acceptExisting?: readonly string[];
  /**
   * Where ws-scaffold's own adapters come from, as main.ts imports them (`./websockets/redis-io.adapter`):
   * the files the manifest records as owned. An adapter counts as ours by where it comes from,
   * never by its name: a project's own `RedisIoAdapter` from `./other/redis` is the project's.
   */
  ownModules: readonly string[];
  /** The refusal for an adapter of the project's own: what to do instead of replacing it. */
  foreignAdapter?: (adapter: ForeignAdapter) => { reason: string; snippet: string };
}

/** An adapter main.ts installs that is not ws-scaffold's: its class, and where main.ts imports it from (none: declared in main.ts). */
export interface ForeignAdapter {
  className?: string;
  moduleSpecifier?: string;
  /** The 1-based lines of main.ts that create and install it. */
  lines: { from: number; to: number };
  /** The app variable's name. */
  app: string;
  /** Every name main.ts already binds (imports, declarations): a snippet must not declare one again. */
  names: string[];
}

interface Bootstrap {
  app: string;
  createStatement: Statement;
  statements: Statement[];
  start: Statement;
}

/**
 * Wires a WebSocket adapter into main.ts: `app.useWebSocketAdapter(...)` (with its setup) before
 * `app.listen()` / `app.init()` (a later call is silently ignored by Nest), plus
 * `app.enableShutdownHooks()` so that the adapter's dispose() runs on SIGTERM. Recognises its own
 * wiring (nothing to do), replaces the wiring of another ws-scaffold adapter, moves one that
 * sits after listen, and refuses anything it cannot read: a custom adapter, an app that is not
 * `const app = await NestFactory.create(...)`, no listen/init in the same block.
 */
export function ensureAdapterWiring(fileName: string, text: string, request: AdapterWiringRequest): string {
  const source = parseSource(fileName, text);
  const style = detectTextStyle(text);
  const boot = findBootstrap(fileName, text, source, request);
  const indent = indentationAt(text, boot.start.getStart());
  const wanted = request.statements(boot.app);

  const splices: Splice[] = [];
  const removed = new Set<Statement>();
  let wiringNeeded = true;
  let wiring = wanted;
  const existing = findExistingWiring(boot);
  if (existing) {
    const current = existing.adapterClass;
    const from = current ? importedFrom(source, current) : undefined;
    const ours = !!from && request.ownModules.some((m) => normaliseSpecifier(m) === normaliseSpecifier(from));
    const beforeStart = existing.statements[existing.statements.length - 1].getEnd() <= boot.start.getStart();
    const accepted = ours && (current === request.adapterClass || !!request.acceptExisting?.includes(current!));
    if (accepted && beforeStart) {
      wiringNeeded = false;
    } else if (accepted && current !== request.adapterClass) {
      // An accepted adapter installed after listen(): move its own statements before listen().
      wiring = existing.statements.map((s) => s.getText());
      for (const statement of existing.statements) {
        removed.add(statement);
        splices.push(removeLines(text, statement.getStart(), statement.getEnd()));
      }
    } else if (!current || !ours || (!accepted && !request.replaceable.includes(current))) {
      const statements = existing.statements;
      const lines = { from: lineOf(text, statements[0].getStart()), to: lineOf(text, statements[statements.length - 1].getEnd()) };
      const names = source.getDescendantsOfKind(SyntaxKind.Identifier).map((id) => id.getText());
      const foreign = request.foreignAdapter?.({ className: current, moduleSpecifier: from, lines, app: boot.app, names: [...new Set(names)] });
      const reason = `main.ts already installs ${current ?? 'a WebSocket adapter'}${from ? ` (from '${from}')` : ''} of its own; ws-scaffold does not replace it`;
      throw new RefusalError(fileName, foreign?.reason ?? reason, foreign?.snippet ?? snippet(boot.app, request), lineOf(text, existing.call.getStart()));
    } else {
      for (const statement of existing.statements) {
        removed.add(statement);
        splices.push(removeLines(text, statement.getStart(), statement.getEnd()));
      }
    }
  }
  const hasShutdownHooks = boot.statements.some((s) => callsMethod(s, boot.app, 'enableShutdownHooks'));
  const lines = [...(hasShutdownHooks ? [] : [`${boot.app}.enableShutdownHooks();`]), ...(wiringNeeded ? wiring : [])];
  if (lines.length > 0) {
    // After the last statement before listen() that stays, so that comments above listen() stay with it.
    const before = boot.statements.slice(0, boot.statements.indexOf(boot.start)).filter((st) => !removed.has(st));
    const anchor = before[before.length - 1];
    splices.push(insertAt(endOfLine(text, anchor.getEnd()), lines.map((line) => `${style.eol}${indent}${statementInStyle(line, style)}`).join('')));
  }
  let wired = applySplices(text, splices);
  if (removed.size > 0 && existing?.adapterClass && wiring === wanted) wired = removeUnusedImport(fileName, wired, existing.adapterClass);
  const installed = wiringNeeded && wiring === wanted ? request.adapterClass : existing!.adapterClass!;
  return installed === request.adapterClass
    ? ensureImport(fileName, wired, { symbol: request.adapterClass, moduleSpecifier: request.moduleSpecifier }).text
    : wired;
}

function findBootstrap(fileName: string, text: string, source: SourceFile, request: AdapterWiringRequest): Bootstrap {
  const refuse = (at: Node | undefined, reason: string): never => {
    throw new RefusalError(fileName, reason, snippet('app', request), at ? lineOf(text, at.getStart()) : undefined);
  };
  const creates = source
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => isAccessPath(call.getExpression(), ['NestFactory', 'create']));
  if (creates.length === 0) return refuse(undefined, 'no NestFactory.create(...) call was found');
  if (creates.length > 1) return refuse(creates[1], 'more than one NestFactory.create(...) call');

  const create = creates[0];
  const awaited = create.getParentIfKind(SyntaxKind.AwaitExpression);
  const declaration = awaited?.getParentIfKind(SyntaxKind.VariableDeclaration);
  const nameNode = declaration?.getNameNode();
  const createStatement = declaration?.getFirstAncestorByKind(SyntaxKind.VariableStatement);
  const block = createStatement?.getParent();
  if (!nameNode || !Node.isIdentifier(nameNode) || !createStatement || !block || !(Node.isBlock(block) || Node.isSourceFile(block))) {
    return refuse(create, 'the app is not created as `const app = await NestFactory.create(...)`');
  }
  const app = nameNode.getText();
  const statements = block.getStatements();
  const start = statements
    .slice(statements.indexOf(createStatement) + 1)
    .find((s) => callsMethod(s, app, 'listen') || callsMethod(s, app, 'init'));
  if (!start) return refuse(createStatement, `no ${app}.listen() or ${app}.init() follows NestFactory.create in the same block`);
  return { app, createStatement, statements, start };
}

interface ExistingWiring {
  call: CallExpression;
  adapterClass?: string;
  /** The statements that belong to it: a `const x = new Adapter(app)` and every use of x up to the call. */
  statements: Statement[];
}

function findExistingWiring(boot: Bootstrap): ExistingWiring | undefined {
  const index = boot.statements.findIndex((s) => callsMethod(s, boot.app, 'useWebSocketAdapter'));
  if (index === -1) return undefined;
  const useStatement = boot.statements[index];
  const call = useStatement
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((c) => isAccessPath(c.getExpression(), [boot.app, 'useWebSocketAdapter']))!;
  const argument = call.getArguments()[0] && unwrapParentheses(call.getArguments()[0]);
  if (argument && Node.isNewExpression(argument)) {
    return { call, adapterClass: argument.getExpression().getText(), statements: [useStatement] };
  }
  if (argument && Node.isIdentifier(argument)) {
    const variable = argument.getText();
    const declarationIndex = boot.statements.findIndex(
      (s) => Node.isVariableStatement(s) && s.getDeclarations().some((d) => d.getName() === variable),
    );
    const declaration = boot.statements[declarationIndex];
    const initializer = declaration && Node.isVariableStatement(declaration)
      ? declaration.getDeclarations().find((d) => d.getName() === variable)?.getInitializer()
      : undefined;
    if (declaration && initializer && Node.isNewExpression(initializer) && declarationIndex < index) {
      const related = boot.statements
        .slice(declarationIndex, index + 1)
        .filter((s) => s === declaration || s === useStatement || new RegExp(`\\b${variable}\\b`).test(s.getText()));
      return { call, adapterClass: initializer.getExpression().getText(), statements: related };
    }
  }
  return { call, statements: [useStatement] };
}

/**
 * The adapter class main.ts installs with useWebSocketAdapter, and where it imports it from (none:
 * declared in main.ts); undefined when it installs none, or one this cannot read.
 */
export function installedAdapter(fileName: string, text: string): { className: string; moduleSpecifier?: string } | undefined {
  const source = parseSource(fileName, text);
  const call = source.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => {
    const callee = unwrapParentheses(c.getExpression());
    return Node.isPropertyAccessExpression(callee) && callee.getName() === 'useWebSocketAdapter';
  });
  const argument = call?.getArguments()[0] && unwrapParentheses(call.getArguments()[0]);
  let created = argument;
  if (argument && Node.isIdentifier(argument)) {
    created = source.getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === argument.getText())?.getInitializer();
  }
  if (!created || !Node.isNewExpression(created)) return undefined;
  const className = created.getExpression().getText();
  return { className, moduleSpecifier: importedFrom(source, className) };
}

/** The module specifier main.ts imports `name` from, if it does. */
function importedFrom(source: SourceFile, name: string): string | undefined {
  const declaration = source.getImportDeclarations().find((d) => d.getNamedImports().some((n) => (n.getAliasNode() ?? n.getNameNode()).getText() === name));
  return declaration?.getModuleSpecifierValue();
}

function callsMethod(statement: Statement, app: string, method: string): boolean {
  return statement
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .some((c) => isAccessPath(c.getExpression(), [app, method]));
}

function snippet(app: string, request: AdapterWiringRequest): string {
  return [
    `import { ${request.adapterClass} } from '${request.moduleSpecifier}';`,
    '',
    '// in bootstrap(), after NestFactory.create and before listen():',
    `${app}.enableShutdownHooks();`,
    ...request.statements(app),
  ].join('\n');
}
