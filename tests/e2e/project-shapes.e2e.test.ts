/**
 * Project shapes on a monorepo made at test time by the real Nest CLI (`nest new`, then
 * `nest g app admin`), one per Nest major: ws-scaffold writes into the default project without
 * --project and into `admin` with it; `admin` runs on @nestjs/platform-fastify and gets a gateway
 * and the Redis adapter; both apps build with the monorepo's own builder, `check` is clean, and
 * the fastify app boots and answers a socket.io client through Redis. The project keeps its own
 * style throughout: package.json indented with four spaces, exact pins (save-exact in .npmrc),
 * and next steps that name the port each main.ts listens on. On Nest 11 an installed
 * @nestjs/mapped-types 2.1.0 allows class-validator up to 0.14: that is the version added.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootApp,
  closeAllClients,
  connectClient,
  emitWithAck,
  freshProject,
  log,
  run,
  startRedis,
  type BootedApp,
  type FreshProject,
  type LocalServer,
  type NestMajor,
} from './support';

const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
const TOKEN = 'tok';

describe.each([11, 12] as NestMajor[])('a Nest %i monorepo made by the Nest CLI, with a fastify app', (major) => {
  let project: FreshProject;
  let redis: LocalServer;
  let app: BootedApp | undefined;
  let started = 0;
  const defaultApp = `ws-e2e-nest${major}`;
  const sh = (cmd: string, args: string[], timeoutMs = 300_000) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs });
  const wsScaffold = (args: string[]) => run('node', [BIN, ...args], { cwd: project.dir, env: project.env, timeoutMs: 300_000, allowFailure: true });
  const read = (path: string) => readFileSync(join(project.dir, path), 'utf8');
  const write = (path: string, text: string) => writeFileSync(join(project.dir, path), text);
  let declaredBefore: string[] = [];

  beforeAll(async () => {
    started = Date.now();
    [project, redis] = await Promise.all([freshProject(major, `shapes-${major}`), startRedis()]);
    await sh(join(project.dir, 'node_modules', '.bin', 'nest'), ['g', 'app', 'admin']);
    // On Nest 11, @nestjs/mapped-types 2.1.0 (what @nestjs/swagger 11 brings) allows class-validator
    // up to 0.14 only: adding 0.15 would make npm stop with ERESOLVE.
    await sh('npm', ['install', '--no-audit', '--no-fund', `@nestjs/platform-fastify@^${major}.0.0`, ...(major === 11 ? ['@nestjs/mapped-types@2.1.0'] : [])]);
    // The Nest 12 CLI makes monorepos that build with rspack; `nest build` says to install these.
    if (major === 12) await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '@rspack/core', 'webpack-node-externals', 'tsconfig-paths-webpack-plugin']);

    // admin on fastify, listening on PORT (the CLI writes `process.env.port`) with 4000 as its default.
    const suffix = major === 12 ? '.js' : '';
    const main = read('apps/admin/src/main.ts');
    expect(main).toContain('NestFactory.create(AdminModule)');
    write('apps/admin/src/main.ts', main
      .replace("import { NestFactory } from '@nestjs/core';", "import { NestFactory } from '@nestjs/core';\nimport { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';")
      .replace('NestFactory.create(AdminModule)', 'NestFactory.create<NestFastifyApplication>(AdminModule, new FastifyAdapter())')
      .replace(/app\.listen\([^)]*\)/, "app.listen(process.env.PORT ?? 4000, '127.0.0.1')"));
    expect(read('apps/admin/src/main.ts')).toContain(`./admin.module${suffix}'`);

    // The project's style: four-space package.json, exact pins.
    write('package.json', `${JSON.stringify(JSON.parse(read('package.json')), null, 4)}\n`);
    write('.npmrc', 'save-exact=true\n');
    declaredBefore = Object.keys(JSON.parse(read('package.json')).dependencies);
    log(`Nest ${major} monorepo ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  });

  afterAll(async () => {
    closeAllClients();
    await app?.stop();
    await redis?.stop();
    await project?.cleanup();
    log(`Nest ${major} project shapes e2e: ${((Date.now() - started) / 1000).toFixed(1)}s`);
  });

  it('without --project, writes into the default project, in the project’s package.json style', async () => {
    const pkgBefore = JSON.parse(read('package.json'));
    const result = await wsScaffold(['add-gateway', 'chat']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`CREATE apps/${defaultApp}/src/chat/chat.gateway.ts`);
    expect(result.stdout).toContain(`UPDATE apps/${defaultApp}/src/main.ts`);
    expect(result.stdout).toContain('Installed dependencies (npm install).');
    expect(result.stdout).toContain("io('http://localhost:3000/chat', { auth: { token } })");
    expect(read(`apps/${defaultApp}/src/main.ts`)).toContain('new SecureIoAdapter(app)');
    expect(existsSync(join(project.dir, 'src'))).toBe(false);

    // npm install ran after the edit and kept it: four spaces, the same key order, exact pins.
    const text = read('package.json');
    const pkg = JSON.parse(text);
    expect(text).toBe(`${JSON.stringify(pkg, null, 4)}\n`);
    expect(Object.keys(pkg)).toEqual(Object.keys(pkgBefore));
    const added = Object.keys(pkg.dependencies).filter((name) => !declaredBefore.includes(name));
    expect(added.sort()).toEqual(['@nestjs/platform-socket.io', '@nestjs/websockets', 'class-transformer', 'class-validator', 'socket.io']);
    for (const name of added) {
      expect(pkg.dependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(JSON.parse(read(`node_modules/${name}/package.json`)).version, name).toBe(pkg.dependencies[name]);
    }
    expect(Object.keys(pkg.dependencies)).toEqual([...Object.keys(pkg.dependencies)].sort());
    // The version the installed peer ranges allow (and npm installed without ERESOLVE).
    expect(pkg.dependencies['class-validator']).toBe(major === 11 ? '0.14.0' : '0.15.1');
  });

  it('with --project admin, writes into the fastify app: a gateway, then the Redis adapter', async () => {
    const gateway = await wsScaffold(['add-gateway', 'chat', '--project', 'admin']);
    expect(gateway.code, gateway.stdout + gateway.stderr).toBe(0);
    expect(gateway.stdout).toContain('CREATE apps/admin/src/chat/chat.gateway.ts');
    expect(gateway.stdout).toContain('UPDATE apps/admin/src/admin.module.ts');
    expect(gateway.stdout).toContain("io('http://localhost:4000/chat', { auth: { token } })");

    const adapter = await wsScaffold(['add-adapter', 'redis', '--project', 'admin']);
    expect(adapter.code, adapter.stdout + adapter.stderr).toBe(0);
    expect(adapter.stdout).toContain('CREATE apps/admin/src/websockets/redis-io.adapter.ts');
    expect(adapter.stdout).toContain('Installed dependencies (npm install).');
    const main = read('apps/admin/src/main.ts');
    expect(main).toContain('new RedisIoAdapter(app)');
    expect(main).toContain('new FastifyAdapter()');
    expect(read(`apps/${defaultApp}/src/main.ts`)).not.toContain('RedisIoAdapter');
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.dependencies['@socket.io/redis-adapter']).toMatch(/^\d+\.\d+\.\d+$/);

    const manifest = JSON.parse(read('ws-scaffold.json')) as { artefacts: { kind: string; name: string; project?: string }[] };
    expect(manifest.artefacts.map((a) => `${a.kind} ${a.name} ${a.project ?? '(default)'}`)).toEqual(['gateway chat (default)', 'gateway chat admin', 'adapter socket.io admin']);
  });

  it('both apps build with the monorepo’s builder, and check is clean', async () => {
    // Each app builds into its own dist/apps/<name>: both at once.
    await Promise.all([sh('npx', ['nest', 'build']), sh('npx', ['nest', 'build', 'admin'])]);
    for (const name of [defaultApp, 'admin']) expect(existsSync(join(project.dir, 'dist', 'apps', name, 'main.js')), name).toBe(true);
    const check = await wsScaffold(['check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('In sync: 3 artefact(s)');
  });

  it('the fastify app boots and answers a socket.io client through Redis', async () => {
    app = await bootApp(project.dir, project.env, { entry: 'dist/apps/admin/main.js', extraEnv: { REDIS_URL: redis.url, WS_AUTH_TOKENS: `${TOKEN}=alice` } });
    for (const transports of [['websocket'], ['polling']]) {
      const client = await connectClient(app.url, '/chat', { auth: { token: TOKEN }, transports });
      const ack = await emitWithAck<{ ok: boolean; from: string; text: string }>(client, 'message', { text: `hello over ${transports[0]}` });
      expect(ack).toMatchObject({ ok: true, text: `hello over ${transports[0]}` });
    }
    expect(app.output()).toMatch(/Nest application successfully started/);
    expect(app.exited()).toBe(false);
  });
});
