/**
 * add-adapter end to end: each kind generated into a real Nest project (from the packed tarball),
 * built, linted, and booted as TWO instances against a private redis-server / PostgreSQL. A room
 * broadcast from a client on instance A must reach a client on instance B, fetchSockets() must
 * count both, and SIGTERM must let both instances close their adapter and exit. During an outage
 * of the server, frozen (SIGSTOP) and then stopped, the generated handlers (an add-room join and
 * message, an add-event ack, a new connection) still answer within the client's 5 s timeout, the
 * --presence member count answers `unavailable`, nothing dies, and once the server is back delivery
 * and the count resume. A start against a server that does not answer ends within
 * WS_ADAPTER_CONNECT_TIMEOUT_MS. The kinds run one after the other on the same project, so every
 * run after the first also switches the wiring from the previous kind.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootApp,
  closeAllClients,
  connectClient,
  emitWithAck,
  expectE2eSpecsPassed,
  expectLintClean,
  freePort,
  freshProject,
  packedTarball,
  run,
  startPostgres,
  startRedis,
  waitForEvent,
  type BootedApp,
  type FreshProject,
  type LocalServer,
  type NestMajor,
} from './support';

const TOKEN = 'tok';

/**
 * Hand-written handlers the tests need: join a room, broadcast to it, count its members. Their
 * events are not in the gateway's event maps, so they take socket.io's untyped Socket.
 */
const ROOM_HANDLERS = `
  @SubscribeMessage('e2e-join')
  async e2eJoin(@MessageBody() body: { room: string }, @ConnectedSocket() client: Socket) {
    await client.join(body.room);
    return { joined: body.room };
  }

  @SubscribeMessage('e2e-shout')
  e2eShout(@MessageBody() body: { room: string; text: string }, @ConnectedSocket() client: Socket) {
    client.to(body.room).emit('e2e-shouted', { text: body.text, fromPid: process.pid });
    return { sent: true };
  }

  @SubscribeMessage('e2e-count')
  async e2eCount(@MessageBody() body: { room: string }) {
    return { members: (await this.server.in(body.room).fetchSockets()).length };
  }
`;

const KINDS = [
  { kind: 'redis', file: 'redis-io.adapter.ts', className: 'RedisIoAdapter', server: 'redis' },
  { kind: 'redis-sharded', file: 'sharded-redis-io.adapter.ts', className: 'ShardedRedisIoAdapter', server: 'redis' },
  { kind: 'redis-streams', file: 'redis-streams-io.adapter.ts', className: 'RedisStreamsIoAdapter', server: 'redis' },
  { kind: 'postgres', file: 'postgres-io.adapter.ts', className: 'PostgresIoAdapter', server: 'postgres' },
] as const;

describe.each([11, 12] as NestMajor[])('add-adapter on a real Nest %i project, two instances', (major) => {
  let project: FreshProject;
  let redis: LocalServer;
  let postgres: LocalServer;
  let apps: BootedApp[] = [];
  const sh = (cmd: string, args: string[]) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000 });

  beforeAll(async () => {
    [redis, postgres, project] = await Promise.all([startRedis(), startPostgres(), freshProject(major, `adapter-${major}`)]);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
    await sh('npx', ['ws-scaffold', 'add-room', 'lobby', '--gateway', 'chat', '--pattern', 'lobby', '--presence']);
    await sh('npx', ['ws-scaffold', 'add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string']);
    const file = join(project.dir, 'src/chat/chat.gateway.ts');
    const gateway = readFileSync(file, 'utf8');
    const end = gateway.lastIndexOf('}');
    writeFileSync(file, `import type { Socket } from 'socket.io';\n${gateway.slice(0, end)}${ROOM_HANDLERS}${gateway.slice(end)}`);
  });

  afterAll(async () => {
    closeAllClients();
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all([redis?.stop(), postgres?.stop()]);
    await project?.cleanup();
  });

  /** Boots instance A and B, each with a client in `room`; returns them. */
  async function twoInstances(env: NodeJS.ProcessEnv, room: string) {
    await Promise.all(apps.map((app) => app.stop())); // left running by a failed earlier kind
    apps = await Promise.all([0, 1].map(() => bootApp(project.dir, project.env, { extraEnv: { ...env, WS_AUTH_TOKENS: `${TOKEN}=alice` } })));
    const clients: Socket[] = [];
    for (const app of apps) {
      const client = await connectClient(app.url, '/chat', { auth: { token: TOKEN } });
      expect(await emitWithAck(client, 'e2e-join', { room })).toEqual({ joined: room });
      expect(await emitWithAck(client, 'lobby:join', {})).toEqual({ ok: true, room: 'lobby' });
      clients.push(client);
    }
    return { a: clients[0], b: clients[1] };
  }

  /** A shout from `from` that `to` receives, or undefined after `timeoutMs`. */
  async function delivered(from: Socket, to: Socket, room: string, text: string, timeoutMs = 1_000) {
    const received = waitForEvent<{ text: string; fromPid: number }>(to, 'e2e-shouted', timeoutMs).catch(() => undefined);
    from.emit('e2e-shout', { room, text });
    return received;
  }

  for (const { kind, file, className, server } of KINDS) {
    it(`${kind}: generates, builds, and a room broadcast on A reaches B`, async () => {
      const result = await sh('npx', ['ws-scaffold', 'add-adapter', kind]);
      expect(result.stdout).toContain(`CREATE src/websockets/${file}`);
      expect(result.stdout).toContain('UPDATE src/main.ts');
      expect(result.stdout).toMatch(/sticky sessions/);
      const main = readFileSync(join(project.dir, 'src/main.ts'), 'utf8');
      expect(main.match(/useWebSocketAdapter/g)).toHaveLength(1);
      expect(main).toContain(`new ${className}(app)`);
      expect((await sh('npx', ['ws-scaffold', 'add-adapter', kind])).stdout).toContain('Nothing to do');
      await expectLintClean(sh, major, ['src/websockets']);
      await sh('npm', ['run', 'build']);
      // The e2e specs boot the app in memory (SecureIoAdapter), whatever adapter main.ts installs.
      await expectE2eSpecsPassed(sh, project.dir, 9);

      const env = server === 'redis' ? { REDIS_URL: redis.url } : { DATABASE_URL: postgres.url };
      const room = `room-${kind}`;
      const { a, b } = await twoInstances(env, room);
      const got = await delivered(a, b, room, `hello from A via ${kind}`, 5_000);
      expect(got, `B got nothing; A output:\n${apps[0].output().slice(-3000)}`).toEqual({ text: `hello from A via ${kind}`, fromPid: apps[0].pid });
      expect(await delivered(b, a, room, 'and back')).toMatchObject({ text: 'and back', fromPid: apps[1].pid });
      expect(await emitWithAck(a, 'e2e-count', { room })).toEqual({ members: 2 });
      expect(await emitWithAck(b, 'e2e-count', { room })).toEqual({ members: 2 });
      expect(await emitWithAck(a, 'lobby:members', {})).toEqual({ ok: true, room: 'lobby', members: 2 });

      const backing = server === 'redis' ? redis : postgres;
      if (server === 'postgres') {
        // Over the 8000-byte NOTIFY limit: goes through the socket_io_attachments table.
        const big = 'x'.repeat(20_000);
        expect((await delivered(a, b, room, big, 5_000))?.text).toBe(big);
      }
      for (const outage of ['frozen', 'stopped'] as const) {
        if (outage === 'frozen') backing.pause();
        else await backing.stop();
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(a.connected && b.connected, `a client was dropped when the server was ${outage}; A output:\n${apps[0].output().slice(-3000)}`).toBe(true);
        // Each ack within emitWithAck's 5 s timeout (it rejects after that), with its usual answer or a typed refusal.
        expect(await emitWithAck(a, 'lobby:join', {}), outage).toEqual({ ok: true, room: 'lobby' });
        expect(await emitWithAck(a, 'lobby:message', { text: `during the ${outage} outage` }), outage).toEqual({ ok: true, room: 'lobby' });
        expect(await emitWithAck(a, 'chat:send', { text: 'hi' }), outage).toMatchObject({ ok: true });
        expect(await emitWithAck(a, 'lobby:members', {}), outage).toEqual({ ok: false, room: 'lobby', reason: 'unavailable' });
        const late = await connectClient(apps[0].url, '/chat', { auth: { token: TOKEN } });
        expect(await emitWithAck(late, 'lobby:join', {}), outage).toEqual({ ok: true, room: 'lobby' });
        late.close();
        // A shout during the outage is queued or lost, either is fine; a crash is not.
        await delivered(a, b, room, 'lost', 500);

        if (outage === 'frozen') backing.resume();
        else await backing.start();
        const back = Date.now();
        let resumed: unknown;
        while (!resumed && Date.now() - back < 10_000) resumed = await delivered(a, b, room, `after the ${outage} outage`, 250);
        expect(resumed, `no delivery within 10 s of the ${outage} outage's end; B output:\n${apps[1].output().slice(-3000)}`).toBeTruthy();
        // Counted on both instances again once each has subscribed again.
        const counted = { ok: true, room: 'lobby', members: 2 };
        let members: unknown;
        while (Date.now() - back < 15_000) {
          members = await emitWithAck(a, 'lobby:members', {});
          if (JSON.stringify(members) === JSON.stringify(counted)) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(members, outage).toEqual(counted);
      }
      if (server === 'redis') for (const app of apps) expect(app.output()).toMatch(/Redis (publisher|client|subscriber): .*reconnecting/);
      expect(apps.map((app) => app.exited())).toEqual([false, false]);

      closeAllClients();
      // SIGTERM: enableShutdownHooks -> app.close() -> dispose() closes the clients / pool; then the process ends.
      for (const app of apps) {
        const started = Date.now();
        await app.stop();
        expect(Date.now() - started, `instance ${app.pid} needed the SIGKILL fallback:\n${app.output().slice(-3000)}`).toBeLessThan(4_500);
        expect(app.output()).not.toMatch(/Unhandled|ERR_UNHANDLED|TypeError|ReferenceError/);
      }

      // A start against a server that does not answer ends within WS_ADAPTER_CONNECT_TIMEOUT_MS:
      // nothing listens on the Redis port; PostgreSQL is frozen (a refused connection fails at once).
      const unreachable =
        server === 'redis' ? { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } : { DATABASE_URL: postgres.url };
      if (server === 'postgres') postgres.pause();
      try {
        const boot = bootApp(project.dir, project.env, {
          extraEnv: { ...unreachable, WS_ADAPTER_CONNECT_TIMEOUT_MS: '1500', WS_AUTH_TOKENS: `${TOKEN}=alice` },
          timeoutMs: 30_000,
        });
        const refusal = server === 'redis' ? /Redis did not answer within 1500 ms/ : /timeout exceeded when trying to connect|connection timeout/i;
        await expect(boot).rejects.toThrow(refusal);
        await expect(boot).rejects.toThrow(/exited \(exit code 1\) before listening/);
      } finally {
        if (server === 'postgres') postgres.resume();
      }
    });
  }
});
