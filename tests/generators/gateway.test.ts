import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RefusalError, UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator, type GatewayOptions } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const run = (cwd: string, options: Partial<GatewayOptions> = {}, project?: string) =>
  runGenerator(gatewayGenerator, { name: 'chat', ...options }, { cwd, project, skipInstall: true });
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

interface Case {
  fixture: keyof typeof FIXTURES;
  options?: Partial<GatewayOptions>;
  project?: string;
  gateway: string;
  module: string;
  importLine: string;
}

const cases: Case[] = [
  { fixture: 'cjs-jest', gateway: 'src/chat/chat.gateway.ts', module: 'src/app.module.ts', importLine: "import { ChatGateway } from './chat/chat.gateway';" },
  { fixture: 'esm-vitest', gateway: 'src/chat/chat.gateway.ts', module: 'src/app.module.ts', importLine: "import { ChatGateway } from './chat/chat.gateway.js';" },
  { fixture: 'crlf-tabs', gateway: 'src/chat/chat.gateway.ts', module: 'src/app.module.ts', importLine: "import { ChatGateway } from './chat/chat.gateway';" },
  { fixture: 'nested-module', options: { path: 'users' }, gateway: 'src/users/chat/chat.gateway.ts', module: 'src/users/users.module.ts', importLine: "import { ChatGateway } from './chat/chat.gateway';" },
  { fixture: 'nested-module', options: { name: 'users/live-feed', flat: true }, gateway: 'src/users/live-feed.gateway.ts', module: 'src/users/users.module.ts', importLine: "import { LiveFeedGateway } from './live-feed.gateway';" },
  { fixture: 'monorepo', project: 'admin', gateway: 'apps/admin/src/chat/chat.gateway.ts', module: 'apps/admin/src/admin.module.ts', importLine: "import { ChatGateway } from './chat/chat.gateway';" },
];

describe('add-gateway on fixture projects', () => {
  for (const c of cases) {
    it(`${c.fixture} ${JSON.stringify(c.options ?? {})}: writes, registers, and a second run changes nothing`, async () => {
      const root = makeProject(FIXTURES[c.fixture]);
      const first = await run(root, c.options, c.project);
      expect(first.applied).toBe(true);
      expect(first.plan.changes.map((ch) => ch.path)).toContain(c.gateway);
      expect(read(root, c.module)).toContain(c.importLine);
      const className = /import \{ (\w+) \}/.exec(c.importLine)![1];
      expect(read(root, c.module)).toMatch(new RegExp(`providers: \\[[^\\]]*\\b${className}\\b`));

      const after = snapshotTree(root);
      const second = await run(root, c.options, c.project);
      expect(second.plan.changes).toEqual([]);
      expect(second.applied).toBe(false);
      expect(snapshotTree(root)).toEqual(after);
    });
  }

  it('writes the spec for the project runner, with ESM suffixes where needed', async () => {
    const cjs = makeProject(FIXTURES['cjs-jest']);
    await run(cjs);
    expect(read(cjs, 'src/chat/chat.gateway.spec.ts')).toContain('jest.fn()');
    expect(read(cjs, 'src/chat/chat.gateway.spec.ts')).not.toContain("from 'vitest'");

    const esm = makeProject(FIXTURES['esm-vitest']);
    await run(esm);
    const spec = read(esm, 'src/chat/chat.gateway.spec.ts');
    expect(spec).toContain("from 'vitest'");
    expect(spec).toContain("from './chat.gateway.js'");
  });

  it('adds the socket.io packages at the project Nest major and keeps package.json formatting', async () => {
    const root = makeProject(FIXTURES['crlf-tabs']);
    await run(root);
    const pkg = read(root, 'package.json');
    expect(JSON.parse(pkg).dependencies).toMatchObject({
      '@nestjs/websockets': '^11.0.0',
      '@nestjs/platform-socket.io': '^11.0.0',
      'socket.io': '4.8.3',
    });
    expect(pkg.replace(/\r\n/g, '')).not.toContain('\n');
    expect(pkg).toContain('\r\n\t\t"@nestjs/websockets"');
    const module = read(root, 'src/app.module.ts');
    expect(module.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('uses the namespace given, and / types the server as Server', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, { name: 'events', namespace: 'live' });
    expect(read(root, 'src/events/events.gateway.ts')).toContain("export const EVENTS_NAMESPACE = '/live';");
    const empty = makeProject(FIXTURES['cjs-jest']);
    await run(empty, { name: 'events', namespace: '' }); // an empty prompt answer means the default
    expect(read(empty, 'src/events/events.gateway.ts')).toContain("export const EVENTS_NAMESPACE = '/events';");
    const rootNs = makeProject(FIXTURES['cjs-jest']);
    await run(rootNs, { name: 'events', namespace: '/' });
    expect(read(rootNs, 'src/events/events.gateway.ts')).toContain('server!: Server<');
  });

  it('wires the shared security kit once: SecureIoAdapter before listen, shutdown hooks, the verifier', async () => {
    const root = makeProject(FIXTURES['esm-vitest']);
    await run(root);
    const main = read(root, 'src/main.ts');
    expect(main).toContain("import { SecureIoAdapter } from './websockets/secure-io.adapter.js';");
    expect(main.indexOf('app.useWebSocketAdapter(new SecureIoAdapter(app));')).toBeLessThan(main.indexOf('await app.listen('));
    expect(main).toContain('app.enableShutdownHooks();');
    // The verifier comes from WebsocketsModule, imported once in the root module.
    expect(read(root, 'src/app.module.ts')).toContain('imports: [WebsocketsModule]');
    expect(read(root, 'src/app.module.ts')).toContain('providers: [ChatGateway]');
    expect(read(root, 'src/websockets/websockets.module.ts')).toContain('providers: [WsConfig, WsAuthVerifier]');
    for (const file of ['websockets.module.ts', 'ws.config.ts', 'secure-io.adapter.ts', 'ws-exceptions.filter.ts', 'ws-validation.pipe.ts', 'ws-auth.ts']) {
      expect(read(root, `src/websockets/${file}`)).toMatch(/^\/\/ Generated by ws-scaffold/);
    }
    expect(read(root, 'src/websockets/ws-auth.ts')).toContain('WS_AUTH_TOKENS');

    await run(root, { name: 'orders' });
    const after = read(root, 'src/main.ts');
    expect(after).toBe(main);
    expect(read(root, 'src/app.module.ts')).toContain('providers: [ChatGateway, OrdersGateway]');
    expect(read(root, 'src/app.module.ts').match(/WebsocketsModule/g)).toHaveLength(2);
  });

  it('uses a JWT verifier when @nestjs/jwt is there; with auth: false the gateway is declared anonymous', async () => {
    const pkg = JSON.parse(FIXTURES['cjs-jest']['package.json']);
    pkg.dependencies['@nestjs/jwt'] = '^11.0.0';
    const jwt = makeProject({ ...FIXTURES['cjs-jest'], 'package.json': JSON.stringify(pkg, null, 2) });
    await run(jwt);
    // The app's JwtService, injected: WebsocketsModule imports JwtModule.
    expect(read(jwt, 'src/websockets/ws-auth.ts')).toContain('constructor(@Optional() config?: WsConfig, @Optional() jwt?: JwtService)');
    expect(read(jwt, 'src/websockets/websockets.module.ts')).toContain('imports: [JwtModule.register({})]');

    const open = makeProject(FIXTURES['cjs-jest']);
    await run(open, { auth: false });
    // The kit's adapter authenticates every namespace, so ws-auth.ts is there; this gateway opts out.
    expect(read(open, 'src/websockets/secure-io.adapter.ts')).toContain("from './ws-auth'");
    expect(read(open, 'src/chat/chat.gateway.ts')).not.toContain('WsAuthVerifier');
    expect(read(open, 'src/chat/chat.gateway.ts')).toContain('allowAnonymous(server);');
    expect(read(open, 'src/app.module.ts')).toContain('providers: [ChatGateway]');
  });

  it('--throttle adds the per-socket guard, ThrottlerModule in WebsocketsModule and the dependency, once', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, { throttle: true });
    expect(read(root, 'src/chat/chat.gateway.ts')).toContain('@UseGuards(WsThrottlerGuard)');
    expect(read(root, 'src/websockets/ws-throttler.guard.ts')).toContain('class WsThrottlerGuard extends ThrottlerGuard');
    expect(read(root, 'src/websockets/websockets.module.ts')).toContain("imports: [ThrottlerModule.forRoot([{ name: 'ws-messages', ttl: 1000, limit: 20 }])]");
    expect(read(root, 'src/app.module.ts')).not.toContain('ThrottlerModule');
    expect(JSON.parse(read(root, 'package.json')).dependencies['@nestjs/throttler']).toBe('^6.7.1');
    const again = await run(root, { name: 'feed', throttle: true });
    expect(read(root, 'src/websockets/websockets.module.ts').match(/ThrottlerModule\.forRoot\(/g)).toHaveLength(1);
    expect(again.plan.changes.map((c) => c.path)).not.toContain('src/websockets/ws-throttler.guard.ts');
  });

  it('WebsocketsModule goes into the root module main.ts creates the app with, once, whichever module the gateway is in', async () => {
    const root = makeProject({
      ...FIXTURES['nested-module'],
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { ApiModule } from './api/api.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(ApiModule);\n  await app.listen(3000);\n}\nvoid bootstrap();\n",
      'src/api/api.module.ts': "import { Module } from '@nestjs/common';\nimport { UsersModule } from '../users/users.module';\n\n@Module({ imports: [UsersModule] })\nexport class ApiModule {}\n",
    });
    await run(root, { path: 'users' });
    await run(root, { name: 'feed', path: 'users', throttle: true });
    expect(read(root, 'src/api/api.module.ts')).toContain('imports: [UsersModule, WebsocketsModule]');
    expect(read(root, 'src/api/api.module.ts')).toContain("import { WebsocketsModule } from '../websockets/websockets.module';");
    expect(read(root, 'src/users/users.module.ts')).not.toMatch(/WebsocketsModule|WsAuthVerifier|ThrottlerModule/);
    expect(read(root, 'src/app.module.ts')).not.toContain('WebsocketsModule');
    // The second gateway's rate limit is in the shared module, and a re-run of the first keeps it.
    const throttled = read(root, 'src/websockets/websockets.module.ts');
    expect(throttled).toContain('ThrottlerModule.forRoot(');
    expect((await run(root, { path: 'users' })).plan.changes).toEqual([]);
    expect(read(root, 'src/websockets/websockets.module.ts')).toBe(throttled);
  });

  it("a ThrottlerModule.forRoot of the project's own sets the limit: WebsocketsModule has none", async () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { ThrottlerModule } from '@nestjs/throttler';\n\n@Module({ imports: [ThrottlerModule.forRoot([{ ttl: 60000, limit: 100 }])] })\nexport class AppModule {}\n",
    });
    await run(root, { throttle: true });
    expect(read(root, 'src/websockets/websockets.module.ts')).not.toContain('ThrottlerModule');
    expect(read(root, 'src/app.module.ts')).toContain('ThrottlerModule.forRoot([{ ttl: 60000, limit: 100 }]), WebsocketsModule]');
  });

  it('refuses, writing nothing, when no root module can be found; --skip-import goes ahead and says what to import', async () => {
    const { 'src/app.module.ts': _gone, ...files } = FIXTURES['cjs-jest'];
    const root = makeProject({ ...files, 'src/chat.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({})\nexport class ChatModule {}\n" });
    const before = snapshotTree(root);
    const error = await run(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).message).toContain('the root module was not found');
    expect((error as RefusalError).snippet).toContain('imports: [/* ...existing imports, */ WebsocketsModule],');
    expect(snapshotTree(root)).toEqual(before);
    const skipped = await run(root, { skipImport: true });
    expect(skipped.plan.nextSteps.join('\n')).toContain('import WebsocketsModule (src/websockets/websockets.module.ts) once');
  });

  it('leaves a gateway the user edited alone', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root);
    const edited = read(root, 'src/chat/chat.gateway.ts').replace("'message'", "'chat:send'");
    require('node:fs').writeFileSync(join(root, 'src/chat/chat.gateway.ts'), edited);
    const again = await run(root);
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.skipped).toContainEqual(expect.objectContaining({ path: 'src/chat/chat.gateway.ts', reason: expect.stringContaining('yours to edit') }));
    expect(read(root, 'src/chat/chat.gateway.ts')).toBe(edited);
  });

  it('refuses a module it cannot edit safely, writing nothing at all', async () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { PROVIDERS } from './providers';\n\n@Module({ providers: PROVIDERS })\nexport class AppModule {}\n",
    });
    const before = snapshotTree(root);
    const error = await run(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).snippet).toContain("import { ChatGateway } from './chat/chat.gateway';");
    expect((error as RefusalError).line).toBe(4);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('rejects bad input before planning anything', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const before = snapshotTree(root);
    await expect(run(root, { name: '1chat' })).rejects.toBeInstanceOf(UsageError);
    await expect(run(root, { namespace: '/chat room' })).rejects.toBeInstanceOf(UsageError);
    await expect(run(root, { module: 'src/missing.module.ts' })).rejects.toThrow(/no such file/);
    await expect(run(root, {}, 'nope')).rejects.toThrow(/no project "nope"/);
    expect(snapshotTree(root)).toEqual(before);
  });
});
