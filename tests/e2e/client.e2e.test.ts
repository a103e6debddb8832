/**
 * add-client end to end on real Nest 11 and Nest 12 projects: the typed helper compiles with the
 * project (strict ESM on Nest 12), its compiled form has no imports at all, and a real
 * socket.io-client connects through it and gets the ack.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, emitWithAck, expectE2eSpecsPassed, expectLintClean, freshProject, packedTarball, run, type BootedApp, type FreshProject, type NestMajor } from './support';

describe.each([11, 12] as NestMajor[])('add-client on a real Nest %i project', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const sh = (cmd: string, args: string[]) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000 });

  beforeAll(async () => {
    project = await freshProject(major, `add-client-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
  });

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('writes chat.client.ts, which type-checks and builds with the project and imports nothing at runtime', async () => {
    expect((await sh('npx', ['ws-scaffold', 'add-client', '--gateway', 'chat'])).stdout).toContain('CREATE src/chat/chat.client.ts');
    // Front-end code on the typed socket: the ack's failure and the exception event are typed,
    // and an event the server never sends does not compile.
    writeFileSync(
      join(project.dir, 'src/front-end-usage.ts'),
      [
        `import type { ChatSocket } from './chat/chat.client${major === 12 ? '.js' : ''}';`,
        '',
        'export async function send(socket: ChatSocket): Promise<string> {',
        "  socket.on('exception', (error) => console.warn(error.event, error.message, error.errors ?? []));",
        '  // @ts-expect-error: the server sends no such event',
        "  socket.on('no-such-event', () => undefined);",
        "  const answer = await socket.emitWithAck('message', { text: 'hi' });",
        '  return answer.ok ? answer.text : answer.error.message;',
        '}',
        '',
      ].join('\n'),
    );
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await sh('npx', ['prettier', '--check', 'src/chat']);
    await expectLintClean(sh, major, ['src/chat']);
    await sh('npm', ['run', 'build']);
    // The typed client in src/ leaves the project's e2e run as it was.
    await expectE2eSpecsPassed(sh, project.dir, 5);
    const compiled = readFileSync(join(project.dir, 'dist/chat/chat.client.js'), 'utf8');
    expect(compiled).not.toMatch(/\brequire\(|^import /m);
  });

  it('a real socket.io-client connects through connectChat() and gets the ack', async () => {
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'tok=alice' } });
    const helper = (await import(pathToFileURL(join(project.dir, 'dist/chat/chat.client.js')).href)) as {
      connectChat: (connect: typeof io, baseUrl: string, token: string, options?: object) => ReturnType<typeof io>;
      CHAT_CLIENT_NAMESPACE: string;
    };
    expect(helper.CHAT_CLIENT_NAMESPACE).toBe('/chat');
    const socket = helper.connectChat(io, `${app.url}/`, 'tok', { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(await emitWithAck(socket, 'message', { text: 'typed' })).toMatchObject({ ok: true, text: 'typed' });
    socket.close();
  });
});
