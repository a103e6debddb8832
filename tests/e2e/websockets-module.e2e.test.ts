/**
 * WebsocketsModule on a project shaped the way Nest teams write them: the real `nest new` (Nest 11
 * and 12), @nestjs/config loading a .env file, @nestjs/jwt, and a feature module made by
 * `nest g module chat` for the gateway. The settings must come through ConfigService (the .env
 * file only, nothing in the process environment), tokens must be checked by the app's JwtService,
 * and the rate limit of WebsocketsModule must reach a guard in the feature module.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootApp,
  connectClient,
  emitWithAck,
  expectLintClean,
  expectSpecsPassed,
  freshProject,
  packedTarball,
  run,
  type BootedApp,
  type FreshProject,
  type NestMajor,
} from './support';

const SECRET = 'secret-from-dotenv';
const ORIGIN = 'https://app.example.test';

/** An HS256 JWT, signed here: the app's JwtService is what checks it. */
function jwt(payload: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat: Math.floor(Date.now() / 1000), ...payload })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe.each([11, 12] as NestMajor[])('WebsocketsModule on a Nest %i project with @nestjs/config, @nestjs/jwt and a feature module', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const sh = (cmd: string, args: string[], timeoutMs = 300_000) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs });
  const read = (path: string) => readFileSync(join(project.dir, path), 'utf8');
  const suffix = major === 12 ? '.js' : '';

  beforeAll(async () => {
    project = await freshProject(major, `websockets-module-${major}`);
    // The releases made for this major, as its teams have them (the 12.x ones are ESM only).
    const integrations = major === 11 ? ['@nestjs/config@^4', '@nestjs/jwt@^11'] : ['@nestjs/config@^12', '@nestjs/jwt@^12'];
    await sh('npm', ['install', '--no-audit', '--no-fund', ...integrations]);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
    await sh('npx', ['nest', 'g', 'module', 'chat']);
    const appModule = read('src/app.module.ts');
    writeFileSync(
      join(project.dir, 'src/app.module.ts'),
      `import { ConfigModule } from '@nestjs/config';\n${appModule.replace(/imports: \[/, 'imports: [ConfigModule.forRoot(), ')}`,
    );
    writeFileSync(join(project.dir, '.env'), `WS_JWT_SECRET=${SECRET}\nWS_ALLOWED_ORIGINS=${ORIGIN}\n`);
  });

  afterAll(async () => {
    await app?.stop();
    await project?.cleanup();
  });

  it('puts the gateway in the feature module and the shared providers in WebsocketsModule, imported once in AppModule', async () => {
    await sh('npx', ['ws-scaffold', 'add-gateway', 'chat', '--throttle']);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'news', '--path', 'chat', '--flat']);
    expect(read('src/chat/chat.module.ts')).toMatch(/providers: \[ChatGateway, NewsGateway\]/);
    expect(read('src/chat/chat.module.ts')).not.toMatch(/WsAuthVerifier|ThrottlerModule/);
    const appModule = read('src/app.module.ts');
    expect(appModule).toContain(`import { WebsocketsModule } from './websockets/websockets.module${suffix}';`);
    expect(appModule.match(/\bWebsocketsModule\b/g)).toHaveLength(2);
    const kit = read('src/websockets/websockets.module.ts');
    expect(kit).toMatch(/imports: \[\s*ConfigModule,\s*JwtModule\.register\(\{\}\),\s*ThrottlerModule\.forRoot\(/);
    expect(read('src/websockets/ws.config.ts')).toContain('private readonly config?: ConfigService');
    expect(read('src/chat/chat.gateway.ts')).toContain('@UseFilters(WsExceptionsFilter)');
  });

  it("passes the project's type-check, lint, build, its own specs, and check", async () => {
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await expectLintClean(sh, major, ['src/chat', 'src/websockets', 'src/app.module.ts']);
    await sh('npm', ['run', 'build']);
    const specs = major === 11 ? await sh('npx', ['jest', 'src/chat']) : await sh('npx', ['vitest', 'run', 'src/chat']);
    expectSpecsPassed(specs, project.dir, ['src/chat'], 10);
    await sh('npx', ['ws-scaffold', 'check']);
  });

  it('boots with the settings of .env only: a token signed with its secret and its Origin get in; the rest is refused', async () => {
    // Nothing WS_ in the environment: only ConfigService, reading .env, knows the secret and the origin.
    const env = Object.fromEntries(Object.entries(project.env).filter(([name]) => !name.startsWith('WS_')));
    app = await bootApp(project.dir, env);
    const token = jwt({ sub: 'user-1' }, SECRET);
    const socket = await connectClient(app.url, '/chat', { auth: { token }, extraHeaders: { origin: ORIGIN } });
    expect(await emitWithAck(socket, 'message', { text: 'hello' })).toMatchObject({ ok: true, text: 'hello' });

    // The limit of WebsocketsModule's ThrottlerModule (20 a second) holds for the gateway of ChatModule.
    const answers = await Promise.all(Array.from({ length: 30 }, () => emitWithAck<{ ok: boolean; error?: { message: string } }>(socket, 'message', { text: 'x' })));
    expect(answers.filter((a) => a.ok)).toHaveLength(19);
    expect(answers.find((a) => !a.ok)?.error?.message).toBe('too many messages');
    socket.close();

    await expect(connectClient(app.url, '/chat', { auth: { token: jwt({ sub: 'user-1' }, 'another-secret') }, extraHeaders: { origin: ORIGIN } })).rejects.toThrow(/invalid token/);
    await expect(connectClient(app.url, '/chat', { auth: { token }, extraHeaders: { origin: 'http://localhost:3000' } })).rejects.toThrow(/websocket error/);
    await expect(connectClient(app.url, '/news', { auth: { token }, extraHeaders: { origin: ORIGIN } })).resolves.toBeDefined();
    expect(app.exited()).toBe(false);
  });
});
