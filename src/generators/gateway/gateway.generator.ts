import { posix } from 'node:path';
import { declaredClientEvents, subscribedEvents } from '../../nest/gateway-events';
import { defineGenerator, type VerifyFinding } from '../../engine/generator';
import type { ManifestArtefact } from '../../engine/manifest';
import type { Tree } from '../../tree/tree';
import { UsageError } from '../../errors';
import { readJson } from '../../project/detect';
import { findNearestModule } from '../../project/module-finder';
import { listenPort } from '../../nest/listen-port';
import { projectFiles } from '../../ast/constant-strings';
import { assertGatewayClassFree } from '../shared/gateway-target';
import { artefactNames, relativeImport } from '../shared/names';
import { socketIoDependencies } from '../shared/dependencies';
import { recordedGateways, resolveTransport } from '../shared/transport';
import { adapterWithoutKit, anonymousGatewayUndeclared, kitDir, kitModuleNotImportedStep, kitNotWiredStep, planWebsocketKit, registerWithKit } from '../shared/websockets-kit';
import { planNamespaceRegistry } from '../shared/namespace-registry';
import { planE2eSpec } from '../shared/e2e-spec';
import { route } from '../shared/rules';
import { gatewayCommand, type GatewayOptions } from './gateway.options';

export type { GatewayOptions } from './gateway.options';

export const gatewayGenerator = defineGenerator<GatewayOptions>({
  name: 'gateway',
  options: gatewayCommand.options,
  artefactName: (options) => options.name,
  verify(tree, artefact, project) {
    const kit = artefact.options.main === false ? adapterWithoutKit(tree, project, artefact.options.transport === 'ws' ? 'ws' : 'socket.io') : undefined;
    const open = artefact.options.auth === false && artefact.options.transport !== 'ws' ? anonymousGatewayUndeclared(tree, artefact) : undefined;
    return [...(kit ? [kit] : []), ...(open ? [open] : []), ...eventMapFindings(tree, artefact)];
  },
  async plan(context) {
    const { tree, project, options, render, scaffoldFile, addDependencies, nextStep } = context;
    const transport = resolveTransport(context, options.transport === 'auto' ? undefined : options.transport);
    const ws = transport === 'ws';
    if (ws && options.namespace) throw new UsageError('--namespace: the ws transport has no namespaces; use --ws-path /<path> for the URL path.');
    if (ws && options.throttle) throw new UsageError('--throttle: the message rate limit is written for socket.io gateways only.');
    if (!ws && options.wsPath) throw new UsageError('--ws-path applies to the ws transport only; socket.io gateways take --namespace.');
    const auth = options.auth !== false;
    const names = artefactNames(options.name);
    // Each transport's default route only where it is used: a name in another script needs only its own transport's flag.
    const namespace = ws ? '' : (options.namespace ?? defaultRoute(names.fileName, '--namespace'));
    const wsPath = ws ? wsPathOf(options) : '';
    if (ws) assertWsPathFree(tree, options.name, wsPath);
    const dir = posix.join(project.sourceRoot, options.path ?? '', names.dir, options.flat ? '' : names.fileName);
    const gatewayFile = posix.join(dir, `${names.fileName}.gateway.ts`);
    const className = `${names.className}Gateway`;
    assertGatewayClassFree(tree, project, className, gatewayFile);
    const kitImport = relativeImport(gatewayFile, kitDir(project.sourceRoot), '').replace(/\/$/, '');
    const throttle = options.throttle === true;
    const constantPrefix = names.fileName.replace(/-/g, '_').toUpperCase();
    const data = {
      auth,
      throttle,
      kitImport,
      kitImportFromSpec: kitImport,
      className,
      baseName: names.className,
      fileName: names.fileName,
      namespace,
      namespaceConstant: `${constantPrefix}_NAMESPACE`,
      wsPath,
      pathConstant: `${constantPrefix}_PATH`,
      roomPatternConstant: `${constantPrefix}_ROOM_PATTERN`,
      serverType: namespace === '/' ? 'Server' : 'Namespace',
      event: 'message',
      importSuffix: project.importSuffix,
      testRunner: project.testRunner,
    };
    const template = ws ? 'ws-' : '';

    // New files first, edits after: prettier formats the new files in its worker while the first
    // edit loads ts-morph.
    const gatewayAdded = !tree.exists(gatewayFile);
    scaffoldFile(gatewayFile, render(`gateway/${template}gateway.ts.ejs`, data), className);
    scaffoldFile(posix.join(dir, `${names.fileName}.events.ts`), render(`gateway/${template}events.ts.ejs`, data), `${className} events`);
    const specs = options.spec !== false && project.testRunner !== 'none';
    if (specs) {
      const specFile = posix.join(dir, `${names.fileName}.gateway.${options.specFileSuffix ?? 'spec'}.ts`);
      scaffoldFile(specFile, render(`gateway/${template}gateway.spec.ts.ejs`, data), `${className} spec`);
    }
    planWebsocketKit(context, { throttle, transport, wireMain: options.main !== false });
    // After the kit's new files: finding the root module to boot loads ts-morph.
    // The ws transport has no e2e spec yet: its clients are not socket.io's.
    if (specs && !ws) {
      planE2eSpec(context, { gatewayFile, className, base: names.className, namespace, auth }, {
        name: 'gateway',
        artefactAdded: gatewayAdded,
        template: 'gateway/gateway.e2e-spec.ts.ejs',
        data: {},
        what: `${className} e2e spec`,
      });
    }
    if (options.main === false) nextStep(kitNotWiredStep(context, transport));
    // Listed in websockets/namespaces.ts; a namespace another gateway serves is refused.
    if (!ws) planNamespaceRegistry(context, namespace, className);

    if (!options.skipImport) {
      const moduleFile = options.module ?? findNearestModule(tree, dir, project.sourceRoot);
      // WsAuthVerifier, WsRooms and the rate limit come from WebsocketsModule (root module).
      registerWithKit(context, moduleFile, [{ symbol: className, moduleSpecifier: relativeImport(moduleFile, gatewayFile, project.importSuffix) }]);
    } else {
      nextStep(kitModuleNotImportedStep(context));
    }

    // The port main.ts listens on (after our wiring edit, which leaves listen() as it was).
    const port = listenPort(project.mainFile, tree.read(project.mainFile));
    if (ws) {
      nextStep(`Connect a client: new WebSocket('ws://localhost:${port}${wsPath}'${auth ? ", ['bearer', token]" : ''}), then send JSON frames: { "event": "${data.event}", "data": { "text": "hello" } }`);
    } else {
      const installedPlatform = readJson<{ dependencies?: Record<string, string> }>(tree, 'node_modules/@nestjs/platform-socket.io/package.json');
      addDependencies(socketIoDependencies(project, installedPlatform?.dependencies?.['socket.io']));
      nextStep(`Connect a client: io('http://localhost:${port}${namespace === '/' ? '' : namespace}'${auth ? ', { auth: { token } }' : ''}).emitWithAck('${data.event}', { text: 'hello' })`);
    }
    if (auth) nextStep(project.dependencies.includes('@nestjs/jwt') ? 'Set WS_JWT_SECRET: handshake tokens are JWTs signed with it (see websockets/ws-auth.ts).' : 'Replace WsAuthVerifier.verify() in websockets/ws-auth.ts with your real token check; until then WS_AUTH_TOKENS="token=userId,..." lists the accepted tokens.');
    nextStep('Allow your front end: WS_ALLOWED_ORIGINS=https://app.example.com (unset: localhost pages only).');
    // Recorded in the manifest, so that `check` re-plans a ws gateway even if main.ts changes.
    return ws ? { resolved: { transport: 'ws' } } : undefined;
  },
});

const wsPathOf = (options: { name: string; wsPath?: unknown }): string =>
  typeof options.wsPath === 'string' && options.wsPath ? options.wsPath : defaultRoute(artefactNames(options.name).fileName, '--ws-path');

/** `/<file name>`, when that is a valid route (a name in another script is not): else the flag to give. */
function defaultRoute(fileName: string, flag: string): string {
  try {
    return route(`/${fileName}`, { label: flag, options: {} });
  } catch {
    throw new UsageError(`the default ${flag} /${fileName} is not a plain ASCII path; give one, e.g. ${flag} /chat.`);
  }
}

/** WsAdapter hands an upgrade to the first server on its path: a second gateway there gets nothing. */
function assertWsPathFree(tree: Tree, name: string, wsPath: string): void {
  const taken = recordedGateways(tree).find(
    ({ artefact: a, transport }) => transport === 'ws' && a.name !== name && wsPathOf({ name: a.name, wsPath: a.options.wsPath }) === wsPath,
  );
  if (taken) throw new UsageError(`${wsPath} is already served by the ws gateway "${taken.artefact.name}": choose another --ws-path.`);
}

/** An event in the map without a handler, or a handler without its event: what only the user can resolve. */
function eventMapFindings(tree: Tree, artefact: ManifestArtefact): VerifyFinding[] {
  const gatewayFile = artefact.scaffolded.find((f) => f.endsWith('.gateway.ts'));
  const eventsFile = artefact.scaffolded.find((f) => f.endsWith('.events.ts'));
  const gateway = gatewayFile && tree.read(gatewayFile);
  const events = eventsFile && tree.read(eventsFile);
  if (!gateway || !events) return [];
  const readFile = projectFiles(tree);
  const handled = subscribedEvents(gatewayFile, gateway, readFile);
  const declared = declaredClientEvents(eventsFile, events, readFile);
  // A name that cannot be read (a package's constant, a computed value) could be any event: no
  // finding that it would make false.
  const unhandled = handled.unreadable > 0 ? [] : declared.names.filter((e) => !handled.names.includes(e));
  const undeclared = declared.unreadable > 0 ? [] : handled.names.filter((e) => !declared.names.includes(e));
  return [
    ...unhandled.map((e) => ({
      kind: 'event-without-handler' as const,
      path: eventsFile,
      message: `'${e}' is in the event map but no @SubscribeMessage('${e}') handler exists in ${gatewayFile}`,
      fix: `add the handler (ws-scaffold add-event ${e} --gateway ${artefact.name}) or remove '${e}' from the map`,
    })),
    ...undeclared.map((e) => ({
      kind: 'handler-without-event' as const,
      path: gatewayFile,
      message: `@SubscribeMessage('${e}') has no entry in the event map of ${eventsFile}`,
      fix: `add '${e}' to the ClientToServerEvents interface in ${eventsFile}, so clients are typed`,
    })),
  ];
}
