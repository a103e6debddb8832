import { assertNamespacesSupported } from '../shared/transport';
import { posix } from 'node:path';
import { UsageError } from '../../errors';
import { defineGenerator, type PlanContext } from '../../engine/generator';
import { readJson } from '../../project/detect';
import { findNearestModule } from '../../project/module-finder';
import { eventGenerator } from '../event/event.generator';
import { socketIoDependencies } from '../shared/dependencies';
import { gatewayGenerator, type GatewayOptions } from '../gateway/gateway.generator';
import { artefactNames, relativeImport } from '../shared/names';
import { kitDir, planWebsocketKit } from '../shared/websockets-kit';
import { registerInModule } from '../shared/module-registration';
import { planNamespaceRegistry } from '../shared/namespace-registry';

export interface NamespaceOptions {
  /** `admin` or `/admin`: the namespace, and the gateway's name. */
  name: string;
  /** A dynamic namespace: the RegExp source every child's name matches, e.g. `^/tenant-[a-z0-9]+$`. */
  pattern?: string;
  path?: string;
  module?: string;
  spec?: boolean;
  auth?: boolean;
}

/**
 * A namespace and the gateway that serves it. Static (`/admin`): the gateway generator on that
 * namespace. Dynamic (`--pattern`): a gateway on a RegExp namespace whose handlers use the child
 * (`client.nsp`), with a broadcast event to show it. Both are listed in websockets/namespaces.ts.
 */
export const namespaceGenerator = defineGenerator<NamespaceOptions>({
  name: 'namespace',
  artefactName: (options) => options.name.replace(/^\/+/, ''),
  defaults: { spec: true, auth: true },
  verify: (tree, artefact) => gatewayGenerator.verify?.(tree, artefact) ?? [],
  async plan(context) {
    assertNamespacesSupported(context);
    const { options } = context;
    const name = options.name.trim().replace(/^\/+/, '');
    if (!options.pattern) {
      const gatewayOptions: GatewayOptions = { name, namespace: `/${name}`, path: options.path, module: options.module, spec: options.spec, auth: options.auth };
      return gatewayGenerator.plan({ ...context, options: gatewayOptions } as PlanContext<GatewayOptions>);
    }
    return planDynamic(context, name, options.pattern);
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
  planWebsocketKit(context, { auth });
  scaffoldFile(gatewayFile, render('namespace/dynamic.gateway.ts.ejs', data), className);
  scaffoldFile(posix.join(dir, `${names.fileName}.events.ts`), render('gateway/events.ts.ejs', data), `${className} events`);
  if (options.spec !== false && project.testRunner !== 'none') {
    scaffoldFile(posix.join(dir, `${names.fileName}.gateway.spec.ts`), render('gateway/gateway.spec.ts.ejs', data), `${className} spec`);
  }
  // A broadcast to the sender's own child namespace only, through client.nsp.
  await eventGenerator.plan({ ...context, options: { event: 'announce', gateway: gatewayFile, fields: ['text:string'], broadcast: true } } as never);

  const moduleFile = options.module ?? findNearestModule(tree, dir, project.sourceRoot);
  if (!tree.exists(moduleFile)) throw new UsageError(`--module ${moduleFile}: no such file in the project.`);
  registerInModule(context, moduleFile, [
    { symbol: className, moduleSpecifier: relativeImport(moduleFile, gatewayFile, project.importSuffix) },
    ...(auth ? [{ symbol: 'WsAuthVerifier', moduleSpecifier: relativeImport(moduleFile, posix.join(kitDir(project.sourceRoot), 'ws-auth.ts'), project.importSuffix) }] : []),
  ]);
  const installedPlatform = readJson<{ dependencies?: Record<string, string> }>(tree, 'node_modules/@nestjs/platform-socket.io/package.json');
  addDependencies(socketIoDependencies(project.nestMajor, installedPlatform?.dependencies?.['socket.io']));
  nextStep(`Connect to any child: io('http://localhost:3000${example}'${auth ? ', { auth: { token } }' : ''}); socket.emit('announce', { text }) reaches that child's other clients only.`);
}

/** `^/tenant-[a-z0-9]+$` as a RegExp literal, refusing what is not a valid, anchored namespace pattern. */
function regexLiteral(pattern: string): string {
  const source = pattern.trim().replace(/^\/(\^.*\$)\/$/, '$1');
  try {
    new RegExp(source);
  } catch (error) {
    throw new UsageError(`--pattern ${pattern}: not a valid regular expression (${(error as Error).message}).`);
  }
  if (!source.startsWith('^/') || !source.endsWith('$')) {
    throw new UsageError(`--pattern ${pattern}: anchor it to whole namespace names, starting with ^/ and ending with $ (e.g. '^/tenant-[a-z0-9]+$').`);
  }
  return `/${source.replace(/(^|[^\\])\//g, '$1\\/')}/`;
}

/** A name the pattern matches, for comments and next steps: `^/tenant-[a-z0-9]+$` gives `/tenant-a`. */
function exampleChild(pattern: string): string {
  const source = pattern.trim().replace(/^\/(\^.*\$)\/$/, '$1');
  const guess = source.replace(/^\^/, '').replace(/\$$/, '').replace(/\\\//g, '/').replace(/\[[^\]]*\][+*]?|\\w[+*]?|\\d[+*]?|\.[+*]?/g, 'a').replace(/[+*?]/g, '');
  return new RegExp(source).test(guess) ? guess : `${source} (a matching name)`;
}
