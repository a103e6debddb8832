import type { MethodDeclaration } from 'ts-morph';
import { Node, SyntaxKind } from '../../ast/morph';
import { hookOf, type Gateway } from '../gateways';
import type { DoctorProject } from '../project';
import { defineRule, type Hit } from '../rule';
import { adapterCode, registersMiddleware, setsOption } from '../servers';
import { ownDescendants, unwrap } from '../syntax';

const CONNECTION_HOOKS = ['handleConnection', 'handleDisconnect'];

export const connectionHookCanThrow = defineRule({
  id: 'connection-hook-can-throw',
  severity: 'error',
  title: 'a connection hook throws or awaits outside a try/catch',
  rationale:
    'Nest calls handleConnection and handleDisconnect outside the exception zone of message handlers: no filter sees what they throw. ' +
    'A throw there, or a rejected promise in an async hook, ends the whole Nest process on 11.x and 12.x, taking every other client with it. ' +
    'Guards and filters never wrap these hooks.',
  fix: 'wrap the hook body in try/catch and disconnect that client on failure (ws-scaffold add-gateway <name> writes the hook this way)',
  example: [
    'handleConnection(client: Socket): void {',
    '  try {',
    '    // per-connection setup',
    '  } catch (error) {',
    '    this.logger.error(`connection setup failed for ${client.id}`, error);',
    '    client.disconnect(true);',
    '  }',
    '}',
  ].join('\n'),
  sources: ['nestjs/nest#2028', 'nestjs/nest#7212', 'nestjs/nest#336'],
  check: (project) =>
    project.gateways.flatMap((gateway) =>
      CONNECTION_HOOKS.flatMap((name) => {
        const hook = hookOf(gateway, name);
        const offender = hook && unprotectedFailure(hook);
        if (!offender) return [];
        const what = Node.isThrowStatement(offender) ? 'throws' : 'awaits a promise that can reject';
        return [{ file: gateway.file, line: offender.getStartLineNumber(), message: `${gateway.name}.${name} ${what} outside a try/catch: an error from this hook ends the Nest process` }];
      }),
    ),
});

/** The first throw or await of the hook's own body that no try/catch around it catches. */
function unprotectedFailure(hook: MethodDeclaration): Node | undefined {
  const body = hook.getBody();
  if (!body) return undefined;
  return ownDescendants(body).find((node) => {
    const failing = Node.isThrowStatement(node) || Node.isAwaitExpression(node) || (Node.isForOfStatement(node) && node.isAwaited());
    return failing && !caught(node, body);
  });
}

/** Inside the try block of a try statement that has a catch clause, below `body`. */
function caught(node: Node, body: Node): boolean {
  for (let current: Node | undefined = node; current && current !== body; current = current.getParent()) {
    const parent = current.getParent();
    if (parent && Node.isTryStatement(parent) && parent.getTryBlock() === current && parent.getCatchClause()) return true;
  }
  return false;
}

const TOKEN_NAME = /token|jwt|auth|bearer|secret|password|session|api_?key|credential/i;

export const tokenInQuery = defineRule({
  id: 'token-in-query',
  severity: 'warning',
  title: 'a credential is read from handshake.query',
  rationale:
    'The query string is part of the URL: proxies, load balancers and server access logs record it, and browsers keep it in history. ' +
    'A token sent there leaks wherever URLs are logged. socket.io has a handshake payload made for credentials: io(url, { auth: { token } }), read as socket.handshake.auth.',
  fix: 'send the token with io(url, { auth: { token } }) and read socket.handshake.auth.token (ws-scaffold add-gateway <name> writes this middleware)',
  example: "const token: unknown = socket.handshake.auth?.token; // client: io(url, { auth: { token } })",
  sources: ['socket.io docs: middlewares (Sending credentials)', 'OWASP: information exposure through query strings in URL'],
  check: (project) =>
    project.filesMatching(/handshake\s*\??\.\s*query/).flatMap((file) => {
      const source = project.parse(file)!;
      return source
        .getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)
        .filter((access) => access.getName() === 'query' && isHandshake(access.getExpression()))
        .flatMap((query) => credentialReads(query).map((name) => ({ file, line: query.getStartLineNumber(), message: `"${name}" is read from handshake.query: the token travels in the URL, which logs keep` })));
    }),
});

const isHandshake = (node: Node): boolean => {
  const value = unwrap(node);
  return !!value && Node.isPropertyAccessExpression(value) && value.getName() === 'handshake';
};

/** The credential-like names read from a `...handshake.query` expression. */
function credentialReads(query: Node): string[] {
  let outer: Node = query;
  while (outer.getParent() && (Node.isNonNullExpression(outer.getParent()) || Node.isAsExpression(outer.getParent()) || Node.isParenthesizedExpression(outer.getParent()))) outer = outer.getParent()!;
  const parent = outer.getParent();
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getExpression() === outer) return TOKEN_NAME.test(parent.getName()) ? [parent.getName()] : [];
  if (parent && Node.isElementAccessExpression(parent) && parent.getExpression() === outer) {
    const key = parent.getArgumentExpression();
    const name = key && (Node.isStringLiteral(key) || Node.isNoSubstitutionTemplateLiteral(key)) ? key.getLiteralValue() : undefined;
    return name && TOKEN_NAME.test(name) ? [name] : [];
  }
  if (parent && Node.isVariableDeclaration(parent) && Node.isObjectBindingPattern(parent.getNameNode())) {
    return parent
      .getNameNode()
      .asKindOrThrow(SyntaxKind.ObjectBindingPattern)
      .getElements()
      .map((element) => element.getPropertyNameNode()?.getText() ?? element.getName())
      .filter((name) => TOKEN_NAME.test(name));
  }
  return [];
}

export const noHandshakeAuth = defineRule({
  id: 'no-handshake-auth',
  severity: 'warning',
  title: 'nothing authenticates clients when they connect',
  rationale:
    'Guards wrap @SubscribeMessage handlers only; they never run for the connection itself (nestjs/nest#882, open since 2018). ' +
    'Without socket.io middleware (server.use in afterInit, or in the adapter), a check in handleConnection, or a ws verifyClient, anyone can connect, ' +
    'receive every broadcast of the namespace and hold a socket open. Gateways ws-scaffold.json records as --no-auth are public on purpose and not reported.',
  fix: 'register socket.io middleware in afterInit: server.use((socket, next) => ...) checking socket.handshake.auth.token (ws-scaffold add-gateway <name> writes it)',
  example: [
    'afterInit(server: Namespace): void {',
    '  server.use((socket, next) => {',
    '    this.auth.verify(socket.handshake.auth?.token).then(',
    "      (user) => (user ? ((socket.data.user = user), next()) : next(new Error('unauthorized'))),",
    "      () => next(new Error('unauthorized')),",
    '    );',
    '  });',
    '}',
  ].join('\n'),
  sources: ['nestjs/nest#882', 'nestjs/nest#9231', 'socket.io docs: middlewares'],
  check(project) {
    const adapter = adapterCode(project);
    if (adapter.kind === 'opaque') return [];
    const adapterAuthenticates =
      adapter.kind === 'project' &&
      (project.transport === 'ws'
        ? setsOption(adapter.sources, 'verifyClient')
        : adapter.sources.some((source) => registersMiddleware(source) || source.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).some((a) => a.getName() === 'handshake')) ||
          (setsOption(adapter.sources, 'allowRequest') && adapter.sources.some((s) => /authori[sz]ation|\btoken\b|cookie|session|jwt/i.test(s.getFullText()))));
    if (adapterAuthenticates) return [];
    return project.gateways
      .filter((gateway) => !project.publicGatewayFiles.has(gateway.file) && !authenticates(gateway, project))
      .map((gateway): Hit => ({
        file: gateway.file,
        line: gateway.line,
        message: hasGuards(gateway)
          ? `${gateway.name}: guards run on messages only, never at the handshake; anyone can connect`
          : `${gateway.name}: nothing authenticates clients at the handshake; anyone can connect`,
      }));
  },
});

function authenticates(gateway: Gateway, project: DoctorProject): boolean {
  if (project.transport === 'ws') {
    if (!gateway.optionsReadable) return true; // the options may carry a verifyClient
    const connection = hookOf(gateway, 'handleConnection');
    return !!gateway.options?.getProperty('verifyClient') || (!!connection && connection.getParameters().length > 1 && /headers|url/.test(connection.getBody()?.getText() ?? ''));
  }
  const connection = hookOf(gateway, 'handleConnection');
  return registersMiddleware(gateway.cls) || (!!connection && readsHandshake(connection));
}

/** Reads the handshake (auth, headers, query) or the request's headers: a check at connection time. */
const readsHandshake = (node: Node): boolean =>
  node.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).some((access) => access.getName() === 'handshake' || (access.getName() === 'headers' && /request/.test(access.getExpression().getText())));

const hasGuards = (gateway: Gateway): boolean => !!gateway.cls.getDecorator('UseGuards') || gateway.handlers.some((h) => h.method.getDecorator('UseGuards'));
