import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { RefusalError, UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { namespaceGenerator } from '../../src/generators/namespace/namespace.generator';
import { roomGenerator, type RoomOptions } from '../../src/generators/room/room.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const addRoom = (cwd: string, options: Partial<RoomOptions> = {}) =>
  runGenerator(roomGenerator, { room: 'project', gateway: 'chat', ...options }, { cwd, skipInstall: true });

async function withGateway(fixture: keyof typeof FIXTURES): Promise<string> {
  const root = makeProject(FIXTURES[fixture]);
  await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
  return root;
}

describe('add-room on fixture projects', () => {
  for (const fixture of ['cjs-jest', 'esm-vitest', 'crlf-tabs'] as const) {
    it(`${fixture}: join/leave/message handlers, canJoin, builder and types; twice equals once; check stays clean`, async () => {
      const root = await withGateway(fixture);
      const first = await addRoom(root);
      // With the handlers comes their spec, for the project's runner.
      expect(first.plan.changes.map((c) => c.path).sort()).toEqual(['src/chat/chat.events.ts', 'src/chat/chat.gateway.ts', 'src/chat/chat.project.room.spec.ts', 'ws-scaffold.json']);
      const gateway = read(root, 'src/chat/chat.gateway.ts');
      for (const event of ['project:join', 'project:leave', 'project:message']) expect(gateway).toContain(`@SubscribeMessage('${event}')`);
      // Authorised before the join; the join is local (no cluster-wide query, no room-wide notice);
      // room messages go to the other members.
      expect(gateway.indexOf('this.canJoin(user, room)')).toBeLessThan(gateway.indexOf('await client.join(room)'));
      expect(gateway).not.toContain('fetchSockets');
      expect(gateway).not.toContain('project:joined');
      expect(gateway).not.toMatch(/\.adapter\.rooms/);
      expect(gateway).toMatch(/client\.to\(room\)\.emit\('project:message'/);
      expect(gateway).toMatch(/protected canJoin\(/);
      const events = read(root, 'src/chat/chat.events.ts');
      expect(events).toContain('export const projectRoom = (id: string): string => `project:${id}`;');
      expect(events).toMatch(/export class ChatProjectRoomDto \{[\s\S]*?@Matches\(\/\^\[\\w-\]\+\$\/\)\s+id!: string;/);
      expect(events).not.toContain('ChatProjectJoined');

      const after = snapshotTree(root);
      expect((await addRoom(root)).plan.changes).toEqual([]);
      expect(snapshotTree(root)).toEqual(after);
      expect((await checkProject(root)).items).toEqual([]);
    });
  }

  it('builds names from a pattern with several ids, and a second room shares canJoin', async () => {
    const root = await withGateway('cjs-jest');
    await addRoom(root, { room: 'board', pattern: 'org:{orgId}:board:{id}' });
    await addRoom(root, { room: 'lobby', pattern: 'lobby' });
    const events = read(root, 'src/chat/chat.events.ts');
    expect(events).toContain('export const boardRoom = (orgId: string, id: string): string => `org:${orgId}:board:${id}`;');
    expect(events).toContain("export const lobbyRoom = (): string => `lobby`;");
    const gateway = read(root, 'src/chat/chat.gateway.ts');
    expect(gateway).toContain('const room = boardRoom(payload.orgId, payload.id);');
    expect(gateway.match(/protected canJoin\(/g)).toHaveLength(1);
  });

  it('--presence: the other members hear of a join, and a members count bounded by a timeout answers unavailable when it fails', async () => {
    const root = await withGateway('cjs-jest');
    await addRoom(root, { presence: true });
    const gateway = read(root, 'src/chat/chat.gateway.ts');
    expect(gateway).toMatch(/client\.to\(room\)\.emit\('project:joined'/);
    expect(gateway).toContain("@SubscribeMessage('project:members')");
    expect(gateway).toContain('await this.server.in(room).timeout(2000).fetchSockets()');
    expect(gateway).toContain("reason: 'unavailable'");
    const events = read(root, 'src/chat/chat.events.ts');
    expect(events).toMatch(/'project:joined': \(payload: ChatProjectJoined\) => void;/);
    expect(events).toMatch(/'project:members': \(payload: ChatProjectRoomDto, ack: \(answer: ChatProjectRoomAck \| WsFailure\) => void\) => void;/);
    // Recorded, so that check re-plans it with presence.
    expect((await checkProject(root)).items).toEqual([]);
    expect((await addRoom(root, { presence: true })).plan.changes).toEqual([]);
  });

  it('on a dynamic-namespace gateway, reaches the room through the child namespace (client.nsp)', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await runGenerator(namespaceGenerator, { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' }, { cwd: root, skipInstall: true });
    await addRoom(root, { gateway: 'tenant', presence: true });
    const gateway = read(root, 'src/tenant/tenant.gateway.ts');
    expect(gateway).toContain('await client.nsp.in(room).timeout(2000).fetchSockets()');
    expect(gateway).not.toMatch(/this\.server\.(to|in)\(/);
    expect((await checkProject(root)).items).toEqual([]);
  });

  it('keeps the rule the user wrote in canJoin', async () => {
    const root = await withGateway('cjs-jest');
    await addRoom(root);
    const file = join(root, 'src/chat/chat.gateway.ts');
    const ruled = read(root, 'src/chat/chat.gateway.ts').replace("return typeof user?.id === 'string' && room !== '';", "return user?.id === 'alice' && room.startsWith('project:');");
    writeFileSync(file, ruled);
    expect((await addRoom(root)).plan.changes).toEqual([]);
    expect(read(root, 'src/chat/chat.gateway.ts')).toBe(ruled);
  });

  it('refuses a join handler of another shape, and bad names or patterns, changing nothing', async () => {
    const root = await withGateway('cjs-jest');
    const file = join(root, 'src/chat/chat.gateway.ts');
    writeFileSync(file, read(root, 'src/chat/chat.gateway.ts').replace("@SubscribeMessage('message')", "@SubscribeMessage('project:join')"));
    const before = snapshotTree(root);
    const error = await addRoom(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).message).toContain("already handles 'project:join' with another shape");
    await expect(addRoom(root, { room: 'my room' })).rejects.toBeInstanceOf(UsageError);
    await expect(addRoom(root, { pattern: 'project:{id' })).rejects.toThrow(/--pattern/);
    await expect(addRoom(root, { pattern: 'p:{id}:{id}' })).rejects.toThrow(/once/);
    expect(snapshotTree(root)).toEqual(before);
  });
});
