import { assertNamespacesSupported } from '../shared/transport';
import { posix } from 'node:path';
import { defineGenerator, type PlanContext } from '../../engine/generator';
import { readJson } from '../../project/detect';
import { findNearestModule } from '../../project/module-finder';
import { listenPort } from '../../nest/listen-port';
import { eventGenerator } from '../event/event.generator';
import { socketIoDependencies } from '../shared/dependencies';
import { gatewayGenerator, type GatewayOptions } from '../gateway/gateway.generator';
import type { EventOptions } from '../event/event.options';
import { namespaceCommand, type NamespaceOptions } from './namespace.options';

export type { NamespaceOptions } from './namespace.options';
import { artefactNames, relativeImport } from '../shared/names';
import { kitDir, kitModuleNotImportedStep, kitNotWiredStep, planWebsocketKit, registerWithKit } from '../shared/websockets-kit';
import { assertGatewayClassFree } from '../shared/gateway-target';
import { exampleChild, planNamespaceRegistry } from '../shared/namespace-registry';

/**
 * A namespace and the gateway that serves it. Static (`/admin`): the gateway generator on that
 * namespace. Dynamic (`--pattern`): a gateway on a RegExp namespace whose handlers use the child
 * (`client.nsp`), with a broadcast event to show it. Both are listed in websockets/namespaces.ts.
 */
export const namespaceGenerator = defineGenerator<NamespaceOptions>({
  name: 'namespace',
  options: namespaceCommand.options,
  artefactName: (options) => options.name,
  verify: (tree, artefact, project) => gatewayGenerator.verify?.(tree, artefact, project) ?? [],
  async plan(context) {
    assertNamespacesSupported(context);
    const { options } = context;
    if (!options.pattern) {
      const { name, path, module, spec, skipImport, auth, main } = options;
      return context.compose<GatewayOptions>(gatewayGenerator, { name, namespace: `/${name}`, path, module, spec, skipImport, auth, main });
    }
    return planDynamic(context, options.name, options.pattern);
  },
});

async function planDynamic(context: PlanContext<NamespaceOptions>, name: string, pattern: string): Promise<void> {
  const { tree, project, options, render, scaffoldFile, addDependencies, nextStep } = context;
  const regex = regexLiteral(pattern);
  const auth = options.auth !== false;
  const names = artefactNames(name);
  const dir = posix.join(project.sourceRoot, options.path ?? '', names.dir, names.fileName);
  const gatewayFile = posix.join(dir, `${names.fileName}.gateway.ts`);
  const className = `${names.className}Gateway`;
  assertGatewayClassFree(tree, project, className, gatewayFile);
  const kitImport = relativeImport(gatewayFile, kitDir(project.sourceRoot), '').replace(/\/$/, '');
  const example = exampleChild(pattern);
  const data = {
    auth,
    throttle: false,
    kitImport,
    kitImportFromSpec: kitImport,
    className,
    baseName: names.className,
    fileName: names.fileName,
    namespace: `${regex} (e.g. ${example})`,
    namespaceConstant: `${names.fileName.replace(/-/g, '_').toUpperCase()}_NAMESPACE`,
    pattern: regex,
    example,
    serverType: 'Namespace',
    event: 'message',
    importSuffix: project.importSuffix,
    testRunner: project.testRunner,
  };

  planNamespaceRegistry(context, regex, className, true);
  planWebsocketKit(context, { wireMain: options.main !== false });
  if (options.main === false) nextStep(kitNotWiredStep(context, 'socket.io'));
  scaffoldFile(gatewayFile, render('namespace/dynamic.gateway.ts.ejs', data), className);
  scaffoldFile(posix.join(dir, `${names.fileName}.events.ts`), render('gateway/events.ts.ejs', data), `${className} events`);
  if (options.spec !== false && project.testRunner !== 'none') {
    scaffoldFile(posix.join(dir, `${names.fileName}.gateway.spec.ts`), render('gateway/gateway.spec.ts.ejs', data), `${className} spec`);
  }
  // A broadcast to the sender's own child namespace only, through client.nsp.
  await context.compose<EventOptions>(eventGenerator, { event: 'announce', gateway: gatewayFile, fields: ['text:string'], broadcast: true });

  if (!options.skipImport) {
    const moduleFile = options.module ?? findNearestModule(tree, dir, project.sourceRoot);
    registerWithKit(context, moduleFile, [{ symbol: className, moduleSpecifier: relativeImport(moduleFile, gatewayFile, project.importSuffix) }]);
  } else {
    nextStep(kitModuleNotImportedStep(context));
  }
  const installedPlatform = readJson<{ dependencies?: Record<string, string> }>(tree, 'node_modules/@nestjs/platform-socket.io/package.json');
  addDependencies(socketIoDependencies(project, installedPlatform?.dependencies?.['socket.io']));
  const port = listenPort(project.mainFile, tree.read(project.mainFile));
  nextStep(`Connect to any child: io('http://localhost:${port}${example}'${auth ? ', { auth: { token } }' : ''}); socket.emit('announce', { text }) reaches that child's other clients only.`);
}

/** `^/tenant-[a-z0-9]+$` (as the --pattern rule let it through) as a RegExp literal. */
const regexLiteral = (source: string): string => `/${source.replace(/(^|[^\\])\//g, '$1\\/')}/`;
