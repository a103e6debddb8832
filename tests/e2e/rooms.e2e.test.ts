/**
 * add-room end to end on real Nest 11 and Nest 12 projects, proven with real socket.io clients:
 * a join puts the socket in the room and tells no one else, room broadcasts reach members only
 * (watched for SILENCE_MS), the sender's own message does not come back, canJoin() refuses,
 * validation errors do not echo the payload, and leaving stops delivery; with --presence the other
 * members hear of a join and the members count answers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootApp,
  collectEvents,
  connectClient,
  emitWithAck,
  expectE2eSpecsPassed,
  expectLintClean,
  expectSpecsPassed,
  freshProject,
  packedTarball,
  run,
  waitForEvent,
  type BootedApp,
  type FreshProject,
  type NestMajor,
} from './support';

/** How long a client that must get nothing is watched. */
const SILENCE_MS = 500;
const room = 'project:42';

describe.each([11, 12] as NestMajor[])('add-room on a real Nest %i project', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const sh = (cmd: string, args: string[]) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000 });

  beforeAll(async () => {
    project = await freshProject(major, `add-room-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
  });

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('adds the room to the gateway; type-checks, passes lint, prettier and the spec; a second run changes nothing', async () => {
    expect((await sh('npx', ['ws-scaffold', 'add-room', 'project', '--gateway', 'chat'])).stdout).toContain('UPDATE src/chat/chat.gateway.ts');
    expect((await sh('npx', ['ws-scaffold', 'add-room', 'project', '--gateway', 'chat'])).stdout).toContain('Nothing to do');
    expect((await sh('npx', ['ws-scaffold', 'add-room', 'lobby', '--gateway', 'chat', '--pattern', 'lobby', '--presence'])).stdout).toContain('UPDATE src/chat/chat.gateway.ts');
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await sh('npx', ['prettier', '--check', 'src/chat', 'test']);
    await expectLintClean(sh, major, ['src/chat', 'test']);
    const spec = major === 11 ? await sh('npx', ['jest', 'src/chat']) : await sh('npx', ['vitest', 'run', 'src/chat']);
    // The gateway's spec, and one per room.
    expectSpecsPassed(spec, project.dir, ['src/chat'], 13);
    // nest new's, the gateway's, and one per room: members, leave; with --presence the joined notice and count.
    await expectE2eSpecsPassed(sh, project.dir, 8);
    await sh('npx', ['ws-scaffold', 'check']);
  });

  it('builds with a canJoin() rule the user wrote (carol may not join)', async () => {
    const file = join(project.dir, 'src/chat/chat.gateway.ts');
    const gateway = readFileSync(file, 'utf8');
    const rule = "return typeof user?.id === 'string' && room !== '';";
    expect(gateway).toContain(rule);
    writeFileSync(file, gateway.replace(rule, "return typeof user?.id === 'string' && user.id !== 'carol' && room !== '';"));
    await sh('npm', ['run', 'build']);
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'tok=alice,tok2=bob,tok3=carol' } });
  });

  it('real clients: join, member-only broadcasts, except-sender, refused join, validation, leave', async () => {
    const connect = (token: string) => connectClient(app!.url, '/chat', { auth: { token } });
    const [alice, bob, carol, outsider] = await Promise.all([connect('tok'), connect('tok2'), connect('tok3'), connect('tok')]);

    // A join answers through the ack and tells no one else.
    expect(await emitWithAck(alice, 'project:join', { id: '42' })).toEqual({ ok: true, room });
    const noNotice = collectEvents(alice, 'project:joined', SILENCE_MS);
    expect(await emitWithAck(bob, 'project:join', { id: '42' })).toEqual({ ok: true, room });
    expect(await noNotice).toEqual([]);

    // canJoin() refuses carol: not in the room, so she gets nothing.
    expect(await emitWithAck(carol, 'project:join', { id: '42' })).toEqual({ ok: false, room, reason: 'forbidden' });

    // A room message reaches the other members only: not the sender, not the refused, not outsiders.
    const atBob = waitForEvent(bob, 'project:message');
    const silent = [alice, carol, outsider].map((s) => collectEvents(s, 'project:message', SILENCE_MS));
    expect(await emitWithAck(alice, 'project:message', { id: '42', text: 'hello' })).toEqual({ ok: true, room });
    expect(await atBob).toEqual({ room, from: 'alice', text: 'hello' });
    for (const got of await Promise.all(silent)) expect(got).toEqual([]);

    // The text is trimmed before it is validated: blank is empty.
    expect(await emitWithAck(alice, 'project:message', { id: '42', text: '  ' })).toEqual({
      ok: false,
      error: { status: 'error', message: 'validation failed', errors: ['text should not be empty'] },
    });

    // Only members may post to the room.
    expect(await emitWithAck(carol, 'project:message', { id: '42', text: 'let me in' })).toEqual({ ok: false, room, reason: 'not a member' });

    // The join payload is validated; the errors never echo it.
    const failed = await emitWithAck<{ ok: boolean; error: Record<string, unknown> }>(outsider, 'project:join', { id: '42:admin', extra: 'do-not-echo' });
    expect(failed.ok).toBe(false);
    const { error } = failed;
    expect(error).toMatchObject({ status: 'error', message: 'validation failed' });
    expect(error.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^id must match/), 'property extra should not exist']));
    expect(JSON.stringify(error)).not.toContain('do-not-echo');

    // After leaving, bob gets nothing more.
    expect(await emitWithAck(bob, 'project:leave', { id: '42' })).toEqual({ ok: true, room });
    const afterLeave = collectEvents(bob, 'project:message', SILENCE_MS);
    expect(await emitWithAck(alice, 'project:message', { id: '42', text: 'still there?' })).toEqual({ ok: true, room });
    expect(await afterLeave).toEqual([]);

    for (const s of [alice, bob, carol, outsider]) s.close();
    expect(app!.exited()).toBe(false);
  });

  it('--presence: the other members hear of a join, the joiner does not; members counts them, for members only', async () => {
    const connect = (token: string) => connectClient(app!.url, '/chat', { auth: { token } });
    const [alice, bob, outsider] = await Promise.all([connect('tok'), connect('tok2'), connect('tok')]);
    expect(await emitWithAck(alice, 'lobby:join', {})).toEqual({ ok: true, room: 'lobby' });
    const aliceHearsBob = waitForEvent(alice, 'lobby:joined');
    const bobHearsNothing = collectEvents(bob, 'lobby:joined', SILENCE_MS);
    expect(await emitWithAck(bob, 'lobby:join', {})).toEqual({ ok: true, room: 'lobby' });
    expect(await aliceHearsBob).toEqual({ room: 'lobby', user: 'bob' });
    expect(await bobHearsNothing).toEqual([]);
    expect(await emitWithAck(bob, 'lobby:members', {})).toEqual({ ok: true, room: 'lobby', members: 2 });
    expect(await emitWithAck(outsider, 'lobby:members', {})).toEqual({ ok: false, room: 'lobby', reason: 'not a member' });

    // The lobby's DTO has no field (the pipe's shortcut for it): nothing or `{}`, never more.
    expect(await emitWithAck(outsider, 'lobby:join')).toEqual({ ok: true, room: 'lobby' });
    const invalid = (errors: string[]) => ({ ok: false, error: { status: 'error', message: 'validation failed', errors } });
    expect(await emitWithAck(outsider, 'lobby:leave', { extra: 'do-not-echo' })).toEqual(invalid(['property extra should not exist']));
    expect(await emitWithAck(outsider, 'lobby:leave', 42)).toEqual(invalid(['the payload must be an object']));
    expect(await emitWithAck(outsider, 'lobby:leave', [])).toEqual(invalid(['the payload must be an object']));
    for (const s of [alice, bob, outsider]) s.close();
  });
});
