/**
 * add-namespace end to end on real Nest 11 and Nest 12 projects: a static namespace and a dynamic
 * (RegExp) one from the packed CLI; children of the dynamic namespace are reachable, authenticated
 * like any gateway, and a broadcast through client.nsp stays inside its child.
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

describe.each([11, 12] as NestMajor[])('add-namespace on a real Nest %i project', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const sh = (cmd: string, args: string[], allowFailure = false) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000, allowFailure });

  beforeAll(async () => {
    project = await freshProject(major, `add-namespace-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
  });

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('adds /admin and the dynamic tenant namespace; a duplicate namespace is exit 1; the project builds', async () => {
    await sh('npx', ['ws-scaffold', 'add-namespace', 'admin']);
    await sh('npx', ['ws-scaffold', 'add-namespace', 'tenant', '--pattern', '^/tenant-[a-z0-9]+$']);
    expect((await sh('npx', ['ws-scaffold', 'add-namespace', 'tenant', '--pattern', '^/tenant-[a-z0-9]+$'])).stdout).toContain('Nothing to do');
    const duplicate = await sh('npx', ['ws-scaffold', 'add-gateway', 'backoffice', '--namespace', '/admin'], true);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('namespace /admin is already served by AdminGateway');
    const registry = readFileSync(join(project.dir, 'src/websockets/namespaces.ts'), 'utf8');
    expect(registry).toContain("gateway: 'AdminGateway'");
    expect(registry).toContain("gateway: 'TenantGateway'");

    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await sh('npx', ['prettier', '--check', 'src/admin', 'src/tenant', 'src/websockets', 'src/app.module.ts', 'test']);
    await expectLintClean(sh, major, ['src/admin', 'src/tenant', 'src/websockets', 'test']);
    const spec = major === 11 ? await sh('npx', ['jest', 'src/tenant']) : await sh('npx', ['vitest', 'run', 'src/tenant']);
    expectSpecsPassed(spec, project.dir, ['src/tenant'], 5);
    // nest new's and /admin's (a dynamic namespace has no e2e spec).
    await expectE2eSpecsPassed(sh, project.dir, 5);
    await sh('npm', ['run', 'build']);
  });

  it('real clients: children are reachable and authenticated, a broadcast stays in its child, /admin answers', async () => {
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'tok=alice,tok2=bob,tok3=carol' } });
    const connect = (ns: string, token: string) => connectClient(app!.url, ns, { auth: { token } });
    const [a1, a2, b1] = await Promise.all([connect('/tenant-a', 'tok'), connect('/tenant-a', 'tok2'), connect('/tenant-b', 'tok3')]);

    expect(await emitWithAck(b1, 'message', { text: 'hi b' })).toMatchObject({ ok: true, from: b1.id, text: 'hi b' });
    const atA2 = waitForEvent(a2, 'announce');
    const silent = [a1, b1].map((s) => collectEvents(s, 'announce', SILENCE_MS));
    a1.emit('announce', { text: 'tenant a only' });
    expect(await atA2).toEqual({ text: 'tenant a only', from: a1.id });
    for (const got of await Promise.all(silent)) expect(got).toEqual([]);

    // The parent's middleware reaches every child: no token, no connection.
    await expect(connectClient(app.url, '/tenant-c')).rejects.toThrow(/unauthorized.*missing token/);
    await expect(connect('/tenant-', 'tok')).rejects.toThrow(/Invalid namespace/);
    const admin = await connect('/admin', 'tok');
    expect(await emitWithAck(admin, 'message', { text: 'hello admin' })).toMatchObject({ ok: true, text: 'hello admin' });

    for (const s of [a1, a2, b1, admin]) s.close();
    expect(app.output()).toContain('serving namespaces matching /^\\/tenant-[a-z0-9]+$/');
    expect(app.exited()).toBe(false);
  });
});
