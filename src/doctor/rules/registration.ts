import { posix } from 'node:path';
import { projectPathOf } from '../../ast/constant-strings';
import { loadTsMorph, Node, SyntaxKind } from '../../ast/morph';
import { gatewayOption, serverOptions, type Gateway } from '../gateways';
import type { NestModule } from '../modules';
import type { DoctorProject } from '../project';
import { defineRule, type Hit } from '../rule';
import { ioServers, serverLabel } from '../servers';
import { importOf, propertyOf } from '../syntax';

/** Whether a module lists the gateway in its providers (by class, useClass, or an alias of its import). */
function provides(module: NestModule, gateway: Gateway, project: DoctorProject): boolean {
  return module.providers.some((entry) => {
    const name = entry.className ?? entry.provide;
    if (!name) return false;
    if (name === gateway.name) return true;
    const imported = importOf(module.source, name);
    return imported?.name === gateway.name && projectPathOf(module.file, imported.specifier, project.readFile) === gateway.file;
  });
}

/**
 * Whether another file uses the gateway class (under its name or an alias), or reaches its file
 * through a namespace import or a re-export: then a module, a dynamic module's forRoot() or a
 * provider factory may list it, and no finding could be sure. Read with TypeScript's own parser,
 * without ts-morph's wrappers: the file naming the gateway is often a root module importing
 * thousands of others.
 */
function usedElsewhere(project: DoctorProject, gateway: Gateway): boolean {
  const stem = posix.basename(gateway.file, '.ts');
  const candidates = project.filesMatching(new RegExp(`\\b(${gateway.name}|${stem.replace(/[.]/g, '\\.')})\\b`)).filter((file) => file !== gateway.file);
  const { ts } = loadTsMorph();
  return candidates.some((file) => {
    const source = ts.createSourceFile(file, project.text(file)!, ts.ScriptTarget.Latest, false);
    const locals = new Set<string>();
    const isGatewayFile = (specifier: import('ts-morph').ts.Expression | undefined): boolean =>
      !!specifier && ts.isStringLiteral(specifier) && projectPathOf(file, specifier.text, project.readFile) === gateway.file;
    for (const statement of source.statements) {
      if (ts.isExportDeclaration(statement)) {
        const clause = statement.exportClause;
        const names = clause && ts.isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : undefined;
        // `export * from` or `export { ChatGateway } from` the gateway's file: a barrel, used by name elsewhere or not.
        if ((!names || names.includes(gateway.name)) && isGatewayFile(statement.moduleSpecifier)) return true;
        continue;
      }
      if (!ts.isImportDeclaration(statement)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        if (isGatewayFile(statement.moduleSpecifier)) return true;
        continue;
      }
      for (const element of bindings && ts.isNamedImports(bindings) ? bindings.elements : []) {
        if ((element.propertyName ?? element.name).text !== gateway.name) continue;
        // A specifier that cannot be followed (a package, an unknown alias) may still be this gateway.
        const specifier = statement.moduleSpecifier;
        const path = ts.isStringLiteral(specifier) ? projectPathOf(file, specifier.text, project.readFile) : undefined;
        if (path === undefined || path === gateway.file) locals.add(element.name.text);
      }
    }
    if (locals.size === 0) return false;
    const uses = (node: import('ts-morph').ts.Node): boolean =>
      (ts.isIdentifier(node) && locals.has(node.text)) || (!ts.isImportDeclaration(node) && ts.forEachChild(node, uses) === true);
    return source.statements.some((statement) => !ts.isImportDeclaration(statement) && uses(statement));
  });
}

/** Module files whose providers may hold classes they do not name: a spread, another file's array, `@Module(meta)`. */
const OPAQUE_PROVIDERS = /\.\.\.|providers\s*:\s*[^\s[]|@Module\(\s*[^\s{)]/;

export const gatewayNotProvided = defineRule({
  id: 'gateway-not-provided',
  severity: 'error',
  title: "a gateway is in no module's providers",
  rationale:
    'Nest only instantiates a gateway listed in the providers of a module the app loads. One that is not listed is never set up: its ' +
    'handlers never run, clients cannot connect to its namespace, and nothing is logged.',
  fix: "add it to its feature module's providers (ws-scaffold add-gateway <name> registers it once, in the nearest module)",
  example: '@Module({ providers: [ChatGateway] })\nexport class ChatModule {}',
  sources: ['docs.nestjs.com websockets/gateways', 'nestjs/nest packages/websockets/socket-module.ts'],
  check(project) {
    const orphans = project.gateways.filter((gateway) => !gateway.cls.isAbstract() && !usedElsewhere(project, gateway));
    // A module whose providers cannot be read completely might hold any gateway: no finding then.
    if (orphans.length === 0 || project.modulesMatching(OPAQUE_PROVIDERS).some((m) => !m.complete)) return [];
    return orphans.map((gateway) => ({ file: gateway.file, line: gateway.line, message: `${gateway.name} is in no module's providers, so Nest never starts it` }));
  },
});

export const gatewayInLazyModule = defineRule({
  id: 'gateway-in-lazy-module',
  severity: 'error',
  title: 'a gateway lives in a module loaded with LazyModuleLoader',
  rationale:
    'Gateways are bound when the app initialises. A module loaded later through LazyModuleLoader.load() gets its providers, but its ' +
    'gateways are never attached to a server: the namespace does not exist and handlers never run.',
  fix: "import the module statically (in AppModule's imports), or move the gateway to a module that is",
  example: '@Module({ imports: [ChatModule] })\nexport class AppModule {}',
  sources: ['docs.nestjs.com fundamentals/lazy-loading-modules (Limitations: gateways)'],
  check(project) {
    const hits: Hit[] = [];
    for (const file of project.filesMatching(/\.load\s*\(/)) {
      const source = project.parse(file)!;
      for (const load of source.getDescendantsOfKind(SyntaxKind.CallExpression)) {
        const callee = load.getExpression();
        if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'load') continue;
        const loaded = load.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => c.getExpression().getKind() === SyntaxKind.ImportKeyword);
        const specifier = loaded?.getArguments()[0];
        if (!specifier || !Node.isStringLiteral(specifier)) continue;
        const path = projectPathOf(file, specifier.getLiteralValue(), project.readFile);
        const names = load.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).map((a) => a.getName());
        const lazy = path === undefined ? [] : project.modulesIn(path).filter((m) => names.includes(m.name));
        for (const module of lazy) {
          const word = new RegExp(`\\b${module.name}\\b`);
          const eager = project.modulesMatching(word).some((other) => other !== module && other.imports.some((entry) => word.test(entry)));
          if (eager) continue;
          for (const gateway of project.gateways.filter((g) => provides(module, g, project))) {
            hits.push({ file: gateway.file, line: gateway.line, message: `${gateway.name} is provided by ${module.name}, which ${file}:${load.getStartLineNumber()} loads lazily: its gateway is never bound` });
          }
        }
      }
    }
    return hits;
  },
});

export const duplicateNamespace = defineRule({
  id: 'duplicate-namespace',
  severity: 'warning',
  title: 'two gateways serve the same namespace',
  rationale:
    'Gateways on one namespace of one server share its connections: both connection hooks run for every client, both handlers of an event ' +
    'run and answer, and middleware registered by one applies to the other. It is rarely meant, and never visible in either file.',
  fix: 'give each gateway its own namespace, or merge them (ws-scaffold add-namespace refuses a namespace another gateway serves)',
  example: "@WebSocketGateway({ namespace: '/orders' })",
  sources: ['nestjs/nest packages/websockets/sockets-container.ts', 'socket.io docs: namespaces'],
  check: (project) =>
    ioServers(project).flatMap((server) => {
      const seen = new Map<string, Gateway>();
      const hits: Hit[] = [];
      for (const gateway of [...server.gateways].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
        if (gateway.namespace === undefined) continue;
        const first = seen.get(gateway.namespace);
        if (first) hits.push({ file: gateway.file, line: gateway.line, message: `${gateway.name} serves ${gateway.namespace}, as ${first.name} (${first.file}:${first.line}) does: they share its clients` });
        else seen.set(gateway.namespace, gateway);
      }
      return hits;
    }),
});

export const sharedServerOptionsIgnored = defineRule({
  id: 'shared-server-options-ignored',
  severity: 'warning',
  title: 'gateways that share a server declare different server options',
  rationale:
    'Nest creates one socket.io server per port and path, with the options of the first gateway it sets up; every later gateway only adds ' +
    'its namespace. cors, transports, maxHttpBufferSize, allowRequest and the rest given on another gateway are silently ignored, and which ' +
    'gateway is first depends on module order (verified: a second gateway’s cors.origin never shows in the CORS headers).',
  fix: 'set server options once, in the adapter’s createIOServer, and keep only namespace on the gateways (ws-scaffold add-gateway <name> does)',
  example: "// main.ts\napp.useWebSocketAdapter(new SecureIoAdapter(app)); // cors, allowRequest, maxHttpBufferSize for every gateway\n\n@WebSocketGateway({ namespace: '/chat' })",
  sources: ['nestjs/nest packages/websockets/socket-server-provider.ts', 'nestjs/nest packages/websockets/sockets-container.ts'],
  check: (project) =>
    ioServers(project)
      .filter((server) => server.gateways.length > 1 && server.gateways.every((g) => g.optionsReadable))
      .flatMap((server) => {
        const signature = (g: Gateway) => serverOptions(g).map((p) => p.getText().replace(/\s/g, '')).sort().join(';');
        if (new Set(server.gateways.map(signature)).size === 1) return [];
        return server.gateways
          .filter((g) => serverOptions(g).length > 0)
          .map((g) => {
            const options = serverOptions(g);
            const names = options.map((p) => (Node.isSpreadAssignment(p) ? p.getText() : p.getName())).join(', ');
            return { file: g.file, line: options[0].getStartLineNumber(), message: `${g.name}: ${names} may be ignored; ${server.gateways.length} gateways share ${serverLabel(server)} and only the first one's options count` };
          });
      }),
});

export const wsNamespaceUnsupported = defineRule({
  id: 'ws-namespace-unsupported',
  severity: 'error',
  title: 'a gateway sets a namespace on the ws transport',
  rationale: 'WsAdapter (@nestjs/platform-ws) has no namespaces: it throws \'"WsAdapter" does not support namespaces\' when the app starts. ws gateways are told apart by path.',
  fix: "use the path option instead: @WebSocketGateway({ path: '/chat' }) (ws-scaffold add-gateway <name> --ws-path /chat)",
  example: "@WebSocketGateway({ path: '/chat' })",
  sources: ['nestjs/nest packages/platform-ws/adapters/ws-adapter.ts'],
  transport: 'ws',
  check: (project) =>
    project.gateways
      .filter((g) => gatewayOption(g, 'namespace') !== undefined)
      .map((g) => ({ file: g.file, line: propertyOf(g.options!, 'namespace')!.getStartLineNumber(), message: `${g.name} sets a namespace, which WsAdapter refuses at start-up` })),
});
