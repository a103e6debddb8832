import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { adapterGenerator } from '../../src/generators/adapter/adapter.generator';
import { clientGenerator } from '../../src/generators/client/client.generator';
import { eventGenerator } from '../../src/generators/event/event.generator';
import { gatewayGenerator, type GatewayOptions } from '../../src/generators/gateway/gateway.generator';
import { namespaceGenerator } from '../../src/generators/namespace/namespace.generator';
import { roomGenerator } from '../../src/generators/room/room.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const settings = (cwd: string) => ({ cwd, skipInstall: true });
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const addAdapter = (root: string, kind: string) => runGenerator(adapterGenerator, { kind }, settings(root));
const addGateway = (root: string, options: GatewayOptions) => runGenerator(gatewayGenerator, options, settings(root));

describe('the ws transport', () => {
  for (const fixture of ['cjs-jest', 'esm-vitest'] as const) {
    it(`add-adapter ws then add-gateway on ${fixture}: SecureWsAdapter wired, a path-based gateway with rooms, and a rerun changes nothing`, async () => {
      const root = makeProject(FIXTURES[fixture]);
      const suffix = fixture === 'esm-vitest' ? '.js' : '';
      await addAdapter(root, 'ws');
      const main = read(root, 'src/main.ts');
      expect(main).toContain(`import { SecureWsAdapter } from './websockets/secure-ws.adapter${suffix}';`);
      expect(main).toMatch(/app\.enableShutdownHooks\(\);\n {2}app\.useWebSocketAdapter\(new SecureWsAdapter\(app\)\);\n {2}await app\.listen\(/);
      expect(read(root, 'src/websockets/secure-ws.adapter.ts')).toContain('maxPayload: this.securityConfig.maxPayloadBytes');
      expect(read(root, 'src/websockets/ws-auth.ts')).toContain('export function bearerToken(');
      expect(read(root, 'src/websockets/ws-auth.ts')).not.toContain('socket.io');
      expect(read(root, 'src/websockets/ws-exceptions.filter.ts')).toContain('client.send(JSON.stringify({ event, data }))');

      await addGateway(root, { name: 'chat' });
      const gateway = read(root, 'src/chat/chat.gateway.ts');
      expect(gateway).toContain("export const CHAT_PATH = '/chat';");
      expect(gateway).toContain('@WebSocketGateway(wsGateway({ path: CHAT_PATH, authenticate: true }))');
      expect(gateway).not.toMatch(/socket\.io|namespace/);
      expect(read(root, 'src/chat/chat.gateway.spec.ts')).toContain("event: 'room:message'");
      const module = read(root, 'src/app.module.ts');
      expect(module).toMatch(/providers: \[ChatGateway\]/);
      expect(module).toMatch(/imports: \[WebsocketsModule\]/);
      expect(read(root, 'src/websockets/websockets.module.ts')).toContain('providers: [WsConfig, WsAuthVerifier, WsRooms]');
      const pkg = JSON.parse(read(root, 'package.json'));
      expect(pkg.dependencies).toMatchObject({ '@nestjs/platform-ws': expect.stringMatching(/^\^1[12]\.0\.0$/), ws: expect.any(String) });
      expect(pkg.devDependencies['@types/ws']).toBeDefined();
      expect(pkg.dependencies['socket.io']).toBeUndefined();
      expect(JSON.parse(read(root, 'ws-scaffold.json')).artefacts).toContainEqual(
        expect.objectContaining({ kind: 'gateway', name: 'chat', options: { name: 'chat', transport: 'ws' } }),
      );

      const after = snapshotTree(root);
      expect((await addGateway(root, { name: 'chat' })).plan.changes).toEqual([]);
      expect((await addAdapter(root, 'ws')).plan.changes).toEqual([]);
      expect(snapshotTree(root)).toEqual(after);
      expect((await checkProject(root)).items).toEqual([]);
    });
  }

  it('--transport ws on a project without an adapter wires SecureWsAdapter itself; --no-auth leaves the token check off', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await addGateway(root, { name: 'feed', transport: 'ws', auth: false, wsPath: '/live/feed' });
    expect(read(root, 'src/main.ts')).toContain('app.useWebSocketAdapter(new SecureWsAdapter(app));');
    const gateway = read(root, 'src/feed/feed.gateway.ts');
    expect(gateway).toContain("export const FEED_PATH = '/live/feed';");
    expect(gateway).toContain('authenticate: false');
    expect(read(root, 'src/app.module.ts')).not.toContain('WsAuthVerifier');
  });

  it('refuses a second ws gateway on a path another one serves', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await addGateway(root, { name: 'chat', transport: 'ws' });
    const before = snapshotTree(root);
    await expect(addGateway(root, { name: 'support', wsPath: '/chat' })).rejects.toThrow(/\/chat is already served by the ws gateway "chat"/);
    expect(snapshotTree(root)).toEqual(before);
    await addGateway(root, { name: 'support' });
    expect(read(root, 'src/support/support.gateway.ts')).toContain("export const SUPPORT_PATH = '/support';");
  });

  it('refuses to mix transports, writing nothing', async () => {
    const socketIo = makeProject(FIXTURES['cjs-jest']);
    await addGateway(socketIo, { name: 'chat' });
    let before = snapshotTree(socketIo);
    await expect(addAdapter(socketIo, 'ws')).rejects.toThrow(/socket\.io gateways \(gateway chat\) that would stop working on ws/);
    await expect(addGateway(socketIo, { name: 'feed', transport: 'ws' })).rejects.toThrow(/add-adapter ws/);
    expect(snapshotTree(socketIo)).toEqual(before);

    const ws = makeProject(FIXTURES['esm-vitest']);
    await addAdapter(ws, 'ws');
    await addGateway(ws, { name: 'chat' });
    before = snapshotTree(ws);
    await expect(addAdapter(ws, 'redis')).rejects.toThrow(/ws gateways \(gateway chat\)/);
    await expect(addGateway(ws, { name: 'feed', transport: 'socket.io' })).rejects.toBeInstanceOf(UsageError);
    await expect(addGateway(ws, { name: 'feed', namespace: '/feed' })).rejects.toThrow(/no namespaces; use --ws-path/);
    await expect(addGateway(ws, { name: 'feed', throttle: true })).rejects.toBeInstanceOf(UsageError);
    await expect(runGenerator(namespaceGenerator, { name: 'admin' }, settings(ws))).rejects.toBeInstanceOf(UsageError);
    await expect(runGenerator(eventGenerator, { event: 'typing', gateway: 'chat' }, settings(ws))).rejects.toThrow(/is a ws gateway/);
    await expect(runGenerator(roomGenerator, { room: 'project', gateway: 'chat' }, settings(ws))).rejects.toThrow(/is a ws gateway/);
    await expect(runGenerator(clientGenerator, { gateway: 'chat' }, settings(ws))).rejects.toThrow(/is a ws gateway: add-event, add-room and add-client write socket\.io code/);
    expect(snapshotTree(ws)).toEqual(before);
  });

  it('switches from ws back to a socket.io adapter while no gateway needs ws', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await addAdapter(root, 'ws');
    await addAdapter(root, 'redis');
    const main = read(root, 'src/main.ts');
    expect(main).not.toContain('SecureWsAdapter');
    expect(main).toContain('await redisIoAdapter.connectToRedis();');
    expect(main.match(/useWebSocketAdapter/g)).toHaveLength(1);
  });
});
