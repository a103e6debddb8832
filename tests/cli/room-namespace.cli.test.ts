import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

/** The built CLI in a separate process, no terminal: as scripts and CI run it. */
const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
const cli = (args: string[], cwd: string) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(() => {
  const commands = readFileSync(join(__dirname, '..', '..', 'dist', 'generators', 'commands.js'), 'utf8');
  for (const command of ['roomCommand', 'namespaceCommand', 'clientCommand']) expect(commands).toContain(command);
});

describe('ws-scaffold add-room, add-namespace, add-client', () => {
  it('--help of each lists its options and examples', () => {
    expect(cli(['add-room', '--help'], process.cwd()).stdout).toMatch(/--pattern <pattern>[\s\S]*Examples:/);
    expect(cli(['add-namespace', '--help'], process.cwd()).stdout).toMatch(/--pattern <regex>[\s\S]*exit 1/);
    expect(cli(['add-client', '--help'], process.cwd()).stdout).toContain('--gateway <name|file>');
    expect(cli(['--help'], process.cwd()).stdout).toMatch(/add-event[\s\S]*add-room[\s\S]*add-namespace[\s\S]*add-client/);
  });

  it('add-room writes the room, then has nothing to do; bad input exits 1 with zero bytes changed', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    expect(cli(['add-gateway', 'chat', '--skip-install'], root).code).toBe(0);
    const first = cli(['add-room', 'project', '--gateway', 'chat'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('UPDATE src/chat/chat.gateway.ts');
    expect(first.stdout).toContain('canJoin()');
    const after = snapshotTree(root);
    expect(cli(['add-room', 'project', '--gateway', 'chat'], root).stdout).toContain('Nothing to do');
    const bad = cli(['add-room', 'project', '--gateway', 'chat', '--pattern', 'p:{id'], root);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--pattern p:{id');
    // Without --gateway: the only gateway, where the room already is.
    expect(cli(['add-room', 'project'], root).stdout).toContain('Nothing to do');
    expect(snapshotTree(root)).toEqual(after);
  });

  it('add-namespace: static and dynamic, --json; a namespace already served exits 1', () => {
    const root = makeProject(FIXTURES['esm-vitest']);
    const json = JSON.parse(cli(['add-namespace', 'tenant', '--pattern', '^/tenant-[a-z0-9]+$', '--skip-install', '--json'], root).stdout);
    expect(json).toMatchObject({ ok: true, command: 'add-namespace', applied: true, exitCode: 0 });
    expect(json.changes.map((c: { path: string }) => c.path)).toEqual(expect.arrayContaining(['src/tenant/tenant.gateway.ts', 'src/websockets/namespaces.ts']));
    expect(cli(['add-namespace', 'admin', '--skip-install'], root).code).toBe(0);
    const before = snapshotTree(root);
    const taken = cli(['add-gateway', 'backoffice', '--namespace', '/admin', '--skip-install'], root);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('namespace /admin is already served by AdminGateway');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('add-client writes the typed helper once', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    expect(cli(['add-gateway', 'chat', '--skip-install'], root).code).toBe(0);
    const first = cli(['add-client', '--gateway', 'chat', '--skip-install'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('CREATE src/chat/chat.client.ts');
    expect(cli(['add-client', '--gateway', 'chat', '--skip-install'], root).stdout).toContain('Nothing to do');
  });
});
