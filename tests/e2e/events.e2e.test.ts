/**
 * add-event end to end on real Nest 11 and Nest 12 projects: the packed CLI adds an ack event and a
 * broadcast event to a generated gateway; the project type-checks, passes prettier, builds, and
 * real socket.io clients prove the ack round trip, validation through the ack without echo (trimmed
 * strings, no primitive for an event without fields), and that a broadcast
 * reaches the other clients but not the sender.
 */
import { readFileSync } from 'node:fs';
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

describe.each([11, 12] as NestMajor[])('add-event on a real Nest %i project', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const sh = (cmd: string, args: string[]) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000 });

  beforeAll(async () => {
    project = await freshProject(major, `add-event-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
  });

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('adds an ack event and a broadcast event, and a second run changes nothing', async () => {
    const send = ['ws-scaffold', 'add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string', '--field', 'roomId:string?'];
    expect((await sh('npx', send)).stdout).toContain('UPDATE src/chat/chat.gateway.ts');
    await sh('npx', ['ws-scaffold', 'add-event', 'typing', '--gateway', 'chat', '--field', 'draft:boolean', '--broadcast']);
    await sh('npx', ['ws-scaffold', 'add-event', 'ping', '--gateway', 'chat']);
    const gateway = readFileSync(join(project.dir, 'src/chat/chat.gateway.ts'), 'utf8');
    expect((await sh('npx', send)).stdout).toContain('Nothing to do');
    expect(readFileSync(join(project.dir, 'src/chat/chat.gateway.ts'), 'utf8')).toBe(gateway);
    expect((await sh('npx', ['ws-scaffold', 'check'])).stdout).not.toMatch(/drift/i);
  });

  it("passes the project's type-check, lint, prettier, build and its own spec runner", async () => {
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await sh('npx', ['prettier', '--check', 'src/chat', 'test']);
    await expectLintClean(sh, major, ['src/chat', 'test']);
    await sh('npm', ['run', 'build']);
    const spec = major === 11 ? await sh('npx', ['jest', 'src/chat']) : await sh('npx', ['vitest', 'run', 'src/chat']);
    // The gateway's spec, and one per event: ack, broadcast, and the event without fields.
    expectSpecsPassed(spec, project.dir, ['src/chat'], 13);
    // nest new's, the gateway's, and one per event: the ack event and the one without fields (2 each), the broadcast.
    await expectE2eSpecsPassed(sh, project.dir, 10);
  });

  it('real clients: the ack round-trips, an invalid payload is answered through the ack without echo, a broadcast skips the sender', async () => {
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'tok=alice,tok2=bob' } });
    const alice = await connectClient(app.url, '/chat', { auth: { token: 'tok' } });
    const bob = await connectClient(app.url, '/chat', { auth: { token: 'tok2' } });

    const ack = await emitWithAck<Record<string, unknown>>(alice, 'chat:send', { text: 'hi', roomId: 'r1' });
    expect(ack).toMatchObject({ ok: true, from: alice.id });
    expect(Date.parse(String(ack.receivedAt))).not.toBeNaN();

    const failed = await emitWithAck<{ ok: boolean; error: Record<string, unknown> }>(alice, 'chat:send', { text: 5, secret: 'do-not-echo' });
    expect(failed.ok).toBe(false);
    const { error } = failed;
    expect(error).toMatchObject({ status: 'error', message: 'validation failed' });
    expect(error.errors).toEqual(expect.arrayContaining(['text must be a string', 'property secret should not exist']));
    expect(JSON.stringify(error)).not.toContain('do-not-echo');

    // A string is trimmed before it is validated: blank is empty.
    expect(await emitWithAck(alice, 'chat:send', { text: '   ' })).toEqual({
      ok: false,
      error: { status: 'error', message: 'validation failed', errors: ['text should not be empty'] },
    });
    // An event without fields takes an empty object or nothing, never a primitive.
    expect(await emitWithAck(alice, 'ping', {})).toMatchObject({ ok: true, from: alice.id });
    expect(await emitWithAck(alice, 'ping')).toMatchObject({ ok: true, from: alice.id });
    for (const primitive of [42, 'x', true, [1]]) {
      expect(await emitWithAck(alice, 'ping', primitive)).toEqual({
        ok: false,
        error: { status: 'error', message: 'validation failed', errors: ['the payload must be an object'] },
      });
    }

    const atBob = waitForEvent<Record<string, unknown>>(bob, 'typing');
    const atAlice = collectEvents(alice, 'typing', SILENCE_MS);
    alice.emit('typing', { draft: true });
    expect(await atBob).toEqual({ draft: true, from: alice.id });
    expect(await atAlice).toEqual([]);
    alice.close();
    bob.close();
    expect(app.output()).toContain('ChatGateway subscribed to the "chat:send" message');
    expect(app.exited()).toBe(false);
  });
});
