/**
 * add-gateway end to end, as a user runs it: our `npm pack` tarball installed into a project made
 * by the real `nest new` (Nest 11 on Node 20, Nest 12 on Node 24), `npx ws-scaffold add-gateway
 * chat`, then the project's own type-check, build and test runner, then the booted app answering
 * a real socket.io client.
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
import { snapshotTree } from '../support/projects';

describe.each([11, 12] as NestMajor[])('add-gateway on a real Nest %i project', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const sh = (cmd: string, args: string[], timeoutMs = 300_000) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs });

  beforeAll(async () => {
    project = await freshProject(major, `add-gateway-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
  });

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('adds the gateway through `npx ws-scaffold`, installing the socket.io packages', async () => {
    const result = await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
    expect(result.stdout).toContain('CREATE src/chat/chat.gateway.ts');
    expect(result.stdout).toContain(`CREATE src/chat/chat.gateway.spec.ts`);
    expect(result.stdout).toContain('CREATE test/chat.gateway.e2e-spec.ts');
    expect(result.stdout).toContain('UPDATE src/app.module.ts');
    expect(result.stdout).toContain('Installed dependencies (npm install).');
    const pkg = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@nestjs/websockets']).toBe(`^${major}.0.0`);
    expect(pkg.dependencies['@nestjs/platform-socket.io']).toBe(`^${major}.0.0`);
    const installed = JSON.parse(readFileSync(join(project.dir, 'node_modules/@nestjs/websockets/package.json'), 'utf8'));
    expect(installed.version.split('.')[0]).toBe(String(major));
    const module = readFileSync(join(project.dir, 'src/app.module.ts'), 'utf8');
    expect(module).toContain(`import { ChatGateway } from './chat/chat.gateway${major === 12 ? '.js' : ''}';`);
    expect(module).toContain('providers: [AppService, ChatGateway]');
    expect(module).toContain('imports: [WebsocketsModule]');
    expect(readFileSync(join(project.dir, 'src/main.ts'), 'utf8')).toContain('app.useWebSocketAdapter(new SecureIoAdapter(app));');
  });

  it('changes nothing on a second identical run, and says so', async () => {
    const before = snapshotTree(join(project.dir, 'src'));
    const packageJson = readFileSync(join(project.dir, 'package.json'), 'utf8');
    const result = await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
    expect(result.stdout).toContain('Nothing to do');
    expect(snapshotTree(join(project.dir, 'src'))).toEqual(before);
    expect(readFileSync(join(project.dir, 'package.json'), 'utf8')).toBe(packageJson);
  });

  it("passes the project's own type-check, lint, build and prettier check", async () => {
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await sh('npx', ['prettier', '--check', 'src/chat', 'src/websockets', 'src/app.module.ts', 'src/main.ts', 'test', 'package.json']);
    await expectLintClean(sh, major, ['src/chat', 'src/websockets', 'src/app.module.ts', 'test']);
    await sh('npm', ['run', 'build']);
  });

  it(`passes the generated spec under the project's own runner (${major === 11 ? 'jest' : 'vitest'})`, async () => {
    const result = major === 11 ? await sh('npx', ['jest', 'src/chat']) : await sh('npx', ['vitest', 'run', 'src/chat']);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toMatch(/chat\.gateway\.spec\.ts/);
    expectSpecsPassed(result, project.dir, ['src/chat'], 5);
  });

  it("passes the project's own npm run test:e2e: nest new's spec and the gateway's (the real app, real clients)", async () => {
    // The gateway's: the ack, a failure through the ack, a missing and a bad token, a foreign Origin.
    await expectE2eSpecsPassed(sh, project.dir, 5);
  });

  it('boots, and a real socket.io client on /chat gets the ack back', async () => {
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'e2e-token=e2e-user' } });
    const socket = await connectClient(app.url, '/chat', { auth: { token: 'e2e-token' } });
    const ack = await emitWithAck<Record<string, unknown>>(socket, 'message', { text: '  hello  ' });
    expect(ack).toMatchObject({ ok: true, from: socket.id, text: 'hello' });
    expect(Date.parse(String(ack.receivedAt))).not.toBeNaN();

    // A failed request answers through its ack; one sent without an ack gets `exception`, naming its event.
    const failed = await emitWithAck<Record<string, unknown>>(socket, 'message', { text: 42, extra: 'x' });
    expect(failed).toEqual({
      ok: false,
      error: { status: 'error', message: 'validation failed', errors: expect.arrayContaining(['text must be a string', 'property extra should not exist']) },
    });
    const exception = waitForEvent<Record<string, unknown>>(socket, 'exception');
    socket.emit('message', { text: 42, extra: 'x' });
    expect(await exception).toEqual({
      status: 'error',
      message: 'validation failed',
      errors: expect.arrayContaining(['text must be a string', 'property extra should not exist']),
      event: 'message',
    });
    socket.close();

    await expect(connectClient(app.url, '/nope')).rejects.toThrow(/Invalid namespace/);
    expect(app.exited()).toBe(false);
    expect(app.output()).toContain('ChatGateway subscribed to the "message" message');
  });

  it('a handler returning a stream of { event, data }: each is emitted, and the stream stops when its client leaves', async () => {
    await app?.stop();
    const file = join(project.dir, 'src/chat/chat.gateway.ts');
    const gateway = readFileSync(file, 'utf8');
    const anchor = '  /** Answers through the ack: a returned `{ event, data }` would skip it. */';
    expect(gateway).toContain(anchor);
    const ticks = [
      "  @SubscribeMessage('ticks')",
      '  ticks() {',
      "    return interval(20).pipe(map((n) => ({ event: 'tick', data: n })), finalize(() => this.logger.log('ticks stopped')));",
      '  }',
      '',
      '',
    ].join('\n');
    writeFileSync(file, `import { finalize, interval, map } from 'rxjs';\n${gateway.replace(anchor, ticks + anchor)}`);
    await sh('npm', ['run', 'build']);
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'e2e-token=e2e-user' } });
    const socket = await connectClient(app.url, '/chat', { auth: { token: 'e2e-token' } });
    const received = collectEvents(socket, 'tick', 500);
    socket.emit('ticks');
    expect((await received).length).toBeGreaterThan(2);
    expect(app.output()).not.toContain('ticks stopped');
    socket.close();
    const deadline = Date.now() + 5_000;
    while (!app.output().includes('ticks stopped') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.output()).toContain('ticks stopped');
    expect(app.exited()).toBe(false);
  });
});
