import { posix } from 'node:path';
import type { PlanContext } from '../../engine/generator';
import { projectFiles } from '../../ast/constant-strings';
import { rootModuleOf, type RootModule } from '../../nest/root-module';
import { readJson, type ProjectInfo } from '../../project/detect';
import type { Tree } from '../../tree/tree';
import { SOCKET_IO_CLIENT_DEPENDENCY } from './dependencies';
import { relativeImport } from './names';
import { recordedGateways } from './transport';
import { KIT_HEADER, kitDir } from './websockets-kit';

/**
 * Where a project keeps the e2e specs `nest new` set up, and what they import: the folder beside
 * the source root (`test/`, `apps/api/test/`) that its `test:e2e` script runs, jest's
 * `test/jest-e2e.json` on Nest 11, vitest's `vitest.config.e2e.ts` on Nest 12.
 */
interface E2eSetup {
  testDir: string;
  /** The helper every e2e spec of a gateway imports: boots the app, connects clients. */
  helperFile: string;
  /** The module main.ts creates the app from, e.g. `src/app.module.ts`, and its class. */
  rootModule: RootModule;
  /** main.ts creates the app on Fastify: the specs do too (the project may not have Express). */
  fastify: boolean;
}

const HELPER = 'websockets/ws-test-app.ts';

function e2eSetup(tree: Tree, project: ProjectInfo): E2eSetup | undefined {
  if (project.testRunner === 'none') return undefined;
  const scripts = readJson<{ scripts?: Record<string, unknown> }>(tree, 'package.json')?.scripts;
  if (typeof scripts?.['test:e2e'] !== 'string') return undefined;
  const testDir = posix.join(posix.dirname(project.sourceRoot), 'test');
  const configured =
    tree.exists(posix.join(testDir, 'jest-e2e.json')) ||
    tree.listFiles(testDir).some((file) => file.endsWith('.e2e-spec.ts')) ||
    ['ts', 'mts', 'js', 'mjs'].some((ext) => tree.exists(`vitest.config.e2e.${ext}`));
  const rootModule = configured ? rootModuleOf(project.mainFile, project.sourceRoot, projectFiles(tree)) : undefined;
  const fastify = /\bFastifyAdapter\b/.test(tree.read(project.mainFile) ?? '');
  return rootModule ? { testDir, helperFile: posix.join(testDir, HELPER), rootModule, fastify } : undefined;
}

type E2eContext = Pick<PlanContext<unknown>, 'tree' | 'project' | 'render' | 'scaffoldFile' | 'ownedFile' | 'addDependencies'>;

/** A gateway's e2e spec: what it connects to and how its spec imports the gateway's events file. */
export interface E2eGateway {
  gatewayFile: string;
  className: string;
  /** `Chat` in `ChatClientToServerEvents`. */
  base: string;
  namespace: string;
  auth: boolean;
}

/**
 * The gateway an add-event or add-room run extends, when add-gateway (or add-namespace, for a
 * static namespace) wrote it for socket.io: its namespace and auth as recorded, so that its e2e
 * specs connect where its clients do. A dynamic namespace's gateway has none.
 */
export function recordedE2eGateway(tree: Tree, target: { gatewayFile: string; className: string; base: string }): E2eGateway | undefined {
  const recorded = recordedGateways(tree).find(({ artefact }) => artefact.scaffolded.includes(target.gatewayFile));
  if (!recorded || recorded.transport !== 'socket.io' || recorded.artefact.options.pattern !== undefined) return undefined;
  const { kind, options } = recorded.artefact;
  const fileName = posix.basename(target.gatewayFile, '.gateway.ts');
  // As each generator defaults it: add-namespace serves /<name>, add-gateway /<file name>.
  const namespace = kind === 'namespace' ? `/${String(options.name)}` : typeof options.namespace === 'string' ? options.namespace : `/${fileName}`;
  return { ...target, namespace, auth: options.auth !== false };
}

/**
 * Writes `test/<gateway>.<name>.e2e-spec.ts` from `template`, beside `nest new`'s own e2e spec, with
 * the helper it imports (owned by ws-scaffold, one for every gateway: `ws-scaffold check` reports
 * an edit, `sync` rewrites it) and socket.io-client. Nothing in a project without an e2e setup.
 * Written along with what it tests (`artefactAdded`), and kept on a later run once it is there:
 * re-planning an artefact written before e2e specs existed adds none, so `check` finds no drift.
 */
export function planE2eSpec(
  context: E2eContext,
  gateway: E2eGateway,
  spec: { name: string; artefactAdded: boolean; template: string; data: Record<string, unknown>; what: string },
): void {
  const { tree, project } = context;
  const setup = e2eSetup(tree, project);
  if (!setup) return;
  const file = posix.join(setup.testDir, `${posix.basename(gateway.gatewayFile, '.gateway.ts')}.${spec.name}.e2e-spec.ts`);
  if (!spec.artefactAdded && !tree.exists(file)) return;
  const kit = kitDir(project.sourceRoot);
  context.ownedFile(
    setup.helperFile,
    context.render('websockets/ws-test-app.ts.ejs', {
      header: KIT_HEADER,
      jwt: project.dependencies.includes('@nestjs/jwt'),
      fastify: setup.fastify,
      rootModuleClass: setup.rootModule.className,
      rootModuleImport: relativeImport(setup.helperFile, setup.rootModule.file, project.importSuffix),
      adapterImport: relativeImport(setup.helperFile, posix.join(kit, 'secure-io.adapter.ts'), project.importSuffix),
    }),
    'e2e test app (boots the app, connects socket.io clients)',
  );
  context.scaffoldFile(
    file,
    context.render(spec.template, {
      ...spec.data,
      testRunner: project.testRunner,
      className: gateway.className,
      base: gateway.base,
      namespace: gateway.namespace,
      auth: gateway.auth,
      eventsImport: relativeImport(file, gateway.gatewayFile.replace(/\.gateway\.ts$/, '.events.ts'), project.importSuffix),
      helperImport: relativeImport(file, setup.helperFile, project.importSuffix),
    }),
    spec.what,
  );
  context.addDependencies(SOCKET_IO_CLIENT_DEPENDENCY, { dev: true });
}
