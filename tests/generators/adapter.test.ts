import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/generators/adapter/adapter.options';
import { RefusalError, UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { ADAPTER_KINDS, adapterGenerator, type AdapterOptions } from '../../src/generators/adapter/adapter.generator';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { KIT_HEADER, OWN_ADAPTERS, WS_ADAPTER } from '../../src/generators/shared/websockets-kit';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const run = (cwd: string, options: AdapterOptions = {}, project?: string) => runGenerator(adapterGenerator, options, { cwd, project, skipInstall: true });
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** The three wiring lines of a kind, as they must appear in main.ts. */
const wiring = (className: string, connect: string) => {
  const variable = className[0].toLowerCase() + className.slice(1);
  return `  const ${variable} = new ${className}(app);\n  await ${variable}.${connect}();\n  app.useWebSocketAdapter(${variable});\n`;
};

describe('add-adapter on fixture projects', () => {
  // The ws kind switches the transport: tests/generators/ws-transport.test.ts.
  for (const [kind, spec] of Object.entries(ADAPTER_KINDS).filter(([, spec]) => spec.connect)) {
    for (const fixture of ['cjs-jest', 'esm-vitest'] as const) {
      it(`${kind} on ${fixture}: writes the adapter, wires main.ts before listen, and a second run changes nothing`, async () => {
        const root = makeProject(FIXTURES[fixture]);
        const suffix = fixture === 'esm-vitest' ? '.js' : '';
        const first = await run(root, { kind });
        expect(first.applied).toBe(true);

        const adapter = read(root, `src/websockets/${spec.file}`);
        expect(adapter.split('\n')[0]).toBe(KIT_HEADER);
        expect(adapter).toContain(`export class ${spec.className} extends SecureIoAdapter {`);
        expect(adapter).toContain(`from './secure-io.adapter${suffix}';`);
        expect(adapter).toContain(`this.settings().get('${spec.env}')`);
        expect(existsSync(join(root, 'src/websockets/secure-io.adapter.ts'))).toBe(true);

        const main = read(root, 'src/main.ts');
        expect(main).toContain(`import { ${spec.className} } from './websockets/${spec.file.replace(/\.ts$/, suffix)}';`);
        expect(main).toContain(`  app.enableShutdownHooks();\n${wiring(spec.className, spec.connect!)}  await app.listen(`);
        expect(main).not.toContain('SecureIoAdapter');
        expect(JSON.parse(read(root, 'package.json')).dependencies).toMatchObject(spec.dependencies);
        expect(first.plan.nextSteps.join('\n')).toMatch(/sticky sessions.*websocket/);
        expect(first.plan.nextSteps.join('\n')).toContain('45 s');

        const after = snapshotTree(root);
        const second = await run(root, { kind });
        expect(second.plan.changes).toEqual([]);
        expect(snapshotTree(root)).toEqual(after);
      });
    }
  }

  it('is redis by default, and every kind is one of the adapters add-gateway accepts', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root);
    expect(read(root, 'src/main.ts')).toContain(wiring('RedisIoAdapter', 'connectToRedis'));
    for (const spec of Object.values(ADAPTER_KINDS)) expect([...OWN_ADAPTERS, WS_ADAPTER]).toContain(spec.className);
    expect(KINDS).toEqual(Object.keys(ADAPTER_KINDS));
  });

  it('switching redis -> postgres replaces the wiring and the old import, and back again', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await run(root, { kind: 'redis' });
    const switched = await run(root, { kind: 'postgres' });
    const main = read(root, 'src/main.ts');
    expect(main).not.toContain('RedisIoAdapter');
    expect(main).not.toContain('redisIoAdapter');
    expect(main).toContain("import { PostgresIoAdapter } from './websockets/postgres-io.adapter';");
    expect(main.match(/useWebSocketAdapter/g)).toHaveLength(1);
    expect(main.match(/enableShutdownHooks/g)).toHaveLength(1);
    expect(main).toContain(wiring('PostgresIoAdapter', 'connectToPostgres'));
    expect(switched.plan.nextSteps[0]).toContain('src/websockets/redis-io.adapter.ts is no longer wired');
    expect((await run(root, { kind: 'postgres' })).plan.changes).toEqual([]);

    await run(root, { kind: 'redis' });
    const back = read(root, 'src/main.ts');
    expect(back).not.toContain('PostgresIoAdapter');
    expect(back).toContain(wiring('RedisIoAdapter', 'connectToRedis'));
    const manifest = JSON.parse(read(root, 'ws-scaffold.json'));
    expect(manifest.artefacts.filter((a: { kind: string }) => a.kind === 'adapter')).toEqual([
      expect.objectContaining({ name: 'socket.io', options: { kind: 'redis' } }),
    ]);
  });

  it('replaces the SecureIoAdapter a gateway wired, and a later gateway keeps the scale-out adapter', async () => {
    const root = makeProject(FIXTURES['esm-vitest']);
    await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
    await run(root, { kind: 'redis-streams' });
    const main = read(root, 'src/main.ts');
    expect(main).not.toContain('SecureIoAdapter');
    expect(main).toContain(wiring('RedisStreamsIoAdapter', 'connectToRedis'));

    const gateway = await runGenerator(gatewayGenerator, { name: 'news' }, { cwd: root, skipInstall: true });
    expect(gateway.plan.changes.map((c) => c.path)).not.toContain('src/main.ts');
    expect(read(root, 'src/main.ts')).toBe(main);
  });

  it('keeps CRLF and tabs in main.ts, and writes into the chosen monorepo project', async () => {
    const crlf = makeProject(FIXTURES['crlf-tabs']);
    await run(crlf, { kind: 'redis-sharded' });
    const main = read(crlf, 'src/main.ts');
    expect(main.replace(/\r\n/g, '')).not.toContain('\n');
    expect(main).toContain('\r\n\tawait shardedRedisIoAdapter.connectToRedis();\r\n');

    const mono = makeProject(FIXTURES.monorepo);
    await run(mono, { kind: 'postgres' }, 'admin');
    expect(existsSync(join(mono, 'apps/admin/src/websockets/postgres-io.adapter.ts'))).toBe(true);
    expect(read(mono, 'apps/admin/src/main.ts')).toContain('await postgresIoAdapter.connectToPostgres();');
    expect(read(mono, 'apps/api/src/main.ts')).not.toContain('Adapter');
  });

  it('refuses (exit 3) a main.ts with an adapter of its own, writing nothing', async () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/main.ts': FIXTURES['cjs-jest']['src/main.ts'].replace(
        '  await app.listen(',
        '  app.useWebSocketAdapter(new MyIoAdapter(app));\n  await app.listen(',
      ),
    });
    const before = snapshotTree(root);
    const error = await run(root, { kind: 'redis' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).exitCode).toBe(3);
    expect((error as RefusalError).message).toContain('main.ts already installs MyIoAdapter of its own');
    expect((error as RefusalError).snippet).toContain('await redisIoAdapter.connectToRedis();');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('rejects an unknown kind with a usage error, writing nothing', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const before = snapshotTree(root);
    await expect(run(root, { kind: 'mongo' })).rejects.toThrow(UsageError);
    await expect(run(root, { kind: 'toString' })).rejects.toThrow(/unknown adapter kind "toString": use one of redis, redis-sharded, redis-streams, postgres/);
    expect(snapshotTree(root)).toEqual(before);
  });
});

describe('generated adapter code', () => {
  const generated = async (kind: string) => {
    const root = makeProject(FIXTURES['esm-vitest']);
    await run(root, { kind });
    return read(root, `src/websockets/${ADAPTER_KINDS[kind as keyof typeof ADAPTER_KINDS].file}`);
  };

  it('redis kinds: URL from the environment only, an error listener on every client, clients closed on dispose', async () => {
    for (const kind of ['redis', 'redis-sharded', 'redis-streams']) {
      const code = await generated(kind);
      expect(code).toContain("const url = this.settings().get('REDIS_URL');");
      expect(code).toContain('new OutageSafeRedis(url, CLIENT_OPTIONS)');
      // No offline queue and a bounded answer for the publishing client; the start waits a bounded time.
      expect(code).toMatch(/const CLIENT_OPTIONS = \{\s+enableOfflineQueue: false,\s+commandTimeout: COMMAND_TIMEOUT_MS,/);
      expect(code).toContain("connectTimeoutMs(this.settings().get('WS_ADAPTER_CONNECT_TIMEOUT_MS'))");
      expect(code).toContain('await ready(this.redisClients, timeoutMs);');
      const statements = code.split('\n').filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)).join('\n');
      expect(statements).not.toMatch(/redis:\/\/(?!localhost:6379\))/); // only in the error message's example
      expect(code).toContain("client.on('error'");
      const clients = [...code.matchAll(/= watched\(/g)].length;
      expect(clients).toBe(kind === 'redis-streams' ? 1 : 2);
      expect(code).toMatch(/override async dispose\(\): Promise<void> \{\n\s+await super\.dispose\(\);[\s\S]*client\.quit\(\)/);
      expect(code).not.toMatch(/\bthis\.logger\./); // Nest 12 IoAdapter has its own
    }
    expect(await generated('redis-sharded')).toContain('createShardedAdapter(pubClient, subClient)');
    expect(await generated('redis-streams')).toContain("from '@socket.io/redis-streams-adapter'");
  });

  it('postgres: DATABASE_URL, an error listener on the pool and on every client, the attachments table, the pool ended on dispose', async () => {
    const code = await generated('postgres');
    expect(code).toContain("const connectionString = this.settings().get('DATABASE_URL');");
    expect(code).toContain("pool.on('error'");
    // The client the adapter keeps checked out for LISTEN has no pool listener.
    expect(code).toMatch(/pool\.on\('connect', \(client\) => \{\s+client\.on\('error'/);
    expect(code).toContain('CREATE TABLE IF NOT EXISTS socket_io_attachments');
    expect(code).toContain('await pool?.end();');
    expect(code).toContain("connectionTimeoutMillis: connectTimeoutMs(this.settings().get('WS_ADAPTER_CONNECT_TIMEOUT_MS')),");
  });
});

describe('ws-scaffold add-adapter (built CLI)', () => {
  const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
  const cli = (args: string[], cwd: string) => {
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('lists the kinds in --help, writes and then has nothing to do', () => {
    expect(cli(['add-adapter', '--help'], process.cwd()).stdout).toContain('redis-streams    Redis Streams');
    const root = makeProject(FIXTURES['cjs-jest']);
    const first = cli(['add-adapter', 'redis', '--skip-install'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('CREATE src/websockets/redis-io.adapter.ts');
    expect(first.stdout).toContain('UPDATE src/main.ts');
    expect(cli(['add-adapter', 'redis', '--skip-install'], root).stdout).toContain('Nothing to do');
  });

  it('exits 1 listing the missing kind without a terminal, and on an unknown kind, changing zero bytes', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const before = snapshotTree(root);
    const missing = cli(['add-adapter'], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing required <kind>');
    const unknown = cli(['add-adapter', 'kafka'], root);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown adapter kind "kafka"');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('exits 3 on a custom adapter, with the snippet, changing zero bytes', () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/main.ts': FIXTURES['cjs-jest']['src/main.ts'].replace('  await app.listen(', '  app.useWebSocketAdapter(new MyIoAdapter(app));\n  await app.listen('),
    });
    const before = snapshotTree(root);
    const result = cli(['add-adapter', 'postgres', '--skip-install'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('src/main.ts:6');
    expect(result.stderr).toContain('await postgresIoAdapter.connectToPostgres();');
    expect(snapshotTree(root)).toEqual(before);
  });
});
