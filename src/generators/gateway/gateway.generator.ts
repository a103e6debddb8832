import { posix } from 'node:path';
import { ensureModuleProvider } from '../../ast/ensure-provider';
import { defineGenerator } from '../../engine/generator';
import { UsageError } from '../../engine/errors';
import { readJson } from '../../project/detect';
import { findNearestModule } from '../../project/module-finder';
import { artefactNames, relativeImport } from '../names';
import { socketIoDependencies } from './dependencies';

export interface GatewayOptions {
  name: string;
  /** Defaults to `/<kebab-name>`. */
  namespace?: string;
  /** Folder under the source root. */
  path?: string;
  flat?: boolean;
  /** Project-relative module file to register in; defaults to the nearest module. */
  module?: string;
  spec?: boolean;
  specFileSuffix?: string;
  skipImport?: boolean;
}

export const gatewayGenerator = defineGenerator<GatewayOptions>({
  name: 'gateway',
  async plan({ tree, project, options, render, scaffoldFile, editFile, addDependencies, nextStep }) {
    const names = artefactNames(options.name);
    const namespace = normaliseNamespace(options.namespace || `/${names.fileName}`);
    const dir = posix.join(project.sourceRoot, options.path ?? '', names.dir, options.flat ? '' : names.fileName);
    const gatewayFile = posix.join(dir, `${names.fileName}.gateway.ts`);
    const className = `${names.className}Gateway`;
    const data = {
      className,
      baseName: names.className,
      fileName: names.fileName,
      namespace,
      namespaceConstant: `${names.fileName.replace(/-/g, '_').toUpperCase()}_NAMESPACE`,
      serverType: namespace === '/' ? 'Server' : 'Namespace',
      event: 'message',
      importSuffix: project.importSuffix,
      testRunner: project.testRunner,
    };

    scaffoldFile(gatewayFile, render('gateway/gateway.ts.ejs', data), className);
    if (options.spec !== false && project.testRunner !== 'none') {
      const specFile = posix.join(dir, `${names.fileName}.gateway.${options.specFileSuffix ?? 'spec'}.ts`);
      scaffoldFile(specFile, render('gateway/gateway.spec.ts.ejs', data), `${className} spec`);
    }

    if (!options.skipImport) {
      const moduleFile = options.module ? existingModule(tree, options.module) : findNearestModule(tree, dir, project.sourceRoot);
      const moduleSpecifier = relativeImport(moduleFile, gatewayFile, project.importSuffix);
      editFile(moduleFile, (text) => ensureModuleProvider(moduleFile, text, { symbol: className, moduleSpecifier }));
    }

    const installedPlatform = readJson<{ dependencies?: Record<string, string> }>(tree, 'node_modules/@nestjs/platform-socket.io/package.json');
    addDependencies(socketIoDependencies(project.nestMajor, installedPlatform?.dependencies?.['socket.io']));
    nextStep(`Connect a client: io('http://localhost:3000${namespace === '/' ? '' : namespace}').emitWithAck('${data.event}', 'hello')`);
  },
});

function normaliseNamespace(namespace: string): string {
  const value = namespace.startsWith('/') ? namespace : `/${namespace}`;
  if (!/^\/[A-Za-z0-9_\-/.]*$/.test(value)) {
    throw new UsageError(`"${namespace}" is not a valid namespace: use a path like /chat (letters, digits, -, _, /).`);
  }
  return value;
}

function existingModule(tree: { exists(path: string): boolean }, file: string): string {
  const path = posix.normalize(file.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (!tree.exists(path)) throw new UsageError(`--module ${file}: no such file in the project.`);
  if (!path.endsWith('.ts')) throw new UsageError(`--module ${file}: expected a .ts module file.`);
  return path;
}
