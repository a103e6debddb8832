import type { SourceFile } from 'ts-morph';
import { Node, SyntaxKind } from '../../ast/morph';
import { runsAfter } from '../bootstrap';
import { defineRule, type Hit } from '../rule';
import { literalString, unwrap } from '../syntax';

export const adapterAfterListen = defineRule({
  id: 'adapter-after-listen',
  severity: 'error',
  title: 'useWebSocketAdapter() is called after listen() or init()',
  rationale:
    'Nest sets up the WebSocket server during app.init() (listen() calls it). An adapter installed afterwards is not used: since @nestjs/core ' +
    '11.2 Nest only logs a warning, before that nothing at all. The app runs on the default adapter, without the Redis fan-out, the Origin ' +
    'check or the limits the adapter was meant to add.',
  fix: 'call app.useWebSocketAdapter(...) (after any await adapter.connect...) before app.listen() / app.init() (ws-scaffold sync moves ws-scaffold’s wiring back)',
  example: 'const app = await NestFactory.create(AppModule);\nconst adapter = new RedisIoAdapter(app);\nawait adapter.connectToRedis();\napp.useWebSocketAdapter(adapter);\nawait app.listen(3000);',
  sources: ['docs.nestjs.com websockets/adapter', 'nestjs/nest packages/core/nest-application.ts (11.2: warning on a late useWebSocketAdapter)'],
  check(project) {
    const bootstrap = project.bootstrap;
    if (!bootstrap) return [];
    const starts = bootstrap.calls.filter((c) => c.method === 'listen' || c.method === 'init');
    return bootstrap.calls
      .filter((c) => c.method === 'useWebSocketAdapter')
      .flatMap(({ call }) => {
        const start = starts.find((s) => runsAfter(call, s.call));
        return start ? [{ file: bootstrap.file, line: call.getStartLineNumber(), message: `useWebSocketAdapter() runs after ${bootstrap.app}.${start.method}() (line ${start.call.getStartLineNumber()}): Nest does not apply it` }] : [];
      });
  },
});

/** Packages whose clients emit `error`: an `error` event without a listener throws and ends the process. */
interface ClientImports {
  constructors: Set<string>;
  factories: Set<string>;
  /** Namespace or default imports (`pg.Pool`, `IORedis.Cluster`). */
  namespaces: Set<string>;
  duplicates: boolean;
}

const CONSTRUCTOR_PACKAGES: Record<string, string[]> = { ioredis: ['Redis', 'Cluster', 'default'], pg: ['Pool', 'Client'] };
const FACTORY_PACKAGES: Record<string, string[]> = { redis: ['createClient', 'createCluster'], '@redis/client': ['createClient', 'createCluster'] };

function clientImports(source: SourceFile): ClientImports {
  const found: ClientImports = { constructors: new Set(), factories: new Set(), namespaces: new Set(), duplicates: false };
  for (const declaration of source.getImportDeclarations()) {
    const pkg = declaration.getModuleSpecifierValue();
    const constructors = CONSTRUCTOR_PACKAGES[pkg];
    const factories = FACTORY_PACKAGES[pkg];
    if (!constructors && !factories) continue;
    found.duplicates = true;
    for (const named of declaration.getNamedImports()) {
      const local = named.getAliasNode()?.getText() ?? named.getName();
      if (constructors?.includes(named.getName())) found.constructors.add(local);
      if (factories?.includes(named.getName())) found.factories.add(local);
    }
    const whole = declaration.getDefaultImport()?.getText() ?? declaration.getNamespaceImport()?.getText();
    if (whole) {
      found.namespaces.add(whole);
      if (pkg === 'ioredis' && declaration.getDefaultImport()) found.constructors.add(whole);
    }
  }
  return found;
}

/** `new Redis(...)`, `createClient(...)`, `pub.duplicate()`, `new Pool(...)`, `new pg.Pool(...)` in a file. */
export function clientCreations(source: SourceFile): Node[] {
  const imports = clientImports(source);
  if (!imports.duplicates) return [];
  return source.getDescendants().filter((node) => {
    if (Node.isNewExpression(node)) {
      const created = node.getExpression().getText();
      const [root, member] = created.split('.');
      return imports.constructors.has(created) || (member !== undefined && imports.namespaces.has(root) && ['Pool', 'Client', 'Cluster', 'Redis'].includes(member));
    }
    if (!Node.isCallExpression(node)) return false;
    const callee = node.getExpression();
    if (Node.isIdentifier(callee)) return imports.factories.has(callee.getText());
    return Node.isPropertyAccessExpression(callee) && (callee.getName() === 'duplicate' || (imports.namespaces.has(callee.getExpression().getText()) && ['createClient', 'createCluster'].includes(callee.getName())));
  });
}

const ERROR_LISTENER = /\.\s*(on|once|addListener|prependListener)\s*\(\s*['"`]error['"`]/;

const LISTEN_METHODS = ['on', 'once', 'addListener', 'prependListener'];

/** The receivers of the file's `x.on('error', ...)` calls, as text: `pubClient`, `this.pool`. */
const listenerReceivers = (source: SourceFile): string[] =>
  source.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap((call) => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !LISTEN_METHODS.includes(callee.getName())) return [];
    return literalString(call.getArguments()[0]) === 'error' ? [callee.getExpression().getText().replace(/\s/g, '')] : [];
  });

/** Local functions and methods whose body adds an `error` listener (`watched(client)`). */
function listeningFunctions(source: SourceFile): Set<string> {
  const names = new Set<string>();
  for (const fn of source.getFunctions()) if (fn.getName() && ERROR_LISTENER.test(fn.getBody()?.getText() ?? '')) names.add(fn.getName()!);
  for (const declaration of source.getVariableDeclarations()) {
    const value = unwrap(declaration.getInitializer());
    if (value && (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) && ERROR_LISTENER.test(value.getBody().getText())) names.add(declaration.getName());
  }
  for (const method of source.getClasses().flatMap((c) => c.getMethods())) if (ERROR_LISTENER.test(method.getBody()?.getText() ?? '')) names.add(`this.${method.getName()}`);
  return names;
}

type Listened = 'yes' | 'no' | 'unknown';

function listened(creation: Node, receivers: string[], helpers: Set<string>, anyListener: boolean): Listened {
  let outer = creation;
  while (outer.getParent() && (Node.isParenthesizedExpression(outer.getParent()) || Node.isAsExpression(outer.getParent()) || Node.isNonNullExpression(outer.getParent()))) outer = outer.getParent()!;
  const parent = outer.getParent();
  if (parent && Node.isPropertyAccessExpression(parent) && LISTEN_METHODS.includes(parent.getName())) {
    const call = parent.getParent();
    return call && Node.isCallExpression(call) && literalString(call.getArguments()[0]) === 'error' ? 'yes' : 'unknown';
  }
  if (parent && Node.isCallExpression(parent) && parent.getArguments().includes(outer as never)) {
    const callee = parent.getExpression().getText().replace(/\s/g, '');
    if (helpers.has(callee)) return 'yes';
    return /^(createAdapter|createShardedAdapter)$/.test(callee) ? 'no' : 'unknown';
  }
  const target =
    parent && Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())
      ? parent.getName()
      : parent && Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === outer
        ? parent.getLeft().getText().replace(/\s/g, '')
        : undefined;
  if (!target) return 'unknown';
  if (receivers.includes(target)) return 'yes';
  // Handed to a helper that listens, or gathered into a list that may be: no finding that could be false.
  const uses = creation
    .getSourceFile()
    .getDescendants()
    .filter((n) => (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n)) && n.getText().replace(/\s/g, '') === target);
  for (const use of uses) {
    const around = use.getParent();
    if (around && Node.isCallExpression(around) && around.getArguments().includes(use as never) && helpers.has(around.getExpression().getText().replace(/\s/g, ''))) return 'yes';
    if (around && Node.isArrayLiteralExpression(around) && anyListener) return 'unknown';
  }
  return 'no';
}

export const adapterClientNoErrorListener = defineRule({
  id: 'adapter-client-no-error-listener',
  severity: 'error',
  title: "the adapter's Redis or PostgreSQL client has no 'error' listener",
  rationale:
    "Redis clients (node-redis, ioredis) and pg pools are event emitters: when the connection drops they emit 'error', and an 'error' event " +
    'without a listener throws, which ends the Node process. The docs’ Redis adapter sample has no listener, so a Redis restart takes every ' +
    'instance down instead of letting the clients reconnect.',
  fix: "add client.on('error', ...) to every client (and pool.on('error', ...)), logging instead of throwing (ws-scaffold add-adapter redis writes them)",
  example: "const pubClient = new Redis(process.env.REDIS_URL!);\npubClient.on('error', (error) => logger.error(`Redis: ${error.message}`));\nconst subClient = pubClient.duplicate();\nsubClient.on('error', (error) => logger.error(`Redis: ${error.message}`));",
  sources: ['docs.nestjs.com websockets/adapter (Redis sample)', 'node-redis README (error events)', 'node-postgres docs: Pool error event'],
  check(project) {
    const files = new Set([
      ...(project.adapter?.files ?? []),
      ...project.filesMatching(/@socket\.io\/(redis|redis-streams|postgres|cluster|mongo)-adapter|socket\.io-redis/),
    ]);
    return [...files].sort().flatMap((file) => {
      const source = project.parse(file);
      if (!source) return [];
      const receivers = listenerReceivers(source);
      const helpers = listeningFunctions(source);
      return clientCreations(source)
        .filter((creation) => listened(creation, receivers, helpers, receivers.length > 0) === 'no')
        .map((creation): Hit => ({ file, line: creation.getStartLineNumber(), message: `${creation.getText().replace(/\s+/g, ' ').slice(0, 60)} gets no 'error' listener: a dropped connection throws and ends the process` }));
    });
  },
});

export const noShutdownHooks = defineRule({
  id: 'no-shutdown-hooks',
  severity: 'warning',
  title: 'an adapter holding connections is installed without enableShutdownHooks()',
  rationale:
    'Without app.enableShutdownHooks(), SIGTERM (a deploy, a scale-down) kills the process without app.close(): the adapter’s dispose() never ' +
    'runs, Redis or PostgreSQL connections are cut instead of closed, and sockets are dropped without a close. With it, Nest closes the ' +
    'WebSocket servers and the adapter on the signal.',
  fix: 'call app.enableShutdownHooks() in main.ts before listen() (ws-scaffold add-adapter <kind> adds it)',
  example: 'app.enableShutdownHooks();\napp.useWebSocketAdapter(redisIoAdapter);',
  sources: ['docs.nestjs.com fundamentals/lifecycle-events (Application shutdown)', 'nestjs/nest#13534'],
  check(project) {
    const { bootstrap, adapter } = project;
    if (!bootstrap || !adapter || adapter.classes.length === 0) return [];
    if (bootstrap.calls.some((c) => c.method === 'enableShutdownHooks' || c.method === 'close')) return [];
    const holdsConnections = adapter.files.some((file) => {
      const source = project.parse(file);
      return !!source && (clientCreations(source).length > 0 || /@socket\.io\/(redis|redis-streams|postgres|cluster|mongo)-adapter/.test(source.getFullText()));
    });
    return holdsConnections ? [{ file: bootstrap.file, line: adapter.call.getStartLineNumber(), message: `${adapter.className} holds Redis/PostgreSQL connections, but SIGTERM never runs its dispose() (no enableShutdownHooks())` }] : [];
  },
});
