/**
 * The schematics front end through the real Nest CLI 11 (Node 20) and 12 (Node 24), and through the
 * schematics CLI, on projects made by `nest new` with our packed tarball installed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSpecsPassed, freshProject, packedTarball, run, type FreshProject, type NestMajor } from './support';
import { snapshotTree } from '../support/projects';

describe.each([11, 12] as NestMajor[])('nest g with ws-scaffold on Nest %i', (major) => {
  let project: FreshProject;
  const sh = (cmd: string, args: string[], timeoutMs = 300_000) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs });
  const exists = (path: string) => existsSync(join(project.dir, path));
  const nestCli = () => JSON.parse(readFileSync(join(project.dir, 'nest-cli.json'), 'utf8'));

  beforeAll(async () => {
    project = await freshProject(major, `schematics-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
  });

  afterAll(async () => {
    await project?.cleanup();
  });

  it('-c ws-scaffold --dry-run prints the plan and writes nothing', async () => {
    const before = snapshotTree(join(project.dir, 'src'));
    const result = await sh('npx', ['nest', 'g', 'ws-gateway', 'chat', '-c', 'ws-scaffold', '--dry-run']);
    const output = stripVTControlCharacters(result.stdout); // Nest 11 colours regardless of NO_COLOR
    expect(output).toMatch(/CREATE src\/chat\/chat\.gateway\.ts/);
    expect(output).toMatch(/UPDATE src\/app\.module\.ts/);
    expect(snapshotTree(join(project.dir, 'src'))).toEqual(before);
  });

  it('-c ws-scaffold writes the same gateway as the CLI, registered and installed', async () => {
    await sh('npx', ['nest', 'g', 'ws-gateway', 'chat', '-c', 'ws-scaffold']);
    const gateway = readFileSync(join(project.dir, 'src/chat/chat.gateway.ts'), 'utf8');
    expect(gateway).toContain("export const CHAT_NAMESPACE = '/chat';");
    expect(readFileSync(join(project.dir, 'src/app.module.ts'), 'utf8')).toContain('providers: [AppService, ChatGateway]');
    expect(exists('node_modules/@nestjs/websockets/package.json')).toBe(true);

    // The standalone CLI agrees there is nothing left to do: both front ends plan the same files.
    const cli = await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
    expect(cli.stdout).toContain('Nothing to do');
  });

  it('nest g ws-event and nest g ws-room, which cannot be told the gateway, use the only one; check agrees', async () => {
    await sh('npx', ['nest', 'g', 'ws-event', 'typing', '-c', 'ws-scaffold']);
    await sh('npx', ['nest', 'g', 'ws-room', 'project', '-c', 'ws-scaffold']);
    const gateway = readFileSync(join(project.dir, 'src/chat/chat.gateway.ts'), 'utf8');
    for (const event of ['typing', 'project:join', 'project:leave', 'project:message']) expect(gateway).toContain(`@SubscribeMessage('${event}')`);
    expect((await sh('npx', ['ws-scaffold', 'check'])).stdout).toContain('In sync: 3 artefact(s)');
  });

  it('ws-scaffold init makes it the default collection; nest keeps working', async () => {
    await sh('npx', ['ws-scaffold', 'init']);
    expect(nestCli().collection).toBe('ws-scaffold');
    const version = await sh('npx', ['nest', '--version']);
    expect(version.stdout.trim()).toMatch(new RegExp(`^${major}\\.`));
  });

  it('nest g --help lists ours and the built-ins', async () => {
    const help = await sh('npx', ['nest', 'g', '--help']);
    expect(help.stdout).toMatch(/ws-gateway\s+│?\s*wsg/);
    expect(help.stdout).toMatch(/\bgateway\s+│?\s*ga\b/);
  });

  it('nest g wsg works without -c, and the built-in nest g gateway still works (extends)', async () => {
    await sh('npx', ['nest', 'g', 'wsg', 'live']);
    expect(exists('src/live/live.gateway.ts')).toBe(true);
    await sh('npx', ['nest', 'g', 'gateway', 'legacy', '--no-spec']);
    expect(exists('src/legacy/legacy.gateway.ts')).toBe(true);
    const module = readFileSync(join(project.dir, 'src/app.module.ts'), 'utf8');
    expect(module).toMatch(/providers: \[AppService, ChatGateway, LiveGateway, LegacyGateway\]/);
  });

  it('the schematics CLI forwards options nest g cannot (--namespace)', async () => {
    await sh('npx', ['schematics', 'ws-scaffold:ws-gateway', '--name=events', '--namespace=/live-events', '--source-root=src', '--skip-install']);
    expect(readFileSync(join(project.dir, 'src/events/events.gateway.ts'), 'utf8')).toContain("export const EVENTS_NAMESPACE = '/live-events';");
  });

  it('nest g ws-namespace adds a gateway on its own namespace, listed in the registry', async () => {
    await sh('npx', ['nest', 'g', 'ws-namespace', 'admin']);
    expect(readFileSync(join(project.dir, 'src/admin/admin.gateway.ts'), 'utf8')).toContain("export const ADMIN_NAMESPACE = '/admin';");
    expect(readFileSync(join(project.dir, 'src/websockets/namespaces.ts'), 'utf8')).toContain("{ namespace: '/admin', gateway: 'AdminGateway' }");
    expect(readFileSync(join(project.dir, 'src/app.module.ts'), 'utf8')).toContain('AdminGateway');
  });

  it('the result compiles and the generated specs pass', async () => {
    // the built-in stub is `client: any`: compile and test ours, which is the point
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    const specs = ['src/chat', 'src/live', 'src/events'];
    const result = major === 11 ? await sh('npx', ['jest', ...specs]) : await sh('npx', ['vitest', 'run', ...specs]);
    // Three gateways' specs, and those of the event and the room nest g added.
    expectSpecsPassed(result, project.dir, specs, 21);
  });

  it('nest g ws-adapter takes the kind through --type; the ws kind is refused in one line while socket.io gateways exist', async () => {
    const before = snapshotTree(join(project.dir, 'src'));
    const planned = stripVTControlCharacters((await sh('npx', ['nest', 'g', 'ws-adapter', '--type', 'redis-streams', '-c', 'ws-scaffold', '--dry-run'])).stdout);
    expect(planned).toMatch(/CREATE src\/websockets\/redis-streams-io\.adapter\.ts/);
    expect(planned).toMatch(/UPDATE src\/main\.ts/);
    const refused = await sh('npx', ['nest', 'g', 'ws-adapter', '--type', 'ws', '-c', 'ws-scaffold']);
    expect(`${refused.stdout}\n${refused.stderr}`).toMatch(/ws-scaffold: add-adapter ws: this app has socket\.io gateways \([^)]*gateway chat[^)]*\) that would stop working on ws/);
    expect(snapshotTree(join(project.dir, 'src'))).toEqual(before);
  });

  it('a refused module shape prints one clear line and changes nothing, although nest g exits 0', async () => {
    const refused = "import { Module } from '@nestjs/common';\n\nconst metadata = { providers: [] };\n\n@Module(metadata)\nexport class AppModule {}\n";
    writeFileSync(join(project.dir, 'src/app.module.ts'), refused);
    const before = snapshotTree(join(project.dir, 'src'));
    const result = await sh('npx', ['nest', 'g', 'ws-gateway', 'orders']);
    expect(`${result.stdout}\n${result.stderr}`).toContain('ws-scaffold refused: src/app.module.ts:5: @Module(metadata) is not an object literal');
    expect(snapshotTree(join(project.dir, 'src'))).toEqual(before);

    await sh('npx', ['ws-scaffold', 'init', '--remove']);
    expect(nestCli().collection).toBe('@nestjs/schematics');
  });
});
