import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { runGenerator } from '../../src/commands/run';
import { RefusalError } from '../../src/errors';
import { GENERATORS } from '../../src/generators/registry';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

/**
 * An adapter, a provider or a verifier counts as ws-scaffold's by where it comes from (a file the
 * manifest records as owned), never by its name; what is the project's own is never replaced,
 * and every refusal says how to go on.
 */
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const run = async (root: string, kind: string, options: Record<string, unknown>) =>
  runGenerator(await GENERATORS[kind](), options as never, { cwd: root, skipInstall: true });
const refusal = async (work: Promise<unknown>): Promise<RefusalError> => {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RefusalError);
  return error as RefusalError;
};

/** A project whose main.ts installs its own adapter, named like ws-scaffold's Redis adapter. */
const ownRedisAdapter = {
  ...FIXTURES['cjs-jest'],
  'src/other/redis.ts': `import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';

export class RedisIoAdapter extends IoAdapter {
  async connectToRedis(): Promise<void> {}

  override createIOServer(port: number, options?: ServerOptions) {
    return super.createIOServer(port, options);
  }
}
`,
  'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { RedisIoAdapter } from './other/redis';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const redisIoAdapter = new RedisIoAdapter(app);
  await redisIoAdapter.connectToRedis();
  app.useWebSocketAdapter(redisIoAdapter);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`,
};

describe('provenance, not names', () => {
  it("a project's own RedisIoAdapter is not taken for ws-scaffold's: add-gateway refuses, naming --no-main and the snippet that secures it", async () => {
    const root = makeProject(ownRedisAdapter);
    const before = snapshotTree(root);
    const error = await refusal(run(root, 'gateway', { name: 'chat' }));
    expect(error.reason).toContain("main.ts already installs RedisIoAdapter (from './other/redis') of its own");
    expect(error.hint).toContain('--no-main');
    expect(error.snippet).toContain("import { SecureIoAdapter } from '../websockets/secure-io.adapter';");
    expect(error.snippet).toContain('export class RedisIoAdapter extends SecureIoAdapter {');
    // The project's own gateways get the kit's Origin allow-list too: the snippet says so.
    expect(error.snippet).toMatch(/WS_ALLOWED_ORIGINS .* every gateway, yours included/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('an adapter main.ts imports through a tsconfig paths alias: the snippet goes to its file, importing the kit from there', async () => {
    const root = makeProject({
      ...ownRedisAdapter,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', paths: { '@infra/*': ['src/other/*'] } } }, null, 2),
      'src/main.ts': ownRedisAdapter['src/main.ts'].replace("from './other/redis'", "from '@infra/redis'"),
    });
    const error = await refusal(run(root, 'gateway', { name: 'chat' }));
    expect(error.snippet).toContain('// in src/other/redis.ts: RedisIoAdapter extends SecureIoAdapter instead of IoAdapter');
    expect(error.snippet).toContain("import { SecureIoAdapter } from '../websockets/secure-io.adapter';");

    // With --no-main, check reads the adapter through the alias: drift until it extends the kit's, then none.
    await run(root, 'gateway', { name: 'chat', main: false });
    expect((await checkProject(root)).items.map((i) => i.kind)).toEqual(['adapter-without-kit']);
    writeFileSync(join(root, 'src/other/redis.ts'), read(root, 'src/other/redis.ts').replace('extends IoAdapter', 'extends SecureIoAdapter'));
    expect((await checkProject(root)).items).toEqual([]);
  });

  it('--no-main writes the gateway and the kit, leaves main.ts alone, and check holds the project adapter to the kit', async () => {
    const root = makeProject(ownRedisAdapter);
    const result = await run(root, 'gateway', { name: 'chat', main: false });
    expect(read(root, 'src/main.ts')).toBe(ownRedisAdapter['src/main.ts']);
    expect(read(root, 'src/websockets/secure-io.adapter.ts')).toContain('export class SecureIoAdapter');
    expect(result.plan.nextSteps.join('\n')).toContain('must extend SecureIoAdapter');
    expect(JSON.parse(read(root, 'ws-scaffold.json')).artefacts[0].options).toEqual({ name: 'chat', main: false });

    const [finding] = (await checkProject(root)).items;
    expect(finding).toMatchObject({ kind: 'adapter-without-kit', path: 'src/main.ts', repairable: false });
    expect(finding.message).toContain('RedisIoAdapter (src/other/redis.ts) does not apply the kit');

    // The snippet of the refusal, pasted where it says.
    const adapter = read(root, 'src/other/redis.ts')
      .replace("import type { ServerOptions } from 'socket.io';", "import type { ServerOptions } from 'socket.io';\nimport { SecureIoAdapter } from '../websockets/secure-io.adapter';")
      .replace('extends IoAdapter', 'extends SecureIoAdapter');
    writeFileSync(join(root, 'src/other/redis.ts'), adapter);
    expect((await checkProject(root)).items).toEqual([]);
  });

  it('add-adapter next to a project adapter of the same name refuses with a snippet that imports ours under another name', async () => {
    const root = makeProject(ownRedisAdapter);
    const error = await refusal(run(root, 'adapter', { kind: 'redis' }));
    expect(error.reason).toContain("main.ts already installs RedisIoAdapter (from './other/redis') of its own");
    expect(error.snippet).toContain("import { RedisIoAdapter as WsScaffoldRedisIoAdapter } from './websockets/redis-io.adapter';");
    expect(error.snippet).toContain('// in place of main.ts lines 7-9');
    expect(error.snippet).toContain('const wsScaffoldRedisIoAdapter = new WsScaffoldRedisIoAdapter(app);');
    expect(error.snippet).toContain('app.useWebSocketAdapter(wsScaffoldRedisIoAdapter);');
    // main.ts has no enableShutdownHooks(): the replacement brings it, as the wiring ws-scaffold writes does.
    expect(error.snippet).toMatch(/app\.enableShutdownHooks\(\);\nconst wsScaffoldRedisIoAdapter/);
    expect(error.hint).toContain('--no-main');
    const written = await run(root, 'adapter', { kind: 'redis', main: false });
    expect(written.plan.changes.map((c) => c.path)).toContain('src/websockets/redis-io.adapter.ts');
    expect(read(root, 'src/main.ts')).toBe(ownRedisAdapter['src/main.ts']);
  });

  it('a main.ts that bootstraps with .then() is refused with --no-main named, and --no-main goes ahead', async () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n",
    });
    const error = await refusal(run(root, 'gateway', { name: 'chat' }));
    expect(error.hint).toContain('--no-main');
    expect(error.snippet).toContain('app.useWebSocketAdapter(new SecureIoAdapter(app));');
    expect((await run(root, 'gateway', { name: 'chat', main: false })).applied).toBe(true);
  });

  it('a providers edit refused lists everything the module needs, and names --skip-import', async () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/app.module.ts': "import { Module } from '@nestjs/common';\n\nconst shared = [];\n\n@Module({\n  providers: [...shared],\n})\nexport class AppModule {}\n",
    });
    const error = await refusal(run(root, 'gateway', { name: 'chat', throttle: true }));
    expect(error.hint).toContain('--skip-import');
    expect(error.snippet).toContain("import { ChatGateway } from './chat/chat.gateway';");
    // The root module too: the snippet has WebsocketsModule, which provides the rest.
    expect(error.snippet).toContain("import { WebsocketsModule } from './websockets/websockets.module';");
    expect(error.snippet).toContain('providers: [/* ...existing providers, */ ChatGateway],');
    expect(error.snippet).toContain('imports: [/* ...existing imports, */ WebsocketsModule],');
    expect((await run(root, 'gateway', { name: 'chat', throttle: true, skipImport: true })).applied).toBe(true);
  });
});
